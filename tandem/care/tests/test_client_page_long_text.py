"""The client page keeps a 4,000-character comment to its start with "Show all", and labels each
score with its measure's name on a phone (issue 17.17)."""

import re

import pytest

from tandem.measures.actions import submit_response

pytestmark = pytest.mark.django_db

LONG = ("More time on the week ahead, please. " * 110)[:4000]
PARTNERSHIP = {i: 7 for i in ("heard", "focus", "fit", "together", "takeaway")}


def _page(client, people, comment):
    answers = PARTNERSHIP | {"next_time": comment}
    submit_response(
        people.client_user, people.episode, "partnership", answers, session=people.session
    )
    client.force_login(people.therapist)
    return client.get(f"/clients/{people.client.pk}/").content.decode()


def test_a_long_comment_shows_its_start_and_show_all(client, people):
    page = _page(client, people, LONG)
    clamp = re.search(r'<details class="clamp"><summary><span class="start">(.*?)</span>', page)
    assert clamp is not None and len(clamp.group(1)) <= 205
    assert "Show all" in page and page.count(LONG[:3990]) == 1  # whole, once, inside details


def test_a_short_comment_is_shown_whole(client, people):
    page = _page(client, people, "Less homework talk.")
    assert "“Less homework talk.”" in page and 'class="clamp"' not in page


def test_scores_are_labelled_with_the_measures_name(client, people):
    page = _page(client, people, "ok")
    assert 'data-label="Partnership"' in page and 'data-label="partnership"' not in page
