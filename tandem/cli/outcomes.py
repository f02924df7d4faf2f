"""`tandem outcomes`: the NHS Talking Therapies report from a file or the database.

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
    "practice",
    metavar="PRACTICE",
    help="With --from-db: the practice to report on, by its slug or its number (needed when the "
    "database holds several).",
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
    practice: str | None,
    all_practices: bool,
) -> None:
    """NHS Talking Therapies outcomes (recovery, reliable improvement, reliable deterioration,
    reliable recovery) for PHQ-9 paired with the anxiety measure for each episode's problem.

    FILE is CSV or Parquet in long form with the columns episode_id, session, instrument, score
    (session is the 1-based contact number) and, optionally, ended (1/0 or true/false, the same
    on every row of an episode; without it every episode is taken as ended) and problem (one of
    depression, gad, mixed, none, social_anxiety, ptsd, agoraphobia, ocd, panic, health_anxiety,
    the same on every row of an episode; none without it). Instruments: phq9, gad7, spin, pcl5,
    iesr, mi, oci, pdss, hai (the MI's scores are decimal means); other instruments are counted
    and skipped. Rows may come in any order and episode ids may be text. A bad row stops the
    command with its line number and what is wrong.

    Only ended episodes are outcomes. Finished: ended with two or more distinct sessions at which
    a measure was scored. Paired: finished with PHQ-9 and the anxiety measure (the problem's
    anxiety-disorder-specific measure when it has scores at two or more sessions, else the GAD-7)
    each scored at two or more sessions; first and last are the lowest and highest session scored
    on that measure. Recovery and reliable recovery are over paired episodes at caseness,
    reliable improvement and deterioration over paired episodes.

    With --from-db, --practice takes a practice's slug or its number: a whole number is a
    number, anything else a slug.

    \b
    Examples:
      tandem outcomes scores.csv
      tandem outcomes scores.parquet --json
      tandem outcomes --from-db --json
      tandem outcomes --from-db --practice harbour-lane
      tandem outcomes --from-db --practice 3 --json
      tandem outcomes --from-db --all-practices --json
    """
    if from_db == (file is not None):
        raise click.UsageError("give either a FILE or --from-db (not both)")
    if not from_db and (practice or all_practices):
        raise click.UsageError("--practice and --all-practices go with --from-db")
    if practice and all_practices:
        raise click.UsageError("give either --practice or --all-practices (not both)")
    from tandem.core.outcomes.nhs import OutcomeReport, outcome_columns

    try:
        with _progress("Reading and checking scores"):
            if file is not None:
                from tandem.core.outcomes.long_table import read_long_arrays

                arrays, ignored = read_long_arrays(file)
                source = str(file)
            else:
                arrays, ignored, source = _from_db(practice, all_practices)
            report = OutcomeReport.from_columns(outcome_columns(arrays))
    except OutcomeInputError as exc:
        where = file.name if file is not None else "database"
        raise click.ClickException(f"{where}: {exc}; no report was produced") from None
    if as_json:
        click.echo(json.dumps(report.to_dict()))
        return
    _print_report(report.to_dict(), source, ignored)


def _from_db(practice: str | None, all_practices: bool) -> tuple[Any, int, str]:
    from tandem.cli.web import setup_django

    setup_django()
    practice_slug, source = _which_practice(practice, all_practices)
    try:
        module = importlib.import_module(DB_SOURCE)
    except ModuleNotFoundError as exc:
        if exc.name and DB_SOURCE.startswith(exc.name):
            raise click.ClickException(
                f"--from-db needs {DB_SOURCE}, which is not installed in this version of Tandem"
            ) from None
        raise
    from django.db import DatabaseError

    from tandem.core.outcomes.long_table import check_frame

    try:
        frame = module.long_frame(practice_slug)
    except DatabaseError as exc:
        raise click.ClickException(
            f"cannot read scores from the database ({exc}); has `tandem manage migrate` been run?"
        ) from None
    arrays, ignored = check_frame(frame)
    return arrays, ignored, source


def _which_practice(reference: str | None, all_practices: bool) -> tuple[str | None, str]:
    """The slug of the practice to report on (None for all of them), and the report's title.
    One practice in the database: that one. Several: the caller must say which (or ask for all),
    so that no practice's figures are mixed into another's report by accident."""
    from tandem.accounts.models import Practice
    from tandem.cli.practices import practice_list, practices_named, reading_practices

    with reading_practices():
        if all_practices:
            return None, f"all {Practice.objects.count()} practices in the database"
        if reference is not None:
            (practice,) = practices_named([reference])
            return practice.slug, practice.name
        first_two = list(Practice.objects.order_by("slug")[:2])
        if len(first_two) > 1:
            raise click.ClickException(
                f"this database holds {Practice.objects.count()} practices: "
                f"{practice_list()}. Choose one with --practice (its slug or its number), "
                "or --all-practices for one report over all of them"
            )
    if not first_two:
        raise click.ClickException("this database holds no practice yet")
    return first_two[0].slug, first_two[0].name


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
    table.add_row("Episodes with an outcome-measure score", f"{data['episodes']:,}", "", "")
    table.add_row("Not ended (open or paused: not outcomes)", f"{data['not_ended']:,}", "", "")
    table.add_row("Finished (ended, 2+ sessions)", f"{data['finished']:,}", "", "")
    table.add_row("Finished with paired scores", f"{data['paired']:,}", "", "")
    table.add_row("At caseness at the start", f"{data['at_caseness']:,}", "", "paired")
    rows = (
        ("Recovered", "recovered", "recovery_rate", "paired at caseness"),
        (
            "Reliable recovery",
            "reliable_recovery",
            "reliable_recovery_rate",
            "paired at caseness",
        ),
        (
            "Reliable improvement",
            "reliable_improvement",
            "reliable_improvement_rate",
            "paired",
        ),
        (
            "Reliable deterioration",
            "reliable_deterioration",
            "reliable_deterioration_rate",
            "paired",
        ),
    )
    for label, count, rate, base in rows:
        table.add_row(label, f"{data[count]:,}", _percent(data[rate]), base)
    console = Console()
    console.print(table)
    if ignored:
        console.print(f"{ignored:,} rows for other instruments were skipped.")
    console.print(
        "Caseness: PHQ-9 ≥ 10, GAD-7 ≥ 8, or the anxiety-disorder-specific measure at or above "
        "its threshold; reliable change: 6 on PHQ-9, 4 on GAD-7, the measure's own otherwise "
        "(NHS Talking Therapies manual; the thresholds are listed in docs/outcomes.md)."
    )
