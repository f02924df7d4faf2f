"""The pages the untranslated-string check renders in the pseudo-language (docs/i18n.md).

Adding a page is one line: ``Page(name, address, who=..., post=..., status=...)``.

- ``address``: a URL name (``"login"``), a path (``"/portal/"``), or a function of the ``Scene``
  (the ``people`` fixture and the test's browser) that prepares what the page needs and returns
  its path: ``lambda s: reverse("client_detail", args=[s.people.client.pk])``.
- ``who``: the person signed in, by their name in the ``people`` fixture (``"therapist"``,
  ``"client_user"``), or None for nobody.
- ``post``: a form sent to the page, to see it with its errors (a dict, or a function of the
  Scene giving one).
- ``status``: the status the page answers with (a form with errors is 400).
- ``made``: a regular expression for what the page makes up at random and shows (recovery
  codes): data, however it happens to read (a code's half can be "becffa").

Each area's pages are grouped under its heading; a later session appends its own list and adds it
to ``PAGES`` at the bottom (a long list can live in a module of its own, as pages_practice.py's
do, so that no file grows past the 800 lines tests/integrity allows).
"""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse

from tests.i18n.page import Page, Scene
from tests.i18n.pages_handovers import HANDOVERS
from tests.i18n.pages_portal import PORTAL_AND_LINKS
from tests.i18n.pages_practice import MORE_CARE, PRACTICE_ADMIN
from tests.i18n.pages_records import REPORTS_AND_RECORDS
from tests.i18n.pages_signing_in import SIGNING_IN

# --- Signing in (tests/i18n/pages_signing_in.py: SIGNING_IN) ---------------------------------------
# --- Reports, schedules and paper answers, safety, audit (pages_records.py: REPORTS_AND_RECORDS) --
# --- Portal, personal links (pages_portal.py: PORTAL_AND_LINKS) ---------------------------------


# --- The therapist's care pages, transcripts, the room, follow-up --------------------------------


def _client_page(scene: Scene) -> str:
    return reverse("client_detail", args=[scene.people.client.pk])


def _session_with_analysis(scene: Scene) -> str:
    """Session 1, its client's questionnaires due, with a transcript analysed (the task runs at
    once in the tests): the analysis, its measures and both charts are on the page."""
    from tandem.transcripts.actions import submit_transcript

    people = scene.people
    # What was said is data: here only the client's name (which the check knows) and numbers,
    # in enough turns for a quality estimate.
    text = "".join(f"T: Ada L., {n}?\nC: {n}.\n" for n in range(1, 9))
    submit_transcript(people.therapist, text, "auto", "s1.txt", {}, session=people.session)
    return reverse("session_detail", args=[people.session.pk])


def _ended_with_a_check_in(scene: Scene) -> Any:
    """Ada's episode ended, a check-in open today, and her request to talk again."""
    from django.utils import timezone

    from tandem.care.actions import end_episode
    from tandem.followup.models import FollowUp, ReturningRequest

    people = scene.people
    end_episode(people.therapist, people.episode, "graduated")
    follow_up = FollowUp.objects.create(
        episode=people.episode, months=3, due_on=timezone.localdate()
    )
    ReturningRequest.objects.create(
        follow_up=follow_up, client=people.client, episode=people.episode, wants_to_talk=True
    )
    return follow_up


def _handed_over(scene: Scene) -> str:
    """The therapist's device handed to Ada (who reads the pseudo-language too)."""
    people = scene.people
    people.client_user.language = "en-xa"
    people.client_user.save(update_fields=["language"])
    scene.browser.post(reverse("room_hand_over", args=[people.session.pk]))
    return reverse("room")


def _room_form(scene: Scene) -> str:
    """The address the room's first questionnaire is sent to."""
    page = scene.browser.get(_handed_over(scene)).content.decode()
    return "/room/answer/" + page.split('action="/room/answer/', 1)[1].split('"', 1)[0]


