"""`tandem import-scores`: a dry run lists every problem by line; a real run is all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from click.testing import CliRunner

from tandem.api.tests.conftest import PHQ9_ANSWERS
from tandem.cli import main
from tandem.measures.actions import submit_response
from tandem.measures.models import Response


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "scores.csv"
    path.write_text(text)
    return path


def _run(path: Path, *extra: str) -> Any:
    return CliRunner().invoke(
        main, ["import-scores", str(path), "--as", "therapist@harbour.test", *extra]
    )


def test_a_dry_run_says_what_would_be_created_and_stores_nothing(
    people: Any, tmp_path: Path
) -> None:
    e = people.episode.pk
    path = _file(
        tmp_path,
        f"episode_id,session,instrument,score,date\n{e},1,phq9,14,\n{e},2,phq9,9,2026-02-01\n",
    )
    result = _run(path, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Would create 2 score(s) and 1 session(s)" in result.output
    assert Response.objects.count() == 0


def test_every_problem_is_listed_with_its_line(people: Any, tmp_path: Path) -> None:
    e = people.episode.pk
    other = people.other_client.episodes.get().pk
    path = _file(
        tmp_path,
        "episode_id,session,instrument,score\n"
        f"{e},1,phq9,14\n"
        f"{e},1,phq9,15\n"
        f"{other},1,phq9,3\n"
        f"{e},1,gad7,40\n"
        f"{e},1,nosuch,3\n"
        f"{e},9,gad7,4\n",
    )
    result = _run(path)
    assert result.exit_code == 1
    output = result.output
    assert f"line 3: episode {e}, session 1 already has a PHQ-9 score (on line 2)" in output
    assert f"line 4: there is no episode {other} that you can add scores to" in output
    assert "line 5: a GAD-7 score runs from 0 to 21, not 40" in output
    assert "line 6: “nosuch” is not an instrument" in output
    assert "line 7: episode" in output and "add a date column" in output
    assert Response.objects.count() == 0


def test_a_real_run_stores_scores_with_their_severity(people: Any, tmp_path: Path) -> None:
    e = people.episode.pk
    path = _file(
        tmp_path,
        f"episode_id,session,instrument,score,date\n{e},1,phq9,14,\n{e},2,phq9,9,2026-02-01\n",
    )
    assert _run(path).exit_code == 0
    stored = Response.objects.order_by("session__number")
    assert [(r.session.number, r.total, r.severity) for r in stored] == [
        (1, 14.0, "Moderate"),
        (2, 9.0, "Mild"),
    ]
    again = _run(path)
    assert "Created 0 score(s) and 0 session(s); 2 already there" in again.output


def test_exported_scores_import_back_identically(people: Any, tmp_path: Path) -> None:
    submit_response(
        people.client_user, people.episode, "phq9", PHQ9_ANSWERS, session=people.session
    )
    CliRunner().invoke(main, ["export", str(tmp_path), "--as", "therapist@harbour.test"])
    before = list(Response.objects.values_list("session__number", "instrument_id", "total"))
    Response.objects.all().delete()
    assert _run(tmp_path / "scores.csv").exit_code == 0
    after = list(Response.objects.values_list("session__number", "instrument_id", "total"))
    assert after == before
