"""Answers given before a client had a login, and the login that later takes them up
(docs/security.md, "Answers entered for a client"): when the client accepts their invitation,
the answers entered for them (paper, phone, the room, an import) become their login's in the same
transaction, audited; nobody else's acceptance ever gets them, and erasure takes them all."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client as Browser
from django.utils import timezone

from tandem.accounts.actions import invite_person
from tandem.accounts.models import Invitation, User
from tandem.audit.models import AuditEvent
from tandem.care.actions import invite_client
from tandem.care.erasure import erase_client
from tandem.care.models import Client, Episode, Session
from tandem.measures.actions import submit_response
from tandem.measures.models import Response

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "dee's own new password"


def path_of(link: str) -> str:
    return re.search(r"(/accounts/invite/[^/]+/)", link).group(1)  # type: ignore[union-attr]


def accept(link: str) -> Any:
    browser = Browser()
    browser.post(path_of(link), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    return browser


def client_with_answers(people: Any, name: str, therapist: Any = None) -> Client:
    """A client never invited, with a PHQ-9 entered from paper and a session scale given on the
    therapist's device in the room."""
    therapist = therapist or people.therapist
    who = Client.objects.create(practice=people.practice, display_name=name, therapist=therapist)
    episode = Episode.objects.create(
        client=who, therapist=therapist, number=1, started_on=date(2025, 1, 6)
    )
    session = Session.objects.create(episode=episode, number=1, date=date(2025, 1, 13))
    submit_response(
        therapist,
        episode,
        "phq9",
        {f"q{i}": 1 for i in range(1, 10)},
        session=session,
        method=Response.PAPER,
    )
    submit_response(
        therapist,
        episode,
        "partnership",
        {"heard": 8, "focus": 8, "fit": 8, "together": 8, "takeaway": 8},
        session=session,
        method=Response.ROOM,
    )
    return who


def answers_of(who: Client) -> Any:
    return Response.objects.filter(episode__client=who)


def test_accepting_gives_the_client_their_earlier_answers_audited(people: Any) -> None:
    dee = client_with_answers(people, "Dee P.")
    assert set(answers_of(dee).values_list("respondent_id", flat=True)) == {None}
    sent = invite_client(people.therapist, dee, "dee@example.org")
    # Invited, not yet taken up: still nobody's.
    assert set(answers_of(dee).values_list("respondent_id", flat=True)) == {None}
    browser = accept(sent.link)
    login = User.objects.get(email="dee@example.org")
    assert set(answers_of(dee).values_list("respondent_id", flat=True)) == {login.pk}
    link = AuditEvent.objects.get(action="responses.link")
    assert (link.actor_id, link.client_id, link.detail) == (login.pk, dee.pk, {"responses": 2})
    # Her progress page now lists the answers her therapist typed in (not the room's: she typed
    # those herself).
    page = browser.get("/portal/progress/").content.decode()
    assert "entered by your therapist from paper" in page


def test_another_clients_acceptance_never_gets_them(people: Any) -> None:
    dee = client_with_answers(people, "Dee P.")
    eve = client_with_answers(people, "Eve Q.")
    accept(invite_client(people.therapist, eve, "eve@example.org").link)
    eve_login = User.objects.get(email="eve@example.org")
    assert set(answers_of(eve).values_list("respondent_id", flat=True)) == {eve_login.pk}
    assert set(answers_of(dee).values_list("respondent_id", flat=True)) == {None}
    # Ada's own answers (given in the portal) stay hers.
    own = submit_response(
        people.client_user,
        people.episode,
        "gad7",
        {f"q{i}": 1 for i in range(1, 8)},
        session=people.session,
    ).response
    own.refresh_from_db()
    assert own.respondent == people.client_user


