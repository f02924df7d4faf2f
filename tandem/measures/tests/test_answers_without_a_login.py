"""A client who never took up a login (or was never invited) still has answers: entered from paper
or the phone, or given on the therapist's device in the room. They are stored as the client's
with no respondent, and everything that reads a client's answers counts them: the client's page,
the progress report, the scores and alerts, the practice report, the exports, FHIR and the
client's record download (issue 19). A response that silently dropped out of any of these would
be the client's care missing from the picture."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pandas as pd
import pytest

from tandem.accounts.actions import invite_person
from tandem.api.tests.conftest import token_for
from tandem.care.models import Client, Episode, Session
from tandem.interop import export
from tandem.interop.fhir_io import episode_bundle
from tandem.measures.actions import submit_response
from tandem.measures.analytics import alerts_for_episodes, series_for_episodes
from tandem.measures.models import Response
from tandem.measures.outcomes_source import long_frame
from tandem.reports.data import episode_data, outcome_facts
from tandem.reports.practice import compute_report_payload
from tandem.safety.models import RiskAlert

pytestmark = pytest.mark.django_db


def phq9(level: int, q9: int = 0) -> dict[str, int]:
    return {**{f"q{i}": level for i in range(1, 9)}, "q9": q9}


def gad7(level: int) -> dict[str, int]:
    return {f"q{i}": level for i in range(1, 8)}


def no_login_client(people: Any, *, ended: bool = False) -> tuple[Client, Episode, list[Session]]:
    """Dee: never invited, two sessions in early 2025 (before any month a report closes)."""
    dee = Client.objects.create(
        practice=people.practice, display_name="Dee P.", therapist=people.therapist
    )
    episode = Episode.objects.create(
        client=dee,
        therapist=people.therapist,
        number=1,
        started_on=date(2025, 1, 6),
        status=Episode.ENDED if ended else Episode.ACTIVE,
        ended_on=date(2025, 2, 28) if ended else None,
    )
    sessions = [
        Session.objects.create(episode=episode, number=n, date=date(2025, 1, 6 + 7 * n))
        for n in (1, 2)
    ]
    return dee, episode, sessions


def enter(people: Any, episode: Episode, session: Session, instrument: str, answers: Any) -> Any:
    return submit_response(
        people.therapist, episode, instrument, answers, session=session, method=Response.PAPER
    ).response


def test_entered_answers_are_the_clients_with_no_respondent(people: Any) -> None:
    dee, episode, (first, _) = no_login_client(people)
    response = enter(people, episode, first, "phq9", phq9(3))
    response.refresh_from_db()
    assert response.respondent_id is None and response.respondent_role == Response.CLIENT
    assert (response.entered_by, response.entry_method) == (people.therapist, Response.PAPER)
    assert (response.episode, response.session, response.total) == (episode, first, 24)


def test_an_invitation_not_taken_up_leaves_the_respondent_empty_too(people: Any) -> None:
    # The login made for an invitation may yet be deleted (a corrected address) or left behind:
    # the answers wait, unowned, until the client takes their login up.
    dee, episode, (first, _) = no_login_client(people)
    sent = invite_person(people.therapist, people.practice, "dee@example.org", "client")
    dee.user = sent.invitation.user
    dee.save()
    response = enter(people, episode, first, "gad7", gad7(2))
    response.refresh_from_db()
    assert dee.user is not None and response.respondent_id is None


def test_scores_and_alerts_count_them(people: Any) -> None:
    dee, episode, (first, second) = no_login_client(people)
    enter(people, episode, first, "phq9", phq9(3))
    # Question 9 left blank on the paper form: the prompt to ask about safety must still show.
    blank = {f"q{i}": 1 for i in range(1, 9)}
    submit_response(people.therapist, episode, "phq9", blank, session=second, method=Response.PHONE)
    series = series_for_episodes([episode])[episode.pk]
    assert [number for number, _ in series.scores["phq9"]] == [1, 2]
    assert series.scores["phq9"][0] == (1, 24.0)
    kinds = [a.kind for a in alerts_for_episodes([episode])[episode.pk]]
    assert "risk_item_blank" in kinds


def test_a_risk_answer_raises_an_alert_for_the_client(people: Any) -> None:
    dee, episode, (first, _) = no_login_client(people)
    response = enter(people, episode, first, "phq9", phq9(1, q9=2))
    alert = RiskAlert.objects.get()
    assert (alert.client, alert.response, alert.therapist) == (dee, response, people.therapist)


def test_the_clients_page_progress_report_and_api_show_them(client: Any, people: Any) -> None:
    dee, episode, (first, second) = no_login_client(people)
    enter(people, episode, first, "phq9", phq9(3))
    enter(people, episode, second, "phq9", phq9(1))
    client.force_login(people.therapist)
    page = client.get(f"/clients/{dee.pk}/")
    assert page.status_code == 200
    assert "(from paper)" in page.content.decode()
    report = client.get(f"/reports/episodes/{episode.pk}/")
    assert report.status_code == 200 and "24" in report.content.decode()
    assert client.get(f"/sessions/{first.pk}/").status_code == 200
    headers = {"Authorization": f"Bearer {token_for(people.therapist)}"}
    scores = client.get(f"/api/v1/episodes/{episode.pk}/scores", headers=headers).json()
    totals = [
        (p["session_number"], p["total"]) for p in scores["scores"] if p["instrument"] == "phq9"
    ]
    assert totals == [(1, 24.0), (2, 8.0)]


def test_the_progress_data_holds_them(people: Any) -> None:
    # What the client's page, the progress report and its PDF chart and classify.
    dee, episode, (first, second) = no_login_client(people)
    enter(people, episode, first, "phq9", phq9(3))
    enter(people, episode, second, "phq9", phq9(1))
    data = episode_data(people.therapist, episode)
    assert data.points("phq9") == [(1, 24.0), (2, 8.0)]
    facts = outcome_facts(data, "phq9")
    assert facts is not None and [(s, v) for s, v, _ in facts.changes] == [(2, 8.0)]


def test_the_practice_report_counts_the_finished_course(people: Any) -> None:
    before = compute_report_payload(people.practice.pk)
    dee, episode, (first, second) = no_login_client(people, ended=True)
    for session, level in ((first, 3), (second, 1)):
        enter(people, episode, session, "phq9", phq9(level))
        enter(people, episode, session, "gad7", gad7(level))
    after = compute_report_payload(people.practice.pk)
    assert after["finished"] == before["finished"] + 1
    assert after["paired"] == before["paired"] + 1
    frame = long_frame(people.practice.slug)
    assert len(frame[frame["episode_id"] == episode.pk]) == 4


def test_exports_and_fhir_carry_them_as_the_clients(tmp_path: Any, people: Any) -> None:
    dee, episode, (first, _) = no_login_client(people)
    response = enter(people, episode, first, "phq9", phq9(2))
    for user in (people.therapist, None):  # what the therapist may see; the whole instance
        long, scores, _ = export.tables(user)
        mine = long[long["response_id"] == response.pk]
        assert set(mine["client_id"]) == {dee.pk} and set(mine["entry_method"]) == {"paper"}
        assert set(mine["respondent_role"]) == {"client"}
        assert list(scores[scores["episode_id"] == episode.pk]["score"]) == [16.0]
    bundle = episode_bundle(people.therapist, episode)
    (qr,) = [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "QuestionnaireResponse"
    ]
    assert qr["subject"]["reference"] == f"Patient/{dee.pk}"
    assert qr["source"]["reference"] == f"Patient/{dee.pk}"  # who answered: the client
    assert qr["author"]["reference"] == f"Practitioner/{people.therapist.pk}"  # who recorded it
    export.write(tmp_path, "fhir")
    written = json.loads((tmp_path / f"Bundle-episode-{episode.pk}.json").read_text())
    assert any(e["resource"].get("id") == str(response.pk) for e in written["entry"])
    export.write(tmp_path / "csv", "csv", people.therapist)
    assert response.pk in set(pd.read_csv(tmp_path / "csv" / "answers.csv")["response_id"])


def test_the_record_download_holds_them(client: Any, people: Any) -> None:
    dee, episode, (first, _) = no_login_client(people)
    enter(people, episode, first, "gad7", gad7(3))
    client.force_login(people.therapist)
    data = client.get(f"/clients/{dee.pk}/record/").json()
    assert [(r["instrument"], r["by"], r["how"], r["total"]) for r in data["responses"]] == [
        ("gad7", "client", "paper", 21.0)
    ]
    assert data["client"]["email"] is None
