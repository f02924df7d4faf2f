"""`tandem instruments`: list the questionnaires Tandem can use and check instrument files.

A thin shell over ``tandem.core.instruments``; no Django, so it runs before any database exists.
"""

from __future__ import annotations

import os
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from tandem.core.instruments import (
    Instrument,
    InstrumentError,
    TranslationFile,
    attach,
    builtin_dir,
    instrument_files,
    languages,
    load_file,
    load_instrument,
    load_instruments,
)


def default_dirs() -> list[Path]:
    """The practice's own instrument folder, from the environment.

    TANDEM_INSTRUMENTS_DIR when set; otherwise $TANDEM_DATA_DIR/instruments (TANDEM_DATA_DIR
    defaults to ./var) if that folder exists.
    """
    explicit = os.environ.get("TANDEM_INSTRUMENTS_DIR")
    if explicit:
        return [Path(explicit)]
    candidate = Path(os.environ.get("TANDEM_DATA_DIR") or "var") / "instruments"
    return [candidate] if candidate.is_dir() else []


@click.group()
def instruments() -> None:
    """List the questionnaires Tandem can use and check instrument files.

    \b
    Examples:
      tandem instruments list
      tandem instruments list --dir ./my-instruments
      tandem instruments check ./my-instruments/core10.yaml
      tandem instruments check ./my-instruments/phq9.es.yaml
    """


@instruments.command(name="list")
@click.option(
    "--dir",
    "dirs",
    multiple=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="A folder of extra instrument files (repeatable). Defaults to TANDEM_INSTRUMENTS_DIR, "
    "or $TANDEM_DATA_DIR/instruments when it exists.",
)
def list_instruments(dirs: tuple[Path, ...]) -> None:
    """Show every instrument Tandem can use, and any instrument file that failed to load.

    Exits with status 1 if any file has a problem, so a script notices.

    \b
    Examples:
      tandem instruments list
      tandem instruments list --dir ./my-instruments --dir ./trial-instruments
      TANDEM_INSTRUMENTS_DIR=./my-instruments tandem instruments list
    """
    folders = list(dirs) or default_dirs()
    registry = load_instruments(*folders)
    console = Console()
    table = Table(title="Instruments")
    table.add_column("id", no_wrap=True)
    table.add_column("version")
    table.add_column("title")
    table.add_column("answered by")
    table.add_column("items", justify="right")
    table.add_column("higher is")
    table.add_column("cutoff", justify="right")
    table.add_column("languages")
    table.add_column("licence")
    for instrument_id in registry.ids():
        instrument = registry[instrument_id]
        who = instrument.respondent + (" (private)" if instrument.private else "")
        source = "" if instrument_id in registry.builtin_ids else " [dim](practice)[/dim]"
        direction = {"higher_is_better": "better", "higher_is_worse": "worse"}
        table.add_row(
            instrument.id,
            instrument.version,
            instrument.short_title + source,
            who,
            str(len(instrument.items)),
            direction.get(instrument.direction or "", "not scored"),
            "—" if instrument.cutoff is None else f"{instrument.cutoff:g}",
            " ".join(languages(instrument)),
            _licence_summary(instrument.licence),
        )
    console.print(table)
    if registry.errors:
        err = Console(stderr=True)
        err.print(f"[bold red]{len(registry.errors)} problem(s) in instrument files:[/bold red]")
        for line in registry.errors:
            err.print(f"  {line}", markup=False, highlight=False)
        raise SystemExit(1)


@instruments.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def check(files: tuple[Path, ...]) -> None:
    """Check instrument files and translation files and say what is wrong, in plain words.

    Prints "ok: ID vVERSION (N items, M scored)" for a good file and every problem for a bad one.
    A translation file (one with translation_of, such as an official Spanish PHQ-9 saved as
    phq9.es.yaml) is checked against the instrument it translates, built-in or in the same
    folder: "ok: phq9 in es (10 items)". Exits with status 1 if any file has a problem. A
    practice file may not reuse the id of a built-in instrument.

    \b
    Examples:
      tandem instruments check core10.yaml
      tandem instruments check ./my-instruments/*.yaml
      tandem instruments check ./my-instruments/phq9.es.yaml
    """
    builtin = builtin_dir()
    builtin_ids = {load_instrument(path).id for path in sorted(builtin.glob("*.yaml"))}
    failed = False
    for path in files:
        try:
            loaded = load_file(path)
            if isinstance(loaded, TranslationFile):
                click.echo(_check_translation(loaded, path))
                continue
        except InstrumentError as exc:
            failed = True
            for line in exc.errors:
                click.echo(line)
            continue
        instrument = loaded
        is_builtin_file = path.resolve().parent == builtin
        if instrument.id in builtin_ids and not is_builtin_file:
            failed = True
            click.echo(
                f"{path.name}: id: {instrument.id!r} is a built-in instrument; a practice file "
                "may not replace it, so give yours a different id"
            )
            continue
        click.echo(f"ok: {instrument.id} v{instrument.version} ({_item_count(instrument)})")
    if failed:
        raise SystemExit(1)


def _check_translation(translation: TranslationFile, path: Path) -> str:
    """ "ok: ..." for a translation that fits its instrument; InstrumentError when it does not."""
    target = _instrument_translated(translation, path)
    if target is None:
        raise InstrumentError(
            [
                f"{path.name}: translation_of: there is no instrument "
                f"{translation.translation_of!r}, built-in or in {path.parent}"
            ]
        )
    attach(target, translation, path.name)
    return (
        f"ok: {target.id} in {translation.language} "
        f"({len(target.items)} items, for version {target.version})"
    )


def _instrument_translated(translation: TranslationFile, path: Path) -> Instrument | None:
    builtins = load_instruments()
    if translation.translation_of in builtins:
        return builtins[translation.translation_of]
    for candidate in instrument_files(path.resolve().parent):
        try:
            loaded = load_file(candidate)
        except InstrumentError:
            continue
        if isinstance(loaded, Instrument) and loaded.id == translation.translation_of:
            return loaded
    return None


def _item_count(instrument: Instrument) -> str:
    total, scored = len(instrument.items), len(instrument.scored_items)
    if scored in (0, total):
        return f"{total} items"
    return f"{total} items, {scored} scored"


def _licence_summary(text: str) -> str:
    """The licence up to its first full stop or semicolon: enough for a table cell."""
    head = text.replace(";", ".").partition(". ")[0]
    return head.rstrip(".")
