"""A small world with one client's record full of canaries, and every kind of person around it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.test import Client as Browser

# Strings that may appear only where the person is entitled to see them.
NAME = "Ada L."  # the client's name: her therapist, a consented supervisor, the admin, herself
CLINICAL = (
    "kestrel-canary-4410"  # what she wrote and her goals: therapist, consented supervisor, herself
)
PRIVATE = "osprey-private-9902"  # the therapist's private reflection: the therapist alone

PERSONAS = (
    "anonymous",
    "client",
    "other_client",
    "therapist",
    "colleague",
    "supervisor_without_consent",
    "supervisor_with_consent",
    "admin",
    "outsider",
    "outsider_client",
)

SEES = {
    NAME: {"therapist", "supervisor_with_consent", "admin", "client"},
    CLINICAL: {"therapist", "supervisor_with_consent", "client"},
    PRIVATE: {"therapist"},
}


@dataclass
class World:
    people: Any
    objects: dict[str, Any]

    def user(self, persona: str) -> Any:
        p = self.people
        return {
            "anonymous": None,
            "client": p.client_user,
            "other_client": p.other_client_user,
            "therapist": p.therapist,
            "colleague": p.colleague,
            "supervisor_without_consent": p.supervisor,
            "supervisor_with_consent": p.supervisor,
            "admin": p.admin,
            "outsider": p.outsider,
            "outsider_client": p.outsider_client_user,
        }[persona]

    def browser(self, persona: str, csrf: bool = False) -> Browser:
        # Consent is the client's choice; set it to what this persona's row assumes.
        consent = persona == "supervisor_with_consent"
        if self.people.client.share_with_supervisor != consent:
            self.people.client.share_with_supervisor = consent
            self.people.client.save(update_fields=["share_with_supervisor"])
        browser = Browser(enforce_csrf_checks=csrf)
        user = self.user(persona)
        if user is not None:
            browser.force_login(user)
        return browser


def build_world(people: Any) -> World:
    from tandem.accounts.actions import invite_person
    from tandem.api.actions import create_token
    from tandem.care.models import Goal, PracticePlan
    from tandem.links.actions import create_link
    from tandem.measures.actions import submit_response
    from tandem.safety.models import RiskAlert

    people.client.display_name = NAME
    people.client.save()
    episode, session = people.episode, people.session
    goal = Goal.objects.create(episode=episode, text=f"Goal {CLINICAL}")
    plan = PracticePlan.objects.create(episode=episode, title=f"Plan {CLINICAL}")
    submit_response(
        people.client_user,
        episode,
        "partnership",
        {"heard": 7, "focus": 7, "fit": 7, "together": 7, "takeaway": 7, "next_time": CLINICAL},
        session=session,
    )
    submit_response(
        people.client_user,
        episode,
        "phq9",
        {**{f"q{i}": 1 for i in range(1, 9)}, "q9": 1},
        session=session,
    )
    submit_response(
        people.therapist,
        episode,
        "reflection",
        {"presence": 6, "learned": PRIVATE, "disclosed": 0},
        session=session,
    )
    alert = RiskAlert.objects.get(client=people.client)
    sent = invite_person(people.therapist, people.practice, "newcomer@harbour.test", "client")
    staff_sent = invite_person(
        people.admin, people.practice, "new.colleague@harbour.test", "therapist"
    )
    token, _ = create_token(people.therapist, people.therapist, "matrix")
    # A questionnaire link for Ada's session: its pages open for anyone holding it, and must
    # show none of her record (not even her name) to anyone.
    made = create_link(people.therapist, session, via="therapist")
    from django.utils import timezone

    from tandem.followup.models import FollowUp, ReturningRequest

    follow_up = FollowUp.objects.create(episode=episode, months=1, due_on=timezone.localdate())
    returning = ReturningRequest.objects.create(
        follow_up=follow_up, client=people.client, episode=episode, wants_to_talk=True
    )
    world = World(
        people,
        {
            "client": people.client.pk,
            "episode": episode.pk,
            "session": session.pk,
            "goal": goal.pk,
            "plan": plan.pk,
            "alert": alert.pk,
            "invite_token": sent.link.rstrip("/").rsplit("/", 1)[-1],
            "staff_invitation": staff_sent.invitation.pk,  # type: ignore[union-attr]
            "token": token.pk,
            "link": made.link.pk,
            "link_token": made.url.rstrip("/").rsplit("/", 1)[-1],
            "follow_up": follow_up.pk,
            "returning": returning.pk,
        },
    )
    return world
