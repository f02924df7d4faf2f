"""Commands for fitting Tandem into other systems: API tokens, exports, imports, backups.

A thin shell over ``tandem.api.actions`` and ``tandem.interop``; Django is set up only when a
command runs.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from tandem.cli.web import setup_django

CONTEXT = {"help_option_names": ["-h", "--help"]}


def _user(email: str) -> Any:
    from tandem.accounts.models import User

    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise click.ClickException(f"There is nobody with the email address {email}.")
    return user


# -- token -----------------------------------------------------------------------------------


@click.group(context_settings=CONTEXT)
def token() -> None:
    """Make, list and revoke personal access tokens for the REST API.

    A token acts as the person it belongs to: it sees exactly what they see.

    \b
    Examples:
      tandem token create therapist@example.org --name "R analysis" --read-only
      tandem token list therapist@example.org
      tandem token revoke 12
    """


@token.command(name="create", context_settings=CONTEXT)
@click.argument("email")
@click.option("--name", default="API token", show_default=True, help="What the token is for.")
@click.option("--read-only", is_flag=True, help="The token can read but not change anything.")
def token_create(email: str, name: str, read_only: bool) -> None:
    """Make a token for EMAIL and print it, alone, on the last line (it is shown only once).

    \b
    Examples:
      tandem token create therapist@example.org --name "clinic record sync"
      TOKEN=$(tandem token create me@example.org --read-only | tail -n 1)
    """
    setup_django()
    from tandem.api.actions import create_token

    user = _user(email)
    made, secret = create_token(None, user, name, read_only=read_only)
    access = "read only" if read_only else "read and write"
    click.echo(f"Token {made.pk} “{made.name}” for {user.email} ({access}). Copy it now:", err=True)
    click.echo(secret)


@token.command(name="list", context_settings=CONTEXT)
@click.argument("email")
def token_list(email: str) -> None:
    """List EMAIL's tokens (never the secrets themselves).

    \b
    Examples:
      tandem token list therapist@example.org
    """
    setup_django()
    from tandem.api.models import AccessToken

    for made in AccessToken.objects.filter(user=_user(email)):
        state = f"revoked {made.revoked_at:%Y-%m-%d}" if made.revoked_at else "active"
        used = f"{made.last_used_at:%Y-%m-%d %H:%M}" if made.last_used_at else "never"
        access = "read-only" if made.read_only else "read-write"
        click.echo(f"{made.pk}\t{made.prefix}…\t{made.name}\t{access}\t{state}\tlast used {used}")


@token.command(name="revoke", context_settings=CONTEXT)
@click.argument("token_id", type=int)
def token_revoke(token_id: int) -> None:
    """Revoke the token with this number (from `tandem token list`).

    \b
    Examples:
      tandem token revoke 12
    """
    setup_django()
    from tandem.api.actions import revoke_token
    from tandem.api.models import AccessToken

    made = AccessToken.objects.select_related("user").filter(pk=token_id).first()
    if made is None:
        raise click.ClickException(f"There is no token {token_id}.")
    revoke_token(None, made)
    click.echo(f"Revoked token {token_id} ({made.name}) of {made.user.email}.")


# -- export and import -----------------------------------------------------------------------


@click.command(context_settings=CONTEXT)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "parquet", "fhir"]),
    default="csv",
    show_default=True,
    help="Long CSV or Parquet with a codebook, or FHIR JSON.",
)
@click.option(
    "--as",
    "as_email",
    metavar="EMAIL",
    help="Export only what this person may see. Without it: the whole instance, less private answers.",
)
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
def export(fmt: str, as_email: str | None, folder: Path) -> None:
    """Export answers and scores into FOLDER.

    csv/parquet: answers (one row per item answer and one per score), scores (the long form
    `tandem outcomes` reads) and codebook.csv. fhir: a Questionnaire per instrument and a Bundle
    per episode.

    \b
    Examples:
      tandem export --format csv ./export
      tandem export --format parquet ./export --as therapist@example.org
      tandem export --format fhir ./fhir
    """
    setup_django()
    from tandem.interop.export import write

    user = _user(as_email) if as_email else None
    for path in write(folder, fmt, user):
        click.echo(str(path))


@click.command(name="import-scores", context_settings=CONTEXT)
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "--as",
    "as_email",
    metavar="EMAIL",
    required=True,
    help="The therapist the scores are imported by (their episodes only).",
)
@click.option("--dry-run", is_flag=True, help="Check and report; store nothing.")
def import_scores(file: Path, as_email: str, dry_run: bool) -> None:
    """Import historical scores from a CSV: episode_id,session,instrument,score[,date].

    episode_id is a Tandem episode the therapist holds; session is its session number (a missing
    session is recorded when the row has a date). Every problem is listed with its line number;
    a real run stores everything or nothing. Exits 1 when there is a problem.

    \b
    Examples:
      tandem import-scores history.csv --as therapist@example.org --dry-run
      tandem import-scores history.csv --as therapist@example.org
    """
    setup_django()
    from tandem.interop.import_scores import ImportProblems
    from tandem.interop.import_scores import import_scores as run

    user = _user(as_email)
    try:
        report = run(file, user, dry_run=dry_run)
    except ImportProblems as exc:
        report = exc.report
    verb = "Would create" if dry_run or report.problems else "Created"
    click.echo(
        f"{verb} {report.responses} score(s) and {report.sessions} session(s); "
        f"{report.unchanged} already there."
    )
    for problem in report.problems:
        click.echo(problem, err=True)
    if report.problems:
        click.echo(f"{len(report.problems)} problem(s); nothing was stored.", err=True)
        sys.exit(1)


# -- backup and restore ----------------------------------------------------------------------


@click.command(context_settings=CONTEXT)
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
def backup(file: Path) -> None:
    """Back up the whole instance into FILE (safe while the server runs).

    SQLite: the online backup API. PostgreSQL: pg_dump's custom format (pg_dump must be on PATH).

    \b
    Examples:
      tandem backup var/backups/tandem-$(date +%F).sqlite3
      DATABASE_URL=postgres://tandem@db/tandem tandem backup tandem.dump
    """
    setup_django()
    from tandem.interop.backup import BackupError
    from tandem.interop.backup import backup as run

    try:
        click.echo(str(run(file)))
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None


@click.command(context_settings=CONTEXT)
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore(file: Path, yes: bool) -> None:
    """Replace everything in the database with the backup in FILE. Stop the app servers first.

    \b
    Examples:
      tandem restore var/backups/tandem-2026-03-01.sqlite3
      DATABASE_URL=postgres://tandem@db/tandem tandem restore tandem.dump --yes
    """
    if not yes:
        click.confirm("This replaces everything in the database. Go on?", abort=True)
    setup_django()
    from tandem.interop.backup import BackupError
    from tandem.interop.backup import restore as run

    try:
        run(file)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Restored from {file}.")
