"""Reports, schedules and paper answers, safety and the audit trail, for the untranslated-string
check (listed in pages.py; see there how a page is written)."""

from __future__ import annotations

from django.urls import reverse

from tests.i18n.page import Page, Scene

# --- Reports, schedules and paper answers, safety, audit (tandem/reports, measures, safety, audit) --


def _practice_with_outcomes(scene: Scene) -> str:
    """Twelve ended episodes with scores: the practice report with its figures, charts and tables."""
    from tandem.reports.tests.test_practice_report import _episodes

    _episodes(scene.people, scene.people.therapist, 12, withdrew=3)
    _episodes(scene.people, scene.people.colleague, 11)
    return reverse("practice_report")


def _progress_report(scene: Scene) -> str:
    """An episode with both sides' scores, a risk alert acknowledged and a goal."""
    from tandem.reports.tests.conftest import add_scores, partnership

    people = scene.people
    add_scores(
        people.episode,
        {"phq9": [18, 15.5, 11, 9], "gad7": [14, 12, 9, 7], "partnership": [partnership(7.5)] * 4},
        respondent=people.client_user,
    )
    add_scores(
        people.episode,
        {"partnership_mirror": [partnership(8)] * 4},
        respondent=people.therapist,
        role="therapist",
    )
    return reverse("progress_report", args=[people.episode.pk])


def _risk_alerts(scene: Scene) -> str:
    """Two risk answers: one alert left open, one acknowledged with a note."""
    from tandem.measures.actions import submit_response
    from tandem.safety.actions import acknowledge

    people = scene.people
    answers = {f"q{i}": 1 for i in range(1, 10)} | {"q9": 2}
    submitted = submit_response(
        people.client_user, people.episode, "phq9", answers, session=people.session
    )
    acknowledge(people.therapist, submitted.risk_alerts[0], "Phoned the client")
    later = people.session.__class__.objects.create(
        episode=people.episode, number=2, date=people.session.date
    )
    submit_response(people.client_user, people.episode, "phq9", answers, session=later)
    return reverse("practice_risk")


def _an_open_alert(scene: Scene) -> str:
    from tandem.measures.actions import submit_response

    people = scene.people
    answers = {f"q{i}": 1 for i in range(1, 10)} | {"q9": 2}
    submitted = submit_response(
        people.client_user, people.episode, "phq9", answers, session=people.session
    )
    return reverse("acknowledge_risk", args=[submitted.risk_alerts[0].pk])


def _practice_changes(scene: Scene) -> str:
    """What an admin changed: a schedule, two-factor, an assignment."""
    from tandem.accounts import twofactor
    from tandem.care import actions as care
    from tandem.measures.actions import set_schedule

    people = scene.people
    set_schedule(people.admin, "phq9", ["every_session"], None, False)
    twofactor.set_required(people.admin, True)
    care.assign_client(people.admin, people.client, people.colleague)
    return reverse("practice_log")


def _client_trail(scene: Scene) -> str:
    """A client's trail after their therapist opened their record."""
    scene.browser.force_login(scene.people.therapist)
    scene.browser.get(reverse("client_detail", args=[scene.people.client.pk]))
    scene.browser.force_login(scene.people.admin)
    return reverse("client_audit", args=[scene.people.client.pk])


def _who_viewed(scene: Scene) -> str:
    scene.browser.force_login(scene.people.therapist)
    scene.browser.get(reverse("client_detail", args=[scene.people.client.pk]))
    scene.browser.force_login(scene.people.client_user)
    return reverse("portal_who_viewed")


def _end_the_episode(scene: Scene) -> None:
    from tandem.care.actions import end_episode

    end_episode(scene.people.therapist, scene.people.episode, "mutual")


def _everyone_with_one_ended(scene: Scene) -> str:
    _end_the_episode(scene)
    return reverse("caseload") + "?show=all"


def _a_finished_episode(scene: Scene) -> str:
    _end_the_episode(scene)
    return reverse("client_detail", args=[scene.people.client.pk])


REPORTS_AND_RECORDS = [
    Page("practice report, with figures", _practice_with_outcomes, who="admin"),
    Page("practice report, no scores yet", "practice_report", who="admin"),
    Page("progress report", _progress_report, who="therapist"),
    Page("alert replay", "alert_replay", who="admin"),
    Page("instruments and schedules", "practice_schedules", who="admin"),
    Page(
        "instruments: a number of sessions that is not a number",
        "practice_schedules",
        who="admin",
        post={"instrument_id": "gad7", "timepoints": "every_n", "every_n": "x", "active": "on"},
        status=400,
    ),
    Page(
        "instruments: stop collecting PHQ-9?",
        "practice_schedules",
        who="admin",
        post={"instrument_id": "phq9", "timepoints": "every_session"},
    ),
    Page(
        "paper answers: enter",
        lambda s: reverse("enter_answers", args=[s.people.session.pk, "phq9"]),
        who="therapist",
    ),
    Page(
        "paper answers: no way given, an answer missing",
        lambda s: reverse("enter_answers", args=[s.people.session.pk, "phq9"]),
        who="therapist",
        post={"q1": "1", "q2": "9"},
        status=400,
    ),
    Page("caseload, everyone including ended", _everyone_with_one_ended, who="therapist"),
    Page("client page, a finished episode", _a_finished_episode, who="therapist"),
    Page("risk alerts", _risk_alerts, who="admin"),
    Page(
        "risk alert: acknowledge, no note",
        _an_open_alert,
        who="therapist",
        post={"note": ""},
        status=400,
    ),
    Page("crisis information", "practice_safety", who="admin"),
    Page(
        "therapist's safety plan",
        lambda s: reverse("therapist_safety_plan", args=[s.people.client.pk]),
        who="therapist",
    ),
    Page("practice log", _practice_changes, who="admin"),
    Page("a client's audit trail", _client_trail, who="admin"),
    Page("who has seen my record", _who_viewed, who="client_user"),
]
