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
from urllib.parse import urlsplit

from django.urls import reverse

from tests.i18n.page import Page, Scene
from tests.i18n.pages_practice import MORE_CARE, PRACTICE_ADMIN
from tests.i18n.pages_records import REPORTS_AND_RECORDS
from tests.i18n.pages_signing_in import SIGNING_IN

# --- Signing in (tests/i18n/pages_signing_in.py: SIGNING_IN) ---------------------------------------
# --- Reports, schedules and paper answers, safety, audit (pages_records.py: REPORTS_AND_RECORDS) --


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

# --- Portal, personal links (tandem/portal, tandem/links, tandem/followup) ------------------------


def _goal_and_plan(scene: Scene) -> None:
    """A goal Ada and her therapist wrote, and a practice plan between sessions."""
    from tandem.care.models import Goal, PracticePlan

    people = scene.people
    Goal.objects.create(episode=people.episode, text="Sleep through", progress=4)
    PracticePlan.objects.create(
        episode=people.episode, title="Breathing", description="Slowly", how_often="Most days"
    )


def _portal_due(scene: Scene) -> str:
    _goal_and_plan(scene)
    return reverse("portal_home")


def _portal_nothing_due(scene: Scene) -> str:
    """Everything due after session 1 answered."""
    from tandem.measures.actions import submit_response
    from tandem.measures.due import due_for_episodes

    people = scene.people
    for due in due_for_episodes([people.episode], respondent="client")[people.episode.pk].client:
        answers = _calm(due.instrument.id)
        submit_response(
            people.client_user, people.episode, due.instrument.id, answers, session=due.session
        )
    return reverse("portal_home")


def _calm(instrument_id: str) -> dict[str, Any]:
    """Answers to every question: its first choice, its lowest number, or no."""
    from tandem.measures import registry

    instrument = registry.get(instrument_id)
    assert instrument is not None
    answers: dict[str, Any] = {}
    for item in instrument.items:
        if item.kind == "choice":
            answers[item.id] = item.options[0].value
        elif item.kind == "scale":
            answers[item.id] = item.min
        elif item.kind == "boolean":
            answers[item.id] = False
    return answers


def _portal_paused(scene: Scene) -> str:
    from tandem.care.models import Episode

    Episode.objects.filter(pk=scene.people.episode.pk).update(status=Episode.PAUSED)
    return reverse("portal_home")


def _portal_asked_to_pause(scene: Scene) -> str:
    """Ada has just asked to pause: the home page says so, and thanks her."""
    scene.browser.post(reverse("portal_pause"), {"note": "A hard month"})
    return reverse("portal_home")


def _portal_ended(scene: Scene) -> str:
    """Ada graduated, with scores at two sessions, her own words, a goal reached, her last
    questionnaires and a check-in open."""
    from tandem.care.models import Goal
    from tandem.reports.tests.conftest import add_scores, partnership

    people = scene.people
    add_scores(
        people.episode,
        {"phq9": [18, 6], "gad7": [15, 4], "partnership": [partnership(8)] * 2},
        respondent=people.client_user,
    )
    Goal.objects.create(episode=people.episode, text="Sleep through", status=Goal.ACHIEVED)
    _ended_with_a_check_in(scene)
    return reverse("portal_home")


def _progress_with_scores(scene: Scene) -> str:
    """Mood better, worry worse, a session rated lower than usual, answers typed in from paper."""
    from tandem.measures.models import Response
    from tandem.reports.tests.conftest import add_scores, partnership

    people = scene.people
    add_scores(
        people.episode,
        {
            "phq9": [18, 14, 9, 7],
            "gad7": [8, 11, 13, 15],
            "partnership": [partnership(8)] * 3 + [partnership(5)],
        },
        respondent=people.client_user,
    )
    Response.objects.filter(episode=people.episode, instrument_id="gad7").update(
        entry_method=Response.PAPER
    )
    return reverse("portal_progress")


