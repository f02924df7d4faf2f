"""The practice admin's pages, the API tokens page, and the care pages not listed in pages.py
(tandem/accounts, care, api), for the untranslated-string check: see pages.py for how a page is
written."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import reverse

from tests.i18n.page import Page, Scene


def _after(
    address: str | Callable[[Scene], str],
    form: dict[str, str] | Callable[[Scene], dict[str, str]],
    then: str | Callable[[Scene], str],
) -> Callable[[Scene], str]:
    """Send ``form`` to ``address`` first, as the person signed in, then show ``then``: the page
    with the message the first answer left for it. The first answer must be a redirect, so that
    an action refused for another reason fails here rather than leave a page with nothing said."""

    def path(scene: Scene) -> str:
        sent = scene.browser.post(
            address(scene) if callable(address) else reverse(address),
            form(scene) if callable(form) else form,
        )
        assert sent.status_code == 302, (address, sent.status_code)
        return then(scene) if callable(then) else reverse(then)

    return path


def _people_page(scene: Scene) -> str:
    """An invitation waiting, two-factor required with colleagues still to set it up, and the
    fixture's supervision link."""
    from tandem.accounts import twofactor
    from tandem.accounts.actions import invite_person

    people = scene.people
    invite_person(
        people.admin, people.practice, "nia@harbour.test", "supervisor", full_name="Nia O."
    )
    twofactor.set_required(people.admin, True)
    return reverse("practice_people")


def _link_to_pass_on(scene: Scene) -> str:
    """What a server with no mail server shows after an invitation: the link, to copy."""
    from tandem.accounts.practice_views import LAST_LINK

    session = scene.browser.session
    session[LAST_LINK] = {
        "email": scene.people.colleague.email,
        "link": "https://tandem.test/i/abc/",
    }
    session.save()
    return reverse("practice_people")


def _an_invitation(scene: Scene) -> int:
    from tandem.accounts.actions import invite_person

    people = scene.people
    return invite_person(
        people.admin, people.practice, "nia@harbour.test", "therapist"
    ).invitation.pk


def _new_client(scene: Scene) -> Any:
    """A new client of the therapist's, not yet invited."""
    from tandem.care.actions import add_client

    scene.new_client = add_client(scene.people.therapist, "Dee M.")[0]  # type: ignore[attr-defined]
    return scene.new_client  # type: ignore[attr-defined]


def _practice_client(scene: Scene) -> str:
    return reverse("practice_client", args=[scene.people.client.pk])


def _assign(therapist: str) -> Callable[[Scene], str]:
    return _after(
        lambda s: reverse("practice_assign", args=[s.people.client.pk]),
        lambda s: {"therapist": str(getattr(s.people, therapist).pk)},
        _practice_client,
    )


def _erase(scene: Scene) -> str:
    return reverse("practice_erase_client", args=[scene.people.client.pk])


def _made_token(scene: Scene) -> dict[str, str]:
    """A token made, and an older one revoked, so the list shows both states."""
    from tandem.api.actions import create_token, revoke_token

    therapist = scene.people.therapist
    revoke_token(therapist, create_token(therapist, therapist, "R analysis")[0])
    return {"name": "Record sync", "password": "a-long-test-password"}


def _episode_page(scene: Scene) -> str:
    return reverse("client_detail", args=[scene.people.client.pk])


def _on_episode(name: str) -> Callable[[Scene], str]:
    return lambda s: reverse(name, args=[s.people.episode.pk])


def _a_goal(scene: Scene) -> Any:
    from tandem.care.actions import add_goal

    return add_goal(scene.people.therapist, scene.people.episode, "Sleep through the night")


def _a_plan(scene: Scene) -> Any:
    from tandem.care.actions import save_plan

    return save_plan(scene.people.therapist, scene.people.episode, "Walk after lunch")


def _risky_session(scene: Scene) -> str:
    """Session 1 with answers that raised a risk alert: it cannot be deleted."""
    from tandem.measures.actions import submit_response

    people = scene.people
    answers = {f"q{i}": 1 for i in range(1, 10)} | {"q9": 2}
    submit_response(people.client_user, people.episode, "phq9", answers, session=people.session)
    return reverse("delete_session", args=[people.session.pk])


def _ended(scene: Scene) -> str:
    from tandem.care.actions import end_episode

    end_episode(scene.people.therapist, scene.people.episode, "graduated")
    return reverse("new_episode", args=[scene.people.client.pk])


def _paused(scene: Scene) -> str:
    from tandem.care.actions import pause_episode

    pause_episode(scene.people.therapist, scene.people.episode, "")
    return reverse("resume_episode", args=[scene.people.episode.pk])


