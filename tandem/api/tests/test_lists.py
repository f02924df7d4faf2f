"""Lists page with limit/offset and a total, and filter by date."""

from __future__ import annotations

from datetime import date
from typing import Any

from tandem.care.models import Session


def _sessions(people: Any, days: list[int]) -> None:
    for number, day in enumerate(days, start=2):
        Session.objects.create(episode=people.episode, number=number, date=date(2026, 3, day))


def test_it_pages_with_a_total(people: Any, api_as: Any) -> None:
    _sessions(people, [1, 2, 3, 4])
    api = api_as(people.therapist)
    page = api.get("/sessions", limit=2, offset=1).json()
    assert page["count"] == 5
    assert (page["limit"], page["offset"]) == (2, 1)
    assert len(page["items"]) == 2


def test_it_filters_sessions_by_date(people: Any, api_as: Any) -> None:
    _sessions(people, [1, 2, 3, 4])
    page = (
        api_as(people.therapist)
        .get("/sessions", date_from="2026-03-02", date_to="2026-03-03")
        .json()
    )
    assert [s["date"] for s in page["items"]] == ["2026-03-02", "2026-03-03"]


def test_a_backwards_date_range_is_explained(people: Any, api_as: Any) -> None:
    response = api_as(people.therapist).get(
        "/sessions", date_from="2026-03-05", date_to="2026-03-01"
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "date_from"


def test_a_bad_limit_is_explained(people: Any, api_as: Any) -> None:
    response = api_as(people.therapist).get("/sessions", limit=0)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "limit"


def test_a_therapist_records_a_session(people: Any, api_as: Any) -> None:
    response = api_as(people.therapist).post(
        "/sessions", {"episode": people.episode.pk, "date": "2026-03-10"}
    )
    assert response.status_code == 201
    assert response.json()["number"] == 2


def test_instruments_are_listed_with_their_codes(people: Any, api_as: Any) -> None:
    api = api_as(people.client_user)
    ids = [i["id"] for i in api.get("/instruments").json()["items"]]
    assert "phq9" in ids
    phq9 = api.get("/instruments/phq9").json()
    assert phq9["loinc_total"]
    assert api.get("/instruments/nosuch").status_code == 404


def test_episode_scores_and_the_practice_report(people: Any, api_as: Any) -> None:
    from tandem.api.tests.conftest import PHQ9_ANSWERS
    from tandem.measures.actions import submit_response

    submit_response(
        people.client_user, people.episode, "phq9", PHQ9_ANSWERS, session=people.session
    )
    api = api_as(people.therapist)
    scores = api.get(f"/episodes/{people.episode.pk}/scores").json()
    assert [s["total"] for s in scores["scores"]] == [9]
    assert scores["alerts_available"] is True
    assert isinstance(scores["alerts"], list)
    report = api.get("/reports/outcomes").json()
    assert report["episodes"] == 1
    assert api_as(people.client_user).get("/reports/outcomes").status_code == 403
