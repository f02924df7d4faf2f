"""Scores as a person reads them (walk of the staff pages, 17.17): a column of means keeps its
decimal ('5.0' beside '5.2', not '5'), and a score on the session page says what it is out of."""

import re

import pytest

from tandem.reports.tests.conftest import add_scores, partnership

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(people):
    add_scores(
        people.episode,
        {"phq9": [12, 9], "partnership": [partnership(5), partnership(5.2)]},
        respondent=people.client_user,
    )
    return people


def test_a_column_of_means_keeps_its_decimal_and_sums_stay_whole(client, scored):
    client.force_login(scored.therapist)
    page = client.get(f"/clients/{scored.client.pk}/").content.decode()
    cells = re.findall(r'data-label="Partnership">([^<]*)</td>', page)
    assert cells == ["5.0", "5.2"]
    assert re.findall(r'data-label="PHQ-9">([^<]*)</td>', page) == ["12", "9"]
    report = client.get(f"/reports/episodes/{scored.episode.pk}/").content.decode()
    assert '<td class="num">5.0</td>' in report and '<td class="num">12</td>' in report


def test_the_session_page_says_what_a_score_is_out_of(client, scored):
    client.force_login(scored.therapist)
    first = scored.episode.sessions.order_by("number").first()
    page = client.get(f"/sessions/{first.pk}/").content.decode()
    assert "Score: <strong>12</strong> out of 27" in page
    assert "Score: <strong>5.0</strong> out of 10" in page