def _progress_with_growth(scene: Scene) -> str:
    """Growing and leaning on therapy less: the chart of growth and reliance, and its prompt."""
    from tandem.reports.tests.conftest import add_scores

    people = scene.people
    add_scores(
        people.episode,
        {"phq9": [12, 10, 9, 9], "growth": [1, 2, 3, 3.5], "reliance": [3, 2.5, 1.5, 1]},
        respondent=people.client_user,
    )
    return reverse("portal_progress")


def _first_plan(scene: Scene) -> str:
    from tandem.care.models import PracticePlan

    _goal_and_plan(scene)
    return reverse("portal_log_practice_plan", args=[PracticePlan.objects.get().pk])


def _first_goal(scene: Scene) -> str:
    from tandem.care.models import Goal

    _goal_and_plan(scene)
    return reverse("portal_goal_progress", args=[Goal.objects.get().pk])


def _practice_plan_logged(scene: Scene) -> str:
    """Two days logged: one practised and how it went, one not."""
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    logged = _first_plan(scene)
    for day, practised, how in ((today, "1", "7"), (today - timedelta(days=1), "0", "")):
        form = {"log_date": day.isoformat(), "practised": practised, "how_it_went": how}
        scene.browser.post(logged, form)
    return reverse("portal_practice_plan")


def _language_chosen(scene: Scene) -> str:
    """Ada chose the pseudo-language in her settings: the page she comes back to says so."""
    back = reverse("portal_settings")
    scene.browser.post(reverse("account_language"), {"language": "en-xa", "next": back})
    return back


def _check_in_answer(scene: Scene) -> str:
    return reverse("followup_answer", args=[_ended_with_a_check_in(scene).pk, "phq9"])


def _link(scene: Scene) -> str:
    """A personal link the therapist made for session 1 (its questionnaires due)."""
    from tandem.links.actions import create_link

    made = create_link(scene.people.therapist, scene.people.session, via="therapist")
    return urlsplit(made.url).path


def _link_question(scene: Scene) -> str:
    return _link(scene) + "phq9/"


def _link_used_up(scene: Scene) -> str:
    """Everything the link opened is answered through it, one questionnaire at a time."""
    from tandem.links.actions import waiting
    from tandem.links.models import QuestionnaireLink

    path = _link(scene)
    for instrument in waiting(QuestionnaireLink.objects.get()):
        form = {k: str(v).lower() for k, v in _calm(instrument.id).items()}
        scene.browser.post(f"{path}{instrument.id}/", form)
    return path


def _link_withdrawn(scene: Scene) -> str:
    from tandem.links.actions import revoke_link
    from tandem.links.models import QuestionnaireLink

    path = _link(scene)
    revoke_link(scene.people.therapist, QuestionnaireLink.objects.get())
    return path


def _link_expired(scene: Scene) -> str:
    from datetime import timedelta

    from django.utils import timezone

    from tandem.links.models import QuestionnaireLink

    path = _link(scene)
    QuestionnaireLink.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    return path


def _link_closed(scene: Scene) -> str:
    """The therapy was paused after the link was made: it no longer opens anything."""
    path = _link(scene)
    _portal_paused(scene)
    return path


def _link_tried_too_often(scene: Scene) -> str:
    """Wrong links from one address up to the limit: the next is answered by the pause page."""
    from django.conf import settings

    for n in range(settings.AXES_FAILURE_LIMIT):
        scene.browser.get(f"/l/not-a-link-{n}/")
    return "/l/not-a-link/"


def _check_in_link(scene: Scene) -> str:
    """The link in a follow-up check-in's email."""
    from tandem.links.actions import create_follow_up_link

    made = create_follow_up_link(None, _ended_with_a_check_in(scene), via="reminder")
    return urlsplit(made.url).path


def _practice_links(scene: Scene) -> str:
    """Two links that still work: a session's (opened) and a check-in's."""
    from tandem.links.actions import create_follow_up_link, create_link

    people = scene.people
    made = create_link(people.therapist, people.session, via="therapist")
    scene.browser.get(urlsplit(made.url).path)
    other = people.other_client.episodes.get()
    session = other.sessions.create(number=1, date=people.session.date)
    create_link(people.colleague, session, via="reminder")
    create_follow_up_link(None, _ended_with_a_check_in(scene), via="reminder")
    return reverse("practice_links")


