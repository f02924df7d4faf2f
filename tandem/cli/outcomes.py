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
def outcomes(file: Path | None, as_json: bool, from_db: bool) -> None:
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
    """
    if from_db == (file is not None):
        raise click.UsageError("give either a FILE or --from-db (not both)")
    from tandem.core.outcomes.nhs import OutcomeReport, outcome_columns

    try:
        with _progress("Reading and checking scores"):
            if file is not None:
                from tandem.core.outcomes.reader import read_outcome_columns

                columns, ignored = read_outcome_columns(file)
                source = str(file)
            else:
                arrays, ignored = _from_db()
                columns = outcome_columns(arrays)
                source = "this practice's database"
            report = OutcomeReport.from_columns(columns)
    except OutcomeInputError as exc:
        where = file.name if file is not None else "database"
        raise click.ClickException(f"{where}: {exc}; no report was produced") from None
    if as_json:
        click.echo(json.dumps(report.to_dict()))
        return
    _print_report(report.to_dict(), source, ignored)


def _from_db() -> Any:
    from tandem.cli.web import setup_django

    setup_django()
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
        frame = module.long_frame()
    except DatabaseError as exc:
        raise click.ClickException(
            f"cannot read scores from the database ({exc}); has `tandem manage migrate` been run?"
        ) from None
    return check_frame(frame)


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
