"""Every page and route that shows a client's answers still works when the client has no login and
their answers no respondent: entered from paper, given in the room, imported from a score file
(issue 19). Each is asked for by the therapist (and the admin's and practice pages by the admin)
and must answer, not fail, with the answers in it where the page shows answers."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tandem.api.tests.conftest import token_for
from tandem.care.models import Client, Episode, Session
from tandem.interop.import_scores import import_scores
from tandem.measures.actions import submit_response
from tandem.measures.models import Response

pytestmark = pytest.mark.django_db


@pytest.fixture
def dee(people: Any, tmp_path: Path) -> tuple[Client, Episode, Session]:
    dee = Client.objects.create(
        practice=people.practice, display_name="Dee P.", therapist=people.therapist
    )
    episode = Episode.objects.create(
        client=dee, therapist=people.therapist, number=1, started_on=date(2025, 1, 6)
    )
    first = Session.objects.create(episode=episode, number=1, date=date(2025, 1, 13))
    second = Session.objects.create(episode=episode, number=2, date=date(2025, 1, 20))
    submit_response(
        people.therapist,
        episode,
        "phq9",
        {**{f"q{i}": 2 for i in range(1, 9)}, "q9": 1},  # a risk answer: an alert is raised
        session=first,
        method=Response.PAPER,
    )
    submit_response(
        people.therapist,
        episode,
        "partnership",
        {"heard": 7, "focus": 7, "fit": 7, "together": 7, "takeaway": 7},
        session=second,
        method=Response.ROOM,
    )
    path = tmp_path / "scores.csv"
    path.write_text(f"episode_id,session,instrument,score,entry_method\n{episode.pk},2,gad7,9,\n")
    import_scores(path, people.therapist)
    assert Response.objects.filter(episode=episode, respondent__isnull=True).count() == 3
    return dee, episode, second


def test_the_therapists_pages_show_them(client: Any, people: Any, dee: Any) -> None:
    who, episode, second = dee
    client.force_login(people.therapist)
    pages = {
        "/caseload/": "Dee\u00a0P.",
        f"/clients/{who.pk}/": "(from paper)",
        f"/clients/{who.pk}/?episode={episode.pk}": "(in the room)",
        f"/sessions/{second.pk}/": "Answered by the client in the room, on your device.",
        f"/reports/episodes/{episode.pk}/": "PHQ-9",
        f"/clients/{who.pk}/record/": '"how": "room"',
    }
    for url, shown in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert shown in response.content.decode(), url
    pdf = client.get(f"/reports/episodes/{episode.pk}/report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_api_and_fhir_show_them(client: Any, people: Any, dee: Any) -> None:
    who, episode, _ = dee
    headers = {"Authorization": f"Bearer {token_for(people.therapist)}"}
    listed = client.get(f"/api/v1/responses?episode={episode.pk}", headers=headers)
    assert listed.status_code == 200
    methods = {r["instrument"]: r["entry_method"] for r in listed.json()["items"]}
    assert methods == {"phq9": "paper", "partnership": "room", "gad7": "self"}
    for item in listed.json()["items"]:
        assert client.get(f"/api/v1/responses/{item['id']}", headers=headers).status_code == 200
    scores = client.get(f"/api/v1/episodes/{episode.pk}/scores", headers=headers).json()
    assert {p["instrument"] for p in scores["scores"]} == {"phq9", "partnership", "gad7"}
    found = client.get(f"/api/v1/fhir/QuestionnaireResponse?subject={who.pk}", headers=headers)
    assert found.status_code == 200
    resources = [e["resource"] for e in found.json()["entry"]]
    assert len(resources) == 3
    assert {r["source"]["reference"] for r in resources} == {f"Patient/{who.pk}"}
    assert client.get(f"/api/v1/clients/{who.pk}", headers=headers).status_code == 200
    assert client.get("/api/v1/alerts", headers=headers).status_code == 200


def test_the_admins_pages_work(client: Any, people: Any, dee: Any) -> None:
    who, _, _ = dee
    client.force_login(people.admin)
    for url in (
        "/practice/clients/",
        f"/practice/clients/{who.pk}/",
        f"/practice/clients/{who.pk}/audit/",
        "/practice/risk/",
        "/practice/log/",
        "/reports/practice/",
        "/reports/practice/alerts/",
    ):
        assert client.get(url).status_code == 200, url
