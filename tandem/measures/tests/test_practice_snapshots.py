"""Practice-wide figures (learned bands, the practice report) are computed by the worker and kept
in the database; every page reads the latest, says how old it is, and asks for a newer one."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from django_tasks_db.models import DBTaskResult

from tandem.care.models import Client, Episode
from tandem.measures import analytics, snapshots
from tandem.measures.models import PracticeSnapshot
from tandem.reports.tests.conftest import add_scores, closed_month_end

REPORT = PracticeSnapshot.PRACTICE_REPORT


def _ended(people: Any, count: int, first: int = 0) -> None:
    for i in range(first, first + count):
        c = Client.objects.create(
            practice=people.practice, display_name=f"E{i}", therapist=people.therapist
        )
        e = Episode.objects.create(
            client=c,
            therapist=people.therapist,
            number=1,
            status=Episode.ENDED,
            ended_on=closed_month_end(),
            end_reason="mutual",
        )
        add_scores(e, {"phq9": [16, 12, 8 + i % 6], "gad7": [12, 9, 6 + i % 5]})


def _queued(name: str) -> int:
    return sum(p.endswith(name) for p in DBTaskResult.objects.values_list("task_path", flat=True))


def test_a_new_practice_gets_its_report_computed_on_the_spot_and_kept(
    client: Any, people: Any, db_tasks: None
) -> None:
    _ended(people, 12)
    client.force_login(people.admin)
    page = client.get("/reports/practice/").content.decode()
    assert "Figures as of" in page and "Updating" not in page
    snapshot = PracticeSnapshot.objects.get(practice=people.practice, kind=REPORT)
    assert snapshot.data_version == snapshots.data_version()
    assert snapshot.payload["report"]["practice"]["episodes"] == 12


def test_a_fresh_snapshot_is_shown_without_recomputing(
    client: Any, people: Any, db_tasks: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _ended(people, 12)
    client.force_login(people.admin)
    client.get("/reports/practice/")

    def must_not_run(*args: Any) -> Any:
        raise AssertionError("recomputed although the snapshot is fresh")

    monkeypatch.setattr("tandem.reports.practice.compute_report_payload", must_not_run)
    page = client.get("/reports/practice/").content.decode()
    # 12 ended, and the fixture's open episode that began before the report closed.
    assert "13 episodes in this practice" in page and "Updating" not in page
    assert _queued("recompute_practice") == 0


def test_newer_data_shows_the_old_figures_says_updating_and_queues_one_recomputation(
    client: Any, people: Any, run_worker: Any
) -> None:
    _ended(people, 12)
    client.force_login(people.admin)
    client.get("/reports/practice/")
    _ended(people, 3, first=12)  # new data since the snapshot
    page = client.get("/reports/practice/").content.decode()
    assert "13 episodes in this practice" in page  # at once, from the snapshot
    assert "Updating — refresh in a minute" in page
    client.get("/reports/practice/")  # a second reader, while the first request waits
    assert _queued("recompute_practice") == 1

    run_worker()

    page = client.get("/reports/practice/").content.decode()
    assert "16 episodes in this practice" in page and "Updating" not in page


def test_the_nightly_job_recomputes_every_practice(people: Any, run_worker: Any) -> None:
    from tandem.measures.tasks import recompute_all_practices

    _ended(people, 12)
    recompute_all_practices.enqueue()
    run_worker()
    kept = PracticeSnapshot.objects.filter(practice=people.practice)
    assert {s.kind for s in kept} == {PracticeSnapshot.BANDS, REPORT, PracticeSnapshot.ALERT_REPLAY}
    assert {s.practice_id for s in PracticeSnapshot.objects.all()} == {
        people.practice.pk,
        people.other_practice.pk,
    }
    assert all(s.data_version == snapshots.data_version() for s in kept)


def test_an_older_computation_never_replaces_a_newer_one(people: Any) -> None:
    snapshots.store(people.practice.pk, REPORT, "10:5:3", {"episodes": 2})
    snapshots.store(people.practice.pk, REPORT, "9:5:3", {"episodes": 1})
    assert snapshots.read(people.practice.pk, REPORT).payload == {"episodes": 2}  # type: ignore[union-attr]


def test_alerts_read_the_bands_from_the_snapshot(people: Any, db_tasks: None) -> None:
    # 30 finished episodes in one severity group fill the cells the bands need.
    for i in range(32):
        c = Client.objects.create(
            practice=people.practice, display_name=f"B{i}", therapist=people.therapist
        )
        e = Episode.objects.create(
            client=c, therapist=people.therapist, number=1, status=Episode.ENDED
        )
        add_scores(e, {"phq9": [16, 14 - i % 4, 12 - i % 5, 10 - i % 6]})
    learned = analytics.practice_bands(people.practice.pk)  # none kept yet: learned and kept
    assert learned is not None and learned.instrument == analytics.PRIMARY
    kept = PracticeSnapshot.objects.get(practice=people.practice, kind=PracticeSnapshot.BANDS)
    # What a process reads back is what was learned, empty cells included.
    again = analytics.practice_bands(people.practice.pk)
    assert again is not None
    np.testing.assert_array_equal(again.n, learned.n)
    for q, values in learned.percentiles.items():
        np.testing.assert_array_equal(again.percentiles[q], values)
    assert np.isnan(again.percentiles[75]).any()
    cell = again.cell(16, 2)
    assert cell is not None and cell.n == 32
    assert PracticeSnapshot.objects.get(pk=kept.pk).computed_at == kept.computed_at


def test_tandem_recompute_computes_now_or_leaves_it_to_the_worker(
    people: Any, db_tasks: None
) -> None:
    from click.testing import CliRunner

    from tandem.cli.recompute import recompute

    done = CliRunner().invoke(recompute, ["--practice", str(people.practice.pk)])
    assert done.exit_code == 0, done.output
    assert "Harbour" in done.output
    assert PracticeSnapshot.objects.filter(practice=people.practice).count() == 3
    queued = CliRunner().invoke(recompute, ["--queue", "--kind", "bands"])
    assert queued.exit_code == 0 and _queued("recompute_practice") == 2  # both practices
    missing = CliRunner().invoke(recompute, ["--practice", "999999"])
    assert missing.exit_code != 0 and "no practice numbered 999999" in missing.output