def _sharing_client_page(scene: Scene) -> str:
    scene.people.client.share_with_supervisor = True
    scene.people.client.save(update_fields=["share_with_supervisor"])
    return _client_page(scene)


def _handed_over_and_locked(scene: Scene) -> str:
    path = _handed_over(scene)
    scene.browser.post(reverse("room_lock"), {"reason": "handed_back"})
    return path


CARE = [
    Page("caseload", "caseload", who="therapist"),
    Page(
        "caseload, someone asking to come back",
        lambda s: (_ended_with_a_check_in(s), reverse("caseload") + "?show=all")[1],
        who="therapist",
    ),
    Page("client page", _client_page, who="therapist"),
    Page(
        "client page, a goal with no words",
        lambda s: reverse("add_goal", args=[s.people.episode.pk]),
        who="therapist",
        post={"text": ""},
        status=400,
    ),
    Page("client page, a supervisor reading", _sharing_client_page, who="supervisor"),
    Page("add a client", "add_client", who="therapist"),
    Page(
        "add a client, no name",
        "add_client",
        who="therapist",
        post={"display_name": "", "email": "x"},
        status=400,
    ),
    Page(
        "end an episode: confirm",
        lambda s: reverse("end_episode", args=[s.people.episode.pk]),
        who="therapist",
        post={"reason": "graduated", "note": ""},
    ),
    Page("session page, due and analysed", _session_with_analysis, who="therapist"),
    Page(
        "session page, a transcript refused",
        lambda s: reverse("upload_transcript", args=[s.people.session.pk]),
        who="therapist",
        post={"format": "auto", "text": "", "speakers": ""},
        status=400,
    ),
    Page(
        "correct or delete a session",
        lambda s: reverse("edit_session", args=[s.people.session.pk]),
        who="therapist",
    ),
    Page("supervision", "supervision", who="supervisor"),
]

ROOM = [
    Page("room: a questionnaire", _handed_over, who="therapist"),
    Page(
        "room: a questionnaire with a mistake",
        _room_form,
        who="therapist",
        post={"sent": "1"},
        status=400,
    ),
    Page(
        "room: support now",
        lambda s: (_handed_over(s), reverse("room_support"))[1],
        who="therapist",
    ),
    Page("room: locked", _handed_over_and_locked, who="therapist"),
    Page(
        "room: locked, a wrong unlock",
        lambda s: (_handed_over_and_locked(s), reverse("room_unlock"))[1],
        who="therapist",
        post={"secret": "not-it"},
        status=400,
    ),
    Page("room: the practice's settings", "practice_room", who="admin"),
]

FOLLOW_UP = [
    Page(
        "check-in: the client's page",
        lambda s: reverse("followup_check_in", args=[_ended_with_a_check_in(s).pk]),
        who="client_user",
    ),
    Page(
        "returning clients: the admin's page",
        lambda s: (_ended_with_a_check_in(s), reverse("practice_returning"))[1],
        who="admin",
    ),
]


# --- Reminders and texts (tandem/reminders, tandem/sms) -------------------------------------------


def _zones() -> str:
    """The time zones the practice's texts page offers: IANA names ("Europe/Madrid"), data in
    every language, as the zone database writes them."""
    from tandem.sms.forms import _zones as offered

    return "|".join(re.escape(label) for _, label in sorted(offered(), key=lambda z: -len(z[1])))


def _texts_sent(scene: Scene) -> str:
    """Texts of every status in the practice's counts, one reminder emailed instead."""
    from django.utils import timezone

    from tandem.sms.models import TextMessage

    people = scene.people
    for status, _label in TextMessage.STATUSES:
        TextMessage.objects.create(
            practice=people.practice,
            client=people.client,
            purpose=TextMessage.REMINDER,
            to="+447911123456",
            status=status,
            emailed_instead_at=timezone.now() if status == TextMessage.FAILED else None,
        )
    return reverse("practice_texts")


def _texts_not_offered(scene: Scene) -> str:
    """The practice does not let clients choose texts."""
    from tandem.sms.models import TextPolicy

    TextPolicy.objects.create(practice=scene.people.practice, active=False)
    return reverse("portal_texts")