def test_a_staff_invitation_or_a_role_offer_gets_nothing(people: Any) -> None:
    dee = client_with_answers(people, "Dee P.")
    accept(invite_person(people.admin, people.practice, "new@harbour.test", "therapist").link)
    assert set(answers_of(dee).values_list("respondent_id", flat=True)) == {None}
    assert not AuditEvent.objects.filter(action="responses.link").exists()


def test_an_expired_or_used_link_gives_nothing(people: Any) -> None:
    dee = client_with_answers(people, "Dee P.")
    sent = invite_client(people.therapist, dee, "dee@example.org")
    Invitation.objects.filter(user__email="dee@example.org").update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    accept(sent.link)
    assert set(answers_of(dee).values_list("respondent_id", flat=True)) == {None}


def test_a_corrected_address_gives_them_to_the_new_login_only(people: Any) -> None:
    dee = client_with_answers(people, "Dee P.")
    first = invite_client(people.therapist, dee, "dee@old.example")
    second = invite_client(people.therapist, dee, "dee@example.org")
    accept(first.link)  # the old link opens nothing: its login was deleted with the correction
    assert not User.objects.filter(email="dee@old.example").exists()
    assert set(answers_of(dee).values_list("respondent_id", flat=True)) == {None}
    accept(second.link)
    login = User.objects.get(email="dee@example.org")
    assert set(answers_of(dee).values_list("respondent_id", flat=True)) == {login.pk}


def test_answers_entered_after_sign_up_are_the_login_s_at_once(people: Any) -> None:
    dee = client_with_answers(people, "Dee P.")
    accept(invite_client(people.therapist, dee, "dee@example.org").link)
    login = User.objects.get(email="dee@example.org")
    episode = Episode.objects.get(client_id=dee.pk)  # as a page loads it, after the sign-up
    session = Session.objects.create(episode=episode, number=2, date=date(2025, 1, 20))
    later = submit_response(
        people.therapist,
        episode,
        "gad7",
        {f"q{i}": 1 for i in range(1, 8)},
        session=session,
        method=Response.PHONE,
    ).response
    assert later.respondent == login


@pytest.mark.parametrize("signed_up", [False, True])
def test_erasure_takes_every_answer_given_for_the_client(people: Any, signed_up: bool) -> None:
    dee = client_with_answers(people, "Dee P.")
    eve = client_with_answers(people, "Eve Q.")
    if signed_up:
        accept(invite_client(people.therapist, dee, "dee@example.org").link)
    erase_client(people.admin, dee, "Dee P.")
    assert not Response.objects.filter(episode__client_id=dee.pk).exists()
    assert answers_of(eve).count() == 2
    assert not User.objects.filter(email="dee@example.org").exists()


@pytest.mark.parametrize("who", ["colleague", "supervisor", "admin", "outsider", "client_user"])
def test_nobody_but_the_therapist_enters_or_hands_over_for_a_client_without_a_login(
    people: Any, who: str
) -> None:
    from tandem.errors import ActionError
    from tandem.room.models import Handover

    dee = client_with_answers(people, "Dee P.")
    episode = Episode.objects.get(client_id=dee.pk)
    session = Session.objects.create(episode=episode, number=2, date=date(2025, 1, 20))
    person = getattr(people, who)
    with pytest.raises(ActionError):
        submit_response(
            person,
            episode,
            "gad7",
            {f"q{i}": 1 for i in range(1, 8)},
            session=session,
            method=Response.PHONE,
        )
    with pytest.raises(ActionError):
        submit_response(
            person,
            episode,
            "gad7",
            {f"q{i}": 1 for i in range(1, 8)},
            session=session,
            method=Response.ROOM,
        )
    browser = Browser()
    browser.force_login(person)
    form = {"method": "paper", **{f"q{i}": "1" for i in range(1, 8)}}
    assert browser.post(f"/sessions/{session.pk}/enter/gad7/", form).status_code in (302, 404)
    assert browser.post(f"/sessions/{session.pk}/hand-over/").status_code in (302, 404)
    assert not Response.objects.filter(session=session).exists()
    assert not Handover.objects.exists()
