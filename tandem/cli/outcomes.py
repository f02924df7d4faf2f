"""`tandem outcomes`: the NHS Talking Therapies report for PHQ-9/GAD-7 from a file or the database.

A thin shell over ``tandem.core.outcomes``. No Django is imported unless ``--from-db`` is used,
and rich is imported only for the readable report or a progress display.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import Any

import click

from tandem.core.outcomes.errors import OutcomeInputError

DB_SOURCE = "tandem.measures.outcomes_source"


@click.command()
@click.argument(
    "file",
    required=False,
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a report.")
@click.option(
    "--from-db",
    is_flag=True,
    help="Use this practice's own scores from the database instead of a FILE.",
)
@click.option(
    "--practice",
    "practice_slug",
    metavar="SLUG",
    help="With --from-db: the practice to report on (needed when the database holds several).",
)
@click.option(
    "--all-practices",
    is_flag=True,
    help="With --from-db: one report over every practice in the database (a service-wide view).",
)
def outcomes(
    file: Path | None,
    as_json: bool,
    from_db: bool,
    practice_slug: str | None,
    all_practices: bool,
) -> None:
    """NHS Talking Therapies outcomes (recovery, reliable improvement, reliable deterioration,
    reliable recovery) for PHQ-9 with GAD-7.

    FILE is CSV or Parquet in long form with the columns episode_id, session, instrument, score
    (session is the 1-based contact number; instrument phq9 or gad7, other instruments are
    counted and skipped). A bad row stops the command with its line number and what is wrong.

    \b
    Examples:
      tandem outcomes scores.csv
      tandem outcomes scores.parquet --json
      tandem outcomes --from-db --json
      tandem outcomes --from-db --practice harbour-lane
      tandem outcomes --from-db --all-practices --json
    """
    if from_db == (file is not None):
        raise click.UsageError("give either a FILE or --from-db (not both)")
    if not from_db and (practice_slug or all_practices):
        raise click.UsageError("--practice and --all-practices go with --from-db")
    if practice_slug and all_practices:
        raise click.UsageError("give either --practice or --all-practices (not both)")
    from tandem.core.outcomes.nhs import OutcomeReport, outcome_columns

    try:
        with _progress("Reading and checking scores"):
            if file is not None:
                from tandem.core.outcomes.reader import read_outcome_columns

                columns, ignored = read_outcome_columns(file)
                source = str(file)
            else:
                arrays, ignored, source = _from_db(practice_slug, all_practices)
                columns = outcome_columns(arrays)
            report = OutcomeReport.from_columns(columns)
    except OutcomeInputError as exc:
        where = file.name if file is not None else "database"
        raise click.ClickException(f"{where}: {exc}; no report was produced") from None
    if as_json:
        click.echo(json.dumps(report.to_dict()))
        return
    _print_report(report.to_dict(), source, ignored)


def _from_db(practice_slug: str | None, all_practices: bool) -> tuple[Any, int, str]:
    from tandem.cli.web import setup_django

    setup_django()
    practice_slug, source = _which_practice(practice_slug, all_practices)
    try:
        module = importlib.import_module(DB_SOURCE)
    except ModuleNotFoundError as exc:
        if exc.name and DB_SOURCE.startswith(exc.name):
            raise click.ClickException(
                f"--from-db needs {DB_SOURCE}, which is not installed in this version of Tandem"
            ) from None
        raise
    from django.db import DatabaseError

    from tandem.core.outcomes.reader import check_frame

    try:
        frame = module.long_frame(practice_slug)
    except DatabaseError as exc:
        raise click.ClickException(
            f"cannot read scores from the database ({exc}); has `tandem manage migrate` been run?"
        ) from None
    arrays, ignored = check_frame(frame)
    return arrays, ignored, source


def _which_practice(practice_slug: str | None, all_practices: bool) -> tuple[str | None, str]:
    """The practice to report on, and the report's title. One practice in the database: that one.
    Several: the caller must say which (or ask for all), so no practice's figures are mixed into
    another's report by accident."""
    from django.db import DatabaseError

    from tandem.accounts.models import Practice

    try:
        practices = dict(Practice.objects.order_by("slug").values_list("slug", "name"))
    except DatabaseError as exc:
        raise click.ClickException(
            f"cannot read the practices ({exc}); has `tandem manage migrate` been run?"
        ) from None
    known = ", ".join(practices) or "none yet"
    if all_practices:
        return None, f"all {len(practices)} practices in the database"
    if practice_slug is None:
        if len(practices) > 1:
            raise click.ClickException(
                f"this database holds {len(practices)} practices ({known}): choose one with "
                "--practice SLUG, or --all-practices for one report over all of them"
            )
        practice_slug = next(iter(practices), None)
        if practice_slug is None:
            raise click.ClickException("this database holds no practice yet")
    if practice_slug not in practices:
        raise click.ClickException(
            f"there is no practice {practice_slug!r} in this database (practices: {known})"
        )
    return practice_slug, practices[practice_slug]


class _progress:
    """A rich status line on stderr, only when stderr is a terminal."""

    def __init__(self, message: str) -> None:
        self.message = message
        self.status: Any = None

    def __enter__(self) -> None:
        if sys.stderr.isatty():
            from rich.console import Console

            self.status = Console(stderr=True).status(self.message)
            self.status.__enter__()

    def __exit__(self, *exc: object) -> None:
        if self.status is not None:
            self.status.__exit__(*exc)


def _percent(value: float | None) -> str:
    return "—  (no episodes to count)" if value is None else f"{value:.1%}"


def _print_report(data: dict[str, Any], source: str, ignored: int) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"NHS Talking Therapies outcomes — {source}", title_justify="left")
    table.add_column("Measure")
    table.add_column("Count", justify="right")
    table.add_column("Rate", justify="right")
    table.add_column("Out of")
    table.add_row("Episodes with a PHQ-9 or GAD-7 score", f"{data['episodes']:,}", "", "")
    table.add_row("Finished (both measures at 2+ sessions)", f"{data['finished']:,}", "", "")
    table.add_row("At caseness at the start", f"{data['at_caseness']:,}", "", "finished")
    rows = (
        ("Recovered", "recovered", "recovery_rate", "finished at caseness"),
        (
            "Reliable recovery",
            "reliable_recovery",
            "reliable_recovery_rate",
            "finished at caseness",
        ),
        (
            "Reliable improvement",
            "reliable_improvement",
            "reliable_improvement_rate",
            "finished",
        ),
        (
            "Reliable deterioration",
            "reliable_deterioration",
            "reliable_deterioration_rate",
            "finished",
        ),
    )
    for label, count, rate, base in rows:
        table.add_row(label, f"{data[count]:,}", _percent(data[rate]), base)
    console = Console()
    console.print(table)
    if ignored:
        console.print(f"{ignored:,} rows for other instruments were skipped.")
    console.print(
        "Caseness: PHQ-9 ≥ 10 or GAD-7 ≥ 8. Reliable change: 6 on PHQ-9, 4 on GAD-7 "
        "(NHS Talking Therapies manual)."
    )
