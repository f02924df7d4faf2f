"""`tandem alerts`: replay the alerts over ended episodes and say how well each kind predicted the end.

A thin shell over ``tandem.core.outcomes.replay``. No Django is imported unless ``--from-db``
is used.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from tandem.core.outcomes.errors import OutcomeInputError

MEASURES = ("phq9", "gad7")
# The anxiety-disorder-specific measures an episode's problem descriptor may pair with PHQ-9.
ADSMS = ("spin", "pcl5", "iesr", "mi", "oci", "pdss", "hai")


def _meta() -> dict[str, Any]:
    from tandem.core.instruments.loader import load_instruments
    from tandem.core.outcomes.alerts import InstrumentMeta

    found = load_instruments()
    return {
        m: InstrumentMeta(
            label=found[m].short_title,
            direction=found[m].direction or "higher_is_worse",
            cutoff=found[m].cutoff,
            reliable_change=found[m].reliable_change_threshold,
        )
        for m in (*MEASURES, *ADSMS)
        if m in found
    }


def _read(path: Path) -> Any:
    import pandas as pd  # type: ignore[import-untyped]

    if path.suffix.lower() in {".parquet", ".pq", ".parq"}:
        return pd.read_parquet(path)
    try:
        return pd.read_csv(path, dtype={"episode_id": str, "ended": str}, keep_default_na=False)
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise OutcomeInputError(0, f"the file cannot be read as CSV: {exc}") from exc


@click.command()
@click.argument(
    "file", required=False, type=click.Path(path_type=Path, exists=True, dir_okay=False)
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a table.")
@click.option(
    "--no-bands",
    is_flag=True,
    help="Judge not-on-track by the fixed rule alone, without bands learned from the file.",
)
@click.option(
    "--from-db", is_flag=True, help="Replay this practice's own ended episodes from the database."
)
@click.option(
    "--practice",
    metavar="PRACTICE",
    help="With --from-db: the practice, by its slug or its number.",
)
def alerts(
    file: Path | None, as_json: bool, no_bands: bool, from_db: bool, practice: str | None
) -> None:
    """Replay every ended episode session by session with the caseload's own alert rules, and
    report for each kind of alert: episodes flagged, sensitivity, specificity and positive
    predictive value for eventual reliable deterioration and for no reliable improvement, lead
    time in sessions, and alerts per episode (docs/outcomes.md, "The alert replay").

    FILE is CSV or Parquet in long form: episode_id, session, instrument, score, and optionally
    ended (1/0, true/false; without it every episode is taken as ended; open episodes are
    skipped) and problem (a problem descriptor, as for `tandem outcomes`: each episode is judged
    on PHQ-9 with the anxiety measure for its problem, as the caseload and the outcome figures
    judge it). Instruments: phq9, gad7, the disorder-specific spin, pcl5, iesr, mi, oci, pdss,
    hai, and partnership and partnership_mirror as a 0-10
    session mean, growth and reliance as a 0-4 mean; others are skipped. Bands are learned from
    the file's own episodes, as a practice's are (--no-bands: the fixed rule alone).

    \b
    Examples:
      tandem alerts episodes.csv
      tandem alerts episodes.parquet --json
      tandem alerts --from-db --practice harbour-lane --json
    """
    if from_db == (file is not None):
        raise click.UsageError("give either a FILE or --from-db (not both)")
    if practice and not from_db:
        raise click.UsageError("--practice goes with --from-db")
    if from_db:
        from tandem.cli.web import setup_django

        setup_django()
        from tandem.reports.alert_replay import replay_practice

        result = replay_practice(_practice(practice).pk, bands=not no_bands)
    else:
        from tandem.core.outcomes import replay

        assert file is not None
        try:
            long = replay.check_frame(_read(file), MEASURES)
        except OutcomeInputError as exc:
            click.echo(f"{file}: {exc}", err=True)
            sys.exit(1)
        meta = _meta()
        bands = None if no_bands else replay.learn_replay_bands(long, meta, MEASURES)
        result = replay.replay(long, meta, MEASURES, bands)
    if as_json:
        click.echo(json.dumps(result.to_json()))
    else:
        from tandem.core.outcomes.replay import markdown

        click.echo(markdown(result.validation))


def _practice(reference: str | None) -> Any:
    """The named practice, or the only one; several and none named is an error."""
    from tandem.accounts.models import Practice
    from tandem.cli.practices import practice_list, practices_named, reading_practices

    if reference is not None:
        return practices_named([reference])[0]
    with reading_practices():
        first_two = list(Practice.objects.order_by("slug")[:2])
        if len(first_two) > 1:
            raise click.UsageError(
                f"this database holds several practices: {practice_list()}. "
                "Choose one with --practice (its slug or its number)"
            )
    if not first_two:
        raise click.ClickException("this database holds no practice yet")
    return first_two[0]