PRACTICE_ADMIN = [
    Page("practice: people, invitations, two-factor, supervision", _people_page, who="admin"),
    Page(
        "practice: an invitation with mistakes",
        "practice_invite",
        who="admin",
        post={"full_name": "", "email": "not-an-address", "role": "owner"},
        status=400,
    ),
    Page(
        "practice: an invitation sent",
        _after(
            "practice_invite",
            {"full_name": "Nia O.", "email": "nia@harbour.test", "role": "therapist"},
            "practice_people",
        ),
        who="admin",
    ),
    Page(
        "practice: an invitation to someone who has the role",
        "practice_invite",
        who="admin",
        post=lambda s: {
            "full_name": "Therapist",
            "email": s.people.therapist.email,
            "role": "therapist",
        },
        status=400,
    ),
    Page("practice: a link to pass on", _link_to_pass_on, who="admin"),
    Page(
        "practice: an invitation sent again",
        _after(
            lambda s: reverse("practice_invitation_resend", args=[_an_invitation(s)]),
            {},
            "practice_people",
        ),
        who="admin",
    ),
    Page(
        "practice: an invitation withdrawn",
        _after(
            lambda s: reverse("practice_invitation_withdraw", args=[_an_invitation(s)]),
            {},
            "practice_people",
        ),
        who="admin",
    ),
    Page(
        "practice: require two-factor?", "practice_two_factor", who="admin", post={"require": "1"}
    ),
    Page(
        "practice: two-factor required",
        _after("practice_two_factor", {"require": "1", "confirm": "yes"}, "practice_people"),
        who="admin",
    ),
    Page(
        "practice: two-factor optional",
        _after("practice_two_factor", {"require": "0"}, "practice_people"),
        who="admin",
    ),
    Page("practice: language", "practice_language", who="admin"),
    Page(
        "practice: a language not offered",
        "practice_language",
        who="admin",
        post={"language": "fr"},
        status=400,
    ),
    Page(
        "practice: language saved",
        _after("practice_language", {"language": "es"}, "practice_language"),
        who="admin",
    ),
    Page(
        "practice: supervision, nobody chosen",
        "practice_supervision",
        who="admin",
        post={"supervisor": "", "therapist": "", "active": "1"},
        status=400,
    ),
    Page(
        "practice: supervision updated",
        _after(
            "practice_supervision",
            lambda s: {
                "supervisor": str(s.people.supervisor.pk),
                "therapist": str(s.people.colleague.pk),
                "active": "1",
            },
            "practice_people",
        ),
        who="admin",
    ),
    Page("practice: clients", "practice_clients", who="admin"),
    Page(
        "practice: clients found", lambda s: reverse("practice_clients") + "?q=Ada+L.", who="admin"
    ),
    Page(
        "practice: no client found",
        lambda s: reverse("practice_clients") + "?q=Elsewhere",
        who="admin",
    ),
    Page("practice: a client", _practice_client, who="admin"),
    Page("practice: a client moved", _assign("colleague"), who="admin"),
    Page("practice: a client not moved", _assign("therapist"), who="admin"),
    Page("practice: a client moved to another practice's", _assign("outsider"), who="admin"),
    Page("practice: erase, confirm", _erase, who="admin"),
    Page("practice: erase, the wrong name", _erase, who="admin", post={"confirm": "x"}, status=400),
    Page(
        "practice: erased",
        _after(_erase, {"confirm": "Ada L."}, "practice_clients"),
        who="admin",
    ),
    Page("API tokens", "api_tokens", who="therapist"),
    Page(
        "API tokens: the wrong password",
        "api_tokens",
        who="therapist",
        post={"name": "", "password": "not-it"},
        status=400,
    ),
    Page(
        "API tokens: one made, one revoked",
        "api_tokens",
        who="therapist",
        post=_made_token,
        made=r"\btdm_[A-Za-z0-9_-]+",
    ),
]