PORTAL_AND_LINKS = [
    Page("portal: home, questionnaires due", _portal_due, who="client_user"),
    Page("portal: home, nothing due", _portal_nothing_due, who="client_user"),
    Page("portal: home, paused", _portal_paused, who="client_user"),
    Page("portal: home, asked to pause", _portal_asked_to_pause, who="client_user"),
    Page("portal: home, after the ending", _portal_ended, who="client_user"),
    Page("portal: progress, no scores yet", "portal_progress", who="client_user"),
    Page("portal: progress, with scores", _progress_with_scores, who="client_user"),
    Page("portal: progress, growing", _progress_with_growth, who="client_user"),
    Page(
        "portal: a questionnaire",
        lambda s: reverse("portal_respond", args=[s.people.session.pk, "phq9"]),
        who="client_user",
    ),
    Page(
        "portal: a questionnaire with a mistake",
        lambda s: reverse("portal_respond", args=[s.people.session.pk, "phq9"]),
        who="client_user",
        post={"q1": "7"},
        status=400,
    ),
    Page(
        "portal: the session scale",
        lambda s: reverse("portal_respond", args=[s.people.session.pk, "partnership"]),
        who="client_user",
    ),
    Page(
        "portal: goal progress, a mistake",
        _first_goal,
        who="client_user",
        post={"version": "1", "progress": "11"},
        status=400,
    ),
    Page("portal: practice plan", _practice_plan_logged, who="client_user"),
    Page(
        "portal: practice plan, a mistake",
        _first_plan,
        who="client_user",
        post={"log_date": "2999-01-01", "practised": "", "how_it_went": "x"},
        status=400,
    ),
    Page("portal: settings", "portal_settings", who="client_user"),
    Page("portal: settings, a language chosen", _language_chosen, who="client_user"),
    Page("portal: support", "portal_support", who="client_user"),
    Page(
        "portal: support, after a risk answer",
        lambda s: reverse("portal_support") + "?after=answers",
        who="client_user",
    ),
    Page("portal: safety plan", "portal_safety_plan", who="client_user"),
    Page("portal: a check-in's questionnaire", _check_in_answer, who="client_user"),
    Page("link: start", _link),
    Page("link: a questionnaire", _link_question),
    Page("link: a questionnaire with a mistake", _link_question, post={"q1": "7"}, status=400),
    Page("link: support", lambda s: _link(s) + "support/"),
    Page("link: support, after a risk answer", lambda s: _link(s) + "support/?after=answers"),
    Page("link: used up", _link_used_up, status=410),
    Page("link: withdrawn", _link_withdrawn, status=410),
    Page("link: expired", _link_expired, status=410),
    Page("link: closed", _link_closed, status=410),
    Page("link: unknown", "/l/not-a-link/", status=404),
    Page("link: tried too often", _link_tried_too_often, status=429),
    Page("link: a check-in's start", _check_in_link),
    Page("link: a check-in's questionnaire", lambda s: _check_in_link(s) + "phq9/"),
    Page(
        "link: made, by the therapist",
        lambda s: reverse("make_link", args=[s.people.session.pk]),
        who="therapist",
        post={},
        status=201,
    ),
    Page("links: the practice's", _practice_links, who="admin"),
    Page(
        "links: the practice's, a mistake",
        "practice_links",
        who="admin",
        post={"valid_days": "99"},
        status=400,
    ),
]


PAGES: list[Page] = [
    *SIGNING_IN,
    *REPORTS_AND_RECORDS,
    *CARE,
    *ROOM,
    *FOLLOW_UP,
    *REMINDERS_AND_TEXTS,
    *PORTAL_AND_LINKS,
    *PRACTICE_ADMIN,
    *MORE_CARE,
]
