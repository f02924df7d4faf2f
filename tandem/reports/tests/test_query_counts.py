"""Page speed: the caseload and the client picture make the same number of queries whatever the
caseload size (the benchmark in bench/bench_pages.py times them at 150 clients)."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tandem.care.models import Client, Episode
from tandem.reports.tests.conftest import add_scores, partnership


def _clients(people: Any, count: int, start: int) -> None:
    for i in range(start, start + count):
        c = Client.objects.create(
            practice=people.practice, display_name=f"C{i:03d}", therapist=people.therapist
        )
        e = Episode.objects.create(client=c, therapist=people.therapist, number=1)
        add_scores(e, {"phq9": [15, 12 + i % 5, 9 + i % 7], "partnership": [partnership(8)] * 3})


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_caseload_query_count_does_not_grow_with_the_caseload(client: Any, people: Any) -> None:
    client.force_login(people.therapist)
    _clients(people, 3, 0)
    client.get("/caseload/")  # warm the practice's band cache, as in production
    few = _queries(client, "/caseload/")
    _clients(people, 20, 3)
    many = _queries(client, "/caseload/")
    assert many == few, (few, many)


def test_the_practice_report_query_count_does_not_grow_with_the_practice(
    client: Any, people: Any
) -> None:
    client.force_login(people.admin)
    _clients(people, 3, 0)
    client.get("/reports/practice/")  # the practice's first snapshot
    _clients(people, 1, 3)
    stale_few = _queries(client, "/reports/practice/")  # newer data: recomputed (at once here)
    fresh_few = _queries(client, "/reports/practice/")  # read from the snapshot
    _clients(people, 20, 4)
    stale_many = _queries(client, "/reports/practice/")
    fresh_many = _queries(client, "/reports/practice/")
    assert (stale_many, fresh_many) == (stale_few, fresh_few)
    assert fresh_few < stale_few