MORE_CARE = [
    Page(
        "invite a client: not an address",
        lambda s: reverse("invite_client", args=[s.people.client.pk]),
        who="therapist",
        post={"email": "not-an-address"},
        status=400,
    ),
    Page(
        "invite a client: sent",
        _after(
            lambda s: reverse("invite_client", args=[_new_client(s).pk]),
            {"email": "dee@harbour.test"},
            lambda s: reverse("client_detail", args=[s.new_client.pk]),  # type: ignore[attr-defined]
        ),
        who="therapist",
    ),
    Page(
        "new episode: one is open",
        _after(lambda s: reverse("new_episode", args=[s.people.client.pk]), {}, _episode_page),
        who="therapist",
    ),
    Page("new episode: opened", _after(_ended, {}, _episode_page), who="therapist"),
    Page(
        "new session: no date",
        _on_episode("new_session"),
        who="therapist",
        post={"date": "", "attendance": "attended"},
        status=400,
    ),
    Page(
        "new session: recorded, did not come",
        _after(
            _on_episode("new_session"),
            lambda s: {"date": str(s.people.session.date), "attendance": "no_show"},
            _episode_page,
        ),
        who="therapist",
    ),
    Page(
        "episode paused",
        _after(_on_episode("pause_episode"), {"note": ""}, _episode_page),
        who="therapist",
    ),
    Page("episode resumed", _after(_paused, {"note": ""}, _episode_page), who="therapist"),
    Page(
        "episode: resumed when not paused",
        _after(_on_episode("resume_episode"), {"note": ""}, _episode_page),
        who="therapist",
    ),
    Page(
        "main problem: not one offered",
        _on_episode("episode_problem"),
        who="therapist",
        post={"problem": "boredom"},
        status=400,
    ),
    Page(
        "main problem set",
        _after(_on_episode("episode_problem"), {"problem": "depression"}, _episode_page),
        who="therapist",
    ),
    Page(
        "goal added",
        _after(_on_episode("add_goal"), {"text": "Sleep through the night"}, _episode_page),
        who="therapist",
    ),
    Page(
        "goal: progress out of range",
        lambda s: reverse("edit_goal", args=[_a_goal(s).pk]),
        who="therapist",
        post={"version": "1", "text": "Sleep", "status": "active", "progress": "11"},
        status=400,
    ),
    Page(
        "goal updated",
        _after(
            lambda s: reverse("edit_goal", args=[_a_goal(s).pk]),
            {"version": "1", "text": "Sleep", "status": "achieved", "progress": "10"},
            _episode_page,
        ),
        who="therapist",
    ),
    Page(
        "goal changed meanwhile",
        lambda s: reverse("edit_goal", args=[_a_goal(s).pk]),
        who="therapist",
        post={"version": "0", "text": "Sleep", "status": "active", "progress": "4"},
    ),
    Page(
        "practice plan: nothing to practise",
        _on_episode("add_plan"),
        who="therapist",
        post={"title": "", "description": "", "how_often": ""},
        status=400,
    ),
    Page(
        "practice plan added",
        _after(
            _on_episode("add_plan"),
            {"title": "Walk after lunch", "description": "", "how_often": "most days"},
            _episode_page,
        ),
        who="therapist",
    ),
    Page(
        "practice plan put aside",
        _after(
            lambda s: reverse("plan_active", args=[_a_plan(s).pk]), {"active": "0"}, _episode_page
        ),
        who="therapist",
    ),
    Page("self-care", "selfcare", who="therapist"),
    Page(
        "self-care: nothing answered", "selfcare", who="therapist", post={"sent": "1"}, status=400
    ),
    Page(
        "therapist's questionnaire",
        lambda s: reverse("respond", args=[s.people.session.pk, "partnership_mirror"]),
        who="therapist",
    ),
    Page(
        "therapist's questionnaire: nothing answered",
        lambda s: reverse("respond", args=[s.people.session.pk, "partnership_mirror"]),
        who="therapist",
        post={"sent": "1"},
        status=400,
    ),
    Page(
        "delete a session: no reason",
        lambda s: reverse("delete_session", args=[s.people.session.pk]),
        who="therapist",
        post={"reason": "", "confirm": "on"},
        status=400,
    ),
    Page(
        "delete a session: a risk alert keeps it",
        _risky_session,
        who="therapist",
        post={"reason": "Recorded twice", "confirm": "on"},
        status=400,
    ),
    Page(
        "session deleted",
        _after(
            lambda s: reverse("delete_session", args=[s.people.session.pk]),
            {"reason": "Recorded twice", "confirm": "on"},
            _episode_page,
        ),
        who="therapist",
    ),
    Page(
        "session already deleted",
        _after(
            lambda s: (
                s.browser.post(
                    reverse("delete_session", args=[s.people.session.pk]),
                    {"reason": "Recorded twice", "confirm": "on"},
                ),
                reverse("delete_session", args=[s.people.session.pk]),
            )[1],
            lambda s: {
                "reason": "Recorded twice",
                "confirm": "on",
                "episode": str(s.people.episode.pk),
            },
            _episode_page,
        ),
        who="therapist",
    ),
]
