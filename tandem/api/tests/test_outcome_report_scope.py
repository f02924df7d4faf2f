"""GET /reports/outcomes in two scopes: ``mine`` (the episodes the caller may see clinically) and
``practice`` (the whole practice's figures, from the web practice report's snapshot)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client as WebClient

from conftest import make_user
from tandem.audit.models import AuditEvent
from tandem.care.models import Client, Episode
from tandem.measures.models import PracticeSnapshot
from tandem.reports.practice_page import practice_report_data
from tandem.reports.tests.conftest import add_scores, closed_month_end, partnership

RATES = (
    "recovery",
    "reliable_improvement",
    "reliable_recovery",
    "reliable_deterioration",
    "dropout",
    "rupture_sessions",
)


@pytest.fixture(autouse=True)
def _no_kept_pages() -> Iterator[None]:
    # The page keeps its rendered body per snapshot; a test must not see another test's.
    cache.clear()
    yield
    cache.clear()


def _ended(practice: Any, therapist: Any, count: int, *, withdrew: int = 0, well: bool = True):
    """``count`` ended episodes with PHQ-9, GAD-7 and client partnership scores at three sessions.

    ``well``: starting as a case and ending below caseness (recovered); otherwise staying a case.
    Two of them have a partnership dip at the last session."""
    for i in range(count):
        client = Client.objects.create(
            practice=practice, display_name=f"{therapist.pk}-{i}", therapist=therapist
        )
        episode = Episode.objects.create(
            client=client,
            therapist=therapist,
            number=1,
            status=Episode.ENDED,
            ended_on=closed_month_end(),
            end_reason="withdrew" if i < withdrew else "mutual",
        )
        phq, gad = (
            ([16 + i % 3, 12, 8 + i % 2], [12, 9, 6]) if well else ([20, 20, 21], [15, 15, 16])
        )
        add_scores(
            episode,
            {
                "phq9": phq,
                "gad7": gad,
                "partnership": [partnership(8), partnership(8), partnership(4 if i < 2 else 8)],
            },
        )


def _other_admin(people: Any) -> Any:
    return make_user("admin@elsewhere.test", people.other_practice, is_practice_admin=True)


def test_a_practice_admin_gets_the_figures_the_practice_report_shows(
    api_as: Any, people: Any
) -> None:
    _ended(people.practice, people.therapist, 12, withdrew=3)
    _ended(people.practice, people.colleague, 3)

    report = api_as(people.admin).get("/reports/outcomes")

    assert report.status_code == 200
    body = report.json()
    assert body["scope"] == "practice"
    # 15 scored, ended episodes, plus the open, unscored one every test practice has that began
    # before the report closed (the other began today, after it: not yet in the report).
    assert (body["practice_episodes"], body["ended_episodes"], body["episodes"]) == (16, 15, 15)
    assert body["suppressed"] is False
    assert body["recovery"] == {"count": 15, "denominator": 15, "value": 1.0, "suppressed": False}
    assert body["dropout"]["count"] == 3 and body["dropout"]["denominator"] == 15
    assert body["rupture_sessions"]["count"] == 4
    assert body["rupture_sessions"]["denominator"] == 45

    # The same figures as the page's plain data (one snapshot, two renderings) …
    page_data = practice_report_data(people.admin)["report"].practice
    for name in RATES:
        assert body[name] == getattr(page_data, name).to_dict(), name
    assert body["effect_size"] == page_data.effect_size.to_dict()
    # … and as the page a person reads.
    web = WebClient()
    web.force_login(people.admin)
    html = web.get("/reports/practice/").content.decode()
    assert "16 episodes in this practice, 15 ended" in html
    assert "3 of 15 ended episodes ended by the client withdrawing" in html
    assert "15 of 15 paired episodes that started as a case ended below caseness" in html
    # Only ended episodes are outcomes: the two open ones are counted apart (issue 15, item 1).
    assert (
        "1 not ended" in html
        and "15 finished a course" in html
        and "15 of them with paired" in html
    )
    assert (body["not_ended_episodes"], body["finished_episodes"], body["paired_episodes"]) == (
        1,
        15,
        15,
    )
    effect = body["effect_size"]
    assert effect["value"] is not None and f"{effect['value']:.2f}" in html


def test_small_numbers_are_suppressed_as_on_the_page(api_as: Any, people: Any) -> None:
    _ended(people.practice, people.therapist, 4, withdrew=1)

    body = api_as(people.admin).get("/reports/outcomes").json()

    assert body["scope"] == "practice" and body["suppressed"] is True
    assert body["episodes"] is None
    for name in RATES:
        assert body[name] == {"count": None, "denominator": None, "value": None, "suppressed": True}
    assert body["effect_size"]["value"] is None and body["effect_size"]["suppressed"] is True
    assert body["min_cell"] == 10
    web = WebClient()
    web.force_login(people.admin)
    html = web.get("/reports/practice/").content.decode()
    assert "Not shown" in html and "1 of 4" not in html


def test_a_practice_with_no_scores_yet_answers_with_everything_suppressed(
    api_as: Any, people: Any
) -> None:
    body = api_as(people.admin).get("/reports/outcomes").json()

    assert body["scope"] == "practice"
    assert (body["practice_episodes"], body["ended_episodes"]) == (
        1,
        0,
    )  # the open episode begun today is after the close
    assert body["suppressed"] is True and body["recovery"]["suppressed"] is True


def test_a_second_practice_never_appears(api_as: Any, people: Any) -> None:
    _ended(people.practice, people.therapist, 12)
    _ended(people.other_practice, people.outsider, 20, withdrew=5, well=False)
    other_admin = _other_admin(people)

    ours = api_as(people.admin).get("/reports/outcomes").json()
    theirs = api_as(other_admin).get("/reports/outcomes").json()

    assert (ours["practice_episodes"], ours["episodes"]) == (13, 12)
    assert ours["recovery"]["count"] == 12 and ours["dropout"]["count"] == 0
    assert (theirs["practice_episodes"], theirs["episodes"]) == (20, 20)
    assert theirs["recovery"]["count"] == 0 and theirs["dropout"]["count"] == 5


def test_a_clinician_gets_their_own_episodes_by_default(api_as: Any, people: Any) -> None:
    _ended(people.practice, people.colleague, 12)
    add_scores(people.episode, {"phq9": [16, 8], "gad7": [12, 5]})

    body = api_as(people.therapist).get("/reports/outcomes").json()

    assert body["scope"] == "mine"
    # Only the therapist's own client: the colleague's twelve are not theirs to see. The episode
    # is still open, so it is not an outcome yet (issue 15, item 1).
    assert (body["episodes"], body["not_ended"], body["finished"], body["recovered"]) == (
        1,
        1,
        0,
        0,
    )
    assert "computed_at" not in body
    assert api_as(people.therapist).get("/reports/outcomes", scope="mine").json() == body

    Episode.objects.filter(pk=people.episode.pk).update(status=Episode.ENDED)
    body = api_as(people.therapist).get("/reports/outcomes").json()
    assert (body["not_ended"], body["finished"], body["paired"], body["recovered"]) == (0, 1, 1, 1)


def test_a_supervisor_gets_mine_by_default_and_may_ask_for_the_practice(
    api_as: Any, people: Any
) -> None:
    _ended(people.practice, people.colleague, 12)
    api = api_as(people.supervisor)

    assert api.get("/reports/outcomes").json()["scope"] == "mine"
    practice = api.get("/reports/outcomes", scope="practice").json()
    assert practice["scope"] == "practice" and practice["episodes"] == 12


def test_a_practice_admin_who_is_also_a_therapist_gets_mine_by_default(
    api_as: Any, people: Any
) -> None:
    _ended(people.practice, people.colleague, 12)
    lead = make_user(
        "lead@harbour.test", people.practice, is_practice_admin=True, is_therapist=True
    )
    api = api_as(lead)

    assert api.get("/reports/outcomes").json() == {
        "scope": "mine",
        "episodes": 0,
        "not_ended": 0,
        "finished": 0,
        "paired": 0,
        "at_caseness": 0,
        "recovered": 0,
        "recovery_rate": None,
        "reliable_improvement": 0,
        "reliable_improvement_rate": None,
        "reliable_deterioration": 0,
        "reliable_deterioration_rate": None,
        "reliable_recovery": 0,
        "reliable_recovery_rate": None,
    }
    assert api.get("/reports/outcomes", scope="practice").json()["episodes"] == 12


def test_a_clinician_asking_for_the_practice_is_refused_in_plain_words(
    api_as: Any, people: Any
) -> None:
    _ended(people.practice, people.therapist, 12)

    answer = api_as(people.therapist).get("/reports/outcomes", scope="practice")

    assert answer.status_code == 403
    body = answer.json()
    assert body["detail"] == "The practice-wide report is for practice admins and supervisors."
    assert [e["field"] for e in body["errors"]] == ["scope"]
    assert not AuditEvent.objects.filter(action="report.outcomes").exists()


def test_a_client_is_refused_whatever_the_scope(api_as: Any, people: Any) -> None:
    api = api_as(people.client_user)
    for scope in (None, "mine", "practice"):
        params = {"scope": scope} if scope else {}
        answer = api.get("/reports/outcomes", **params)
        assert answer.status_code == 403, scope
        assert answer.json()["detail"].startswith("Practice reports are for the people who work")


def test_an_unknown_scope_names_the_field(api_as: Any, people: Any) -> None:
    answer = api_as(people.admin).get("/reports/outcomes", scope="everyone")

    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["scope"]


def test_who_may_ask_for_the_practice_is_who_may_open_the_practice_report(
    api_as: Any, people: Any
) -> None:
    lead = make_user(
        "lead@harbour.test", people.practice, is_practice_admin=True, is_therapist=True
    )
    everyone = {
        "admin": people.admin,
        "lead (admin and therapist)": lead,
        "supervisor": people.supervisor,
        "therapist": people.therapist,
        "colleague": people.colleague,
        "outsider": people.outsider,
        "other practice's admin": _other_admin(people),
        "client": people.client_user,
    }
    allowed = set()
    for name, user in everyone.items():
        web = WebClient()
        web.force_login(user)
        page = web.get("/reports/practice/").status_code
        api = api_as(user).get("/reports/outcomes", scope="practice").status_code
        assert (page, api) in {(200, 200), (404, 403)}, name
        if api == 200:
            allowed.add(name)
    assert allowed == {
        "admin",
        "lead (admin and therapist)",
        "supervisor",
        "other practice's admin",
    }


def test_every_answer_is_audited_with_its_scope(api_as: Any, people: Any) -> None:
    _ended(people.practice, people.therapist, 12)
    api_as(people.admin).get("/reports/outcomes")
    api_as(people.therapist).get("/reports/outcomes")
    api_as(people.supervisor).get("/reports/outcomes", scope="practice")

    records = [
        (e.actor_id, e.detail["scope"], e.detail["episodes"], e.detail["via"])
        for e in AuditEvent.objects.filter(action="report.outcomes").order_by("id")
    ]
    assert records == [
        (people.admin.pk, "practice", 13, "api"),
        (people.therapist.pk, "mine", 12, "api"),
        (people.supervisor.pk, "practice", 13, "api"),
    ]


def test_the_practice_figures_come_from_the_kept_snapshot_and_say_how_fresh_they_are(
    api_as: Any, people: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tasks queued in the database, as in production (the suite's default runs them at once).
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    _ended(people.practice, people.therapist, 12)
    api = api_as(people.admin)
    first = api.get("/reports/outcomes").json()  # a new practice: computed now and kept
    snapshot = PracticeSnapshot.objects.get(
        practice=people.practice, kind=PracticeSnapshot.PRACTICE_REPORT
    )
    assert first["updating"] is False
    # To the millisecond, as the API writes times.
    kept = snapshot.computed_at
    assert datetime.fromisoformat(first["computed_at"]) == kept.replace(
        microsecond=kept.microsecond // 1000 * 1000
    )

    def must_not_run(*args: Any) -> Any:
        raise AssertionError("recomputed during a request")

    monkeypatch.setattr("tandem.reports.practice.compute_report_payload", must_not_run)
    assert api.get("/reports/outcomes").json() == first

    _ended(people.practice, people.therapist, 3)  # new data since the snapshot
    later = api.get("/reports/outcomes").json()
    assert later["updating"] is True
    assert later["episodes"] == 12  # the kept figures, at once
    assert later["computed_at"] == first["computed_at"]


def test_the_openapi_description_names_both_scopes(db: Any) -> None:
    schema = WebClient().get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/reports/outcomes"]["get"]

    (scope,) = [p for p in operation["parameters"] if p["name"] == "scope"]
    assert scope["required"] is False
    assert {"mine", "practice"} <= {
        v for option in scope["schema"]["anyOf"] for v in option.get("enum", [])
    }
    answer = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert answer["discriminator"]["propertyName"] == "scope"
    assert set(answer["discriminator"]["mapping"]) == {"mine", "practice"}
    assert "403" in operation["responses"]
    practice = schema["components"]["schemas"]["PracticeOutcomeReportOut"]
    assert {"computed_at", "updating", "min_cell", "suppressed"} <= set(practice["required"])