def _number(scene: Scene, **state: Any) -> str:
    from tandem.sms.models import TextNumber

    TextNumber.objects.create(
        client=scene.people.client, given="07911 123456", number="+447911123456", **state
    )
    return reverse("portal_texts")


def _waiting_for_the_code(scene: Scene) -> str:
    from datetime import timedelta

    from django.utils import timezone

    return _number(
        scene, code_seed="0" * 32, code_expires_at=timezone.now() + timedelta(minutes=10)
    )


def _confirmed_and_a_text_failed(scene: Scene) -> str:
    """Reminders by text to a confirmed number; the latest did not get through and was emailed."""
    from datetime import timedelta

    from django.utils import timezone

    from tandem.sms.models import TextMessage, TextNumber

    now = timezone.now()
    path = _number(scene, verified_at=now - timedelta(days=3), reminders_by=TextNumber.BOTH)
    TextMessage.objects.create(
        practice=scene.people.practice,
        client=scene.people.client,
        purpose=TextMessage.REMINDER,
        to="+447911123456",
        status=TextMessage.FAILED,
        emailed_instead_at=now,
    )
    return path


def _stopped(scene: Scene) -> str:
    from django.utils import timezone

    now = timezone.now()
    return _number(scene, verified_at=now, stopped_at=now)


def _reminders_off_and_confirmed(scene: Scene) -> str:
    from django.utils import timezone

    scene.people.client.reminders = False
    scene.people.client.save(update_fields=["reminders"])
    return _number(scene, verified_at=timezone.now())


REMINDERS_AND_TEXTS = [
    Page("reminders: the practice's settings", "practice_reminders", who="admin"),
    Page(
        "reminders: the practice's settings, a mistake",
        "practice_reminders",
        who="admin",
        post={"first_after_hours": "999", "repeat_every_days": "", "max_reminders": "six"},
        status=400,
    ),
    Page("texts: the practice's settings", "practice_texts", who="admin", made=_zones()),
    Page(
        "texts: the practice's settings, with texts sent",
        _texts_sent,
        who="admin",
        made=_zones(),
    ),
    Page(
        "texts: the practice's settings, a mistake",
        "practice_texts",
        who="admin",
        post={"quiet_from": "late", "quiet_until": "", "time_zone": "Mars/Olympus"},
        status=400,
        made=_zones(),
    ),
    Page("texts: the client's page, no number", "portal_texts", who="client_user"),
    Page(
        "texts: the client's page, not a number",
        "portal_texts",
        who="client_user",
        post={"step": "number", "number": "not a number"},
        status=400,
    ),
    Page(
        "texts: the client's page, waiting for the code", _waiting_for_the_code, who="client_user"
    ),
    Page(
        "texts: the client's page, a wrong code",
        _waiting_for_the_code,
        who="client_user",
        post={"step": "code", "code": "1234567"},
        status=400,
    ),
    Page(
        "texts: the client's page, a text did not get through",
        _confirmed_and_a_text_failed,
        who="client_user",
    ),
    Page(
        "texts: the client's page, reminders off",
        _reminders_off_and_confirmed,
        who="client_user",
    ),
    Page("texts: the client's page, after STOP", _stopped, who="client_user"),
    Page("texts: the client's page, not offered", _texts_not_offered, who="client_user"),
]

# --- Practice administration, more care pages (tandem/accounts, care, the API tokens page) -----
# PRACTICE_ADMIN and MORE_CARE, in tests/i18n/pages_practice.py (this file keeps under 800 lines).

PAGES: list[Page] = [
    *SIGNING_IN,
    *REPORTS_AND_RECORDS,
    *CARE,
    *ROOM,
    *HANDOVERS,
    *FOLLOW_UP,
    *REMINDERS_AND_TEXTS,
    *PORTAL_AND_LINKS,
    *PRACTICE_ADMIN,
    *MORE_CARE,
]
