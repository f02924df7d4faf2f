"""The printable progress report: the therapist's to print or download as a PDF; nobody else's."""

from __future__ import annotations

from typing import Any

import pytest

from tandem.audit.models import AuditEvent
from tandem.reports.tests.conftest import add_scores, partnership


@pytest.fixture
def scored(people: Any) -> Any:
    add_scores(
        people.episode,
        {"phq9": [18, 15, 11, 9], "gad7": [14, 12, 9, 7], "partnership": [partnership(8)] * 4},
        respondent=people.client_user,
    )
    add_scores(
        people.episode,
        {"reflection": [5], "partnership_mirror": [partnership(9)]},
        respondent=people.therapist,
        role="therapist",
        private=False,
    )
    return people


def _as(client: Any, user: Any) -> Any:
    client.force_login(user)
    return client


def test_it_shows_the_therapist_the_report_with_charts_and_summary(
    client: Any, scored: Any
) -> None:
    page = _as(client, scored.therapist).get(f"/reports/episodes/{scored.episode.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-chart="chart-phq9"' in html and 'data-chart="chart-partnership"' in html
    assert "PHQ-9 went from 18 at session 1 to 9 at session 4: a reliable improvement" in html
    assert "Download PDF" in html
    assert "style=" not in html.split("<main", 1)[1]
    assert AuditEvent.objects.filter(
        action="report.progress.view", client_id=scored.client.pk
    ).exists()


def test_it_downloads_the_same_report_as_a_pdf(client: Any, scored: Any) -> None:
    response = _as(client, scored.therapist).get(
        f"/reports/episodes/{scored.episode.pk}/report.pdf"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert "attachment" in response["Content-Disposition"]
    assert AuditEvent.objects.filter(action="report.progress.pdf").exists()


@pytest.mark.parametrize("who", ["colleague", "outsider", "client_user", "admin", "supervisor"])
def test_it_is_not_found_for_anyone_outside_the_clients_care(
    client: Any, scored: Any, who: str
) -> None:
    # The supervisor supervises the therapist but the client has not consented to supervision.
    user = getattr(scored, who)
    for url in (
        f"/reports/episodes/{scored.episode.pk}/",
        f"/reports/episodes/{scored.episode.pk}/report.pdf",
    ):
        assert _as(client, user).get(url).status_code == 404


def test_the_supervisor_sees_it_once_the_client_consents(client: Any, scored: Any) -> None:
    scored.client.share_with_supervisor = True
    scored.client.save()
    assert (
        _as(client, scored.supervisor).get(f"/reports/episodes/{scored.episode.pk}/").status_code
        == 200
    )


def test_private_reflections_are_not_in_the_report(client: Any, people: Any) -> None:
    add_scores(people.episode, {"phq9": [12, 10]}, respondent=people.client_user)
    from tandem.measures.models import Response

    Response.objects.create(
        episode=people.episode,
        session=people.session,
        instrument_id="reflection",
        instrument_version="1",
        respondent=people.therapist,
        respondent_role="therapist",
        answers={"learned": "My private note about countertransference"},
        total=3,
        private=True,
    )
    html = _as(client, people.therapist).get(f"/reports/episodes/{people.episode.pk}/").content
    assert b"countertransference" not in html
