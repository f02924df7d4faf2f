"""The supervision page: each supervised therapist's sharing clients with their alerts and themes,
and nothing of a client who has not agreed to share."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache

from tandem.care.models import Client, Episode
from tandem.reports.tests.conftest import add_scores
from tandem.web.words import plain_spaces


def _worsening(episode: Episode) -> None:
    # PHQ-9 up by 8 since intake: more than the 6 that counts as reliable deterioration.
    add_scores(episode, {"phq9": [11, 14, 16, 19]})


def test_it_shows_sharing_clients_with_their_alerts_and_themes(client: Any, people: Any) -> None:
    cache.clear()
    people.client.share_with_supervisor = True
    people.client.save()
    _worsening(people.episode)
    client.force_login(people.supervisor)
    page = client.get("/supervision/").content.decode()
    assert "Ada\u00a0L." in page
    assert "PHQ-9 went from 11 to 19 since intake" in page
    assert "1 of 1 client shares with you; 1 needs attention." in page
    assert "1 client: not on track or getting worse" in page


def test_it_shows_nothing_of_a_client_who_has_not_agreed(client: Any, people: Any) -> None:
    cache.clear()
    _worsening(people.episode)  # Ada has not agreed to share
    quiet = Client.objects.create(
        practice=people.practice,
        display_name="Quinn Q.",
        therapist=people.therapist,
        share_with_supervisor=True,
    )
    Episode.objects.create(client=quiet, therapist=people.therapist, number=1)
    client.force_login(people.supervisor)
    page = client.get("/supervision/").content.decode()
    assert "Quinn\u00a0Q." in page
    assert "Ada L." not in plain_spaces(page)
    assert "PHQ-9 went from" not in page
    assert "not on track or getting worse" not in page
    assert "1 of 2 clients shares with you; 0 need attention." in page


def test_it_shows_only_the_therapists_this_person_supervises(client: Any, people: Any) -> None:
    people.other_client.share_with_supervisor = True  # a client of a colleague not supervised
    people.other_client.save()
    client.force_login(people.supervisor)
    page = client.get("/supervision/").content.decode()
    assert people.therapist.name in page
    assert people.colleague.name not in plain_spaces(page)
    assert "Ben K." not in plain_spaces(page)
