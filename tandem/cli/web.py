"""Commands that need the database: serve, seed-demo, createpractice, manage."""

from __future__ import annotations

import os
import sys
from typing import Any

import click


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.settings")
    import django

    django.setup()


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--workers", default=2, show_default=True, type=int, help="Worker processes.")
@click.option("--threads", default=4, show_default=True, type=int, help="Threads per worker.")
@click.option(
    "--migrate/--no-migrate",
    default=True,
    show_default=True,
    help="Apply database migrations before serving.",
)
@click.option(
    "--worker/--no-worker",
    "with_worker",
    default=None,
    help="Also run one background worker (emails, reminders, transcript analysis, nightly "
    "figures) and stop it with the server. Default: on in single-machine mode (no DATABASE_URL), "
    "off otherwise, where workers run as their own services.",
)
def serve(
    host: str, port: int, workers: int, threads: int, migrate: bool, with_worker: bool | None
) -> None:
    """Serve Tandem with gunicorn (the same server in the demo and in production).

    \b
    Examples:
      tandem serve
      tandem serve --host 0.0.0.0 --port 8080 --workers 4
      tandem serve --no-worker      # background work runs elsewhere (`tandem worker`)
    """
    setup_django()
    from django.core.management import call_command
    from gunicorn.app.base import BaseApplication

    if migrate:
        call_command("migrate", interactive=False, verbosity=0)

    from django.db import connections
    from django.urls import get_resolver

    from tandem import conf
    from tandem.web.accesslog import AccessLogger, JsonAccessLogger
    from tandem.wsgi import application

    json_logs = conf.env_choice("TANDEM_LOG_FORMAT", ("plain", "json")) == "json"
    access_logger = JsonAccessLogger if json_logs else AccessLogger

    # Load every view once here, before gunicorn forks, so a worker that is restarted (after a
    # crash, or by max-requests) serves at once; and never share a database connection with it.
    get_resolver().url_patterns  # noqa: B018
    connections.close_all()

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("threads", threads)
            self.cfg.set("accesslog", "-")
            # One line per request without query strings or secret links; JSON with
            # TANDEM_LOG_FORMAT=json, like every other log line (tandem.web.accesslog).
            self.cfg.set("logger_class", access_logger)
            self.cfg.set("graceful_timeout", 10)

        def load(self) -> Any:
            return application

    if with_worker is None:
        with_worker = not conf.env("DATABASE_URL")
    if with_worker:
        from tandem.cli.companion import start_worker

        start_worker()
        click.echo(
            "A background worker runs beside the server (--no-worker to leave it out).", err=True
        )
    click.echo(f"Tandem is running at http://{host}:{port}/  (Ctrl+C to stop)", err=True)
    Server().run()


@click.command("seed-demo", context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--quiet", is_flag=True, help="Print only the logins.")
@click.option(
    "--scale",
    type=click.Choice(["demo", "large"]),
    default="demo",
    show_default=True,
    help="large: 1,000 therapists, 50,000 clients, 1,000,000 responses (for load figures).",
)
def seed_demo(quiet: bool, scale: str) -> None:
    """Load the demo practice (idempotent: running it again changes nothing) and print its logins.

    \b
    Examples:
      tandem seed-demo
      tandem seed-demo --scale large
    """
    setup_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    if scale == "large":
        from tandem.demo.large import LOGINS, PASSWORD, seed_large

        loaded = seed_large(progress=(lambda _m: None) if quiet else click.echo)
        click.echo("Large practice " + ("loaded." if loaded else "was already loaded."))
        click.echo(f"\nLogins (password: {PASSWORD}):")
        for email, what in LOGINS:
            click.echo(f"  {email:32} {what}")
        return
    from tandem.demo import DEMO_LOGINS, DEMO_PASSWORD, seed

    created = seed(progress=not quiet)
    if not quiet:
        click.echo(
            "Demo practice " + ("loaded." if created else "was already loaded; nothing changed.")
        )
    click.echo(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
    for email, what in DEMO_LOGINS:
        click.echo(f"  {email:32} {what}")
    if created:
        from tandem.demo.links import CLIENT, pending_link

        url = pending_link()
        if url:
            click.echo(
                f"\nA questionnaire link waiting for {CLIENT} (opens without signing in; "
                "shown this once):"
            )
            click.echo(f"  {url}")


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("name")
@click.option("--admin-email", required=True, help="Email of the practice admin to invite.")
@click.option("--admin-name", default="", help="Name of the practice admin.")
def createpractice(name: str, admin_email: str, admin_name: str) -> None:
    """Create a practice and invite its first admin (prints the one-time invitation link).

    \b
    Examples:
      tandem createpractice "Riverside Therapy" --admin-email lead@riverside.example
    """
    setup_django()
    from tandem.accounts.actions import create_practice
    from tandem.errors import ActionError

    try:
        sent = create_practice(name, admin_email, admin_name)
    except ActionError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Practice “{name.strip()}” created.")
    click.echo(f"Invitation link for {sent.email} (works once):")
    click.echo(sent.link)


@click.command(
    context_settings={"ignore_unknown_options": True, "help_option_names": ["-h", "--help"]},
    add_help_option=False,
)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """Run a Django management command (migrate, createsuperuser, shell, …).

    \b
    Examples:
      tandem manage migrate
      tandem manage createsuperuser
    """
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["tandem manage", *args])
    sys.exit(0)


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
def escalate() -> None:
    """Escalate risk alerts nobody acknowledged within the practice's set time (run it regularly).

    Queues a detail-free email with a link to the supervisor and practice lead (`tandem worker`
    sends it). Safe to run as often as you like: an alert is escalated once. The worker runs this
    every five minutes by itself; run it from cron only if you run no worker.

    \b
    Examples:
      tandem escalate
    """
    setup_django()
    from tandem.safety.actions import escalate_overdue

    escalated = escalate_overdue()
    click.echo(f"{len(escalated)} alert(s) escalated.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def audit() -> None:
    """Check the audit trail.

    \b
    Examples:
      tandem audit verify
    """


@audit.command()
@click.option(
    "--no-seal",
    is_flag=True,
    help="Check the chain as it is, without first sealing the records written since the last seal.",
)
@click.option(
    "--head",
    "known_head",
    metavar="N:HASH",
    help="A head printed by an earlier check: the chain must still have that hash at place N.",
)
def verify(no_seal: bool, known_head: str | None) -> None:
    """Verify the audit trail's hash chain; exit 1 at the first altered or removed record.

    Records written since the last seal (normally a few seconds' worth) are sealed first, so the
    check covers everything committed. The last line gives the chain's head: keep it somewhere
    else to tell later that the chain was not rewritten from some record onwards.

    \b
    Examples:
      tandem audit verify
      tandem audit verify --no-seal
      tandem audit verify --head 48213:9f2c…   (the full hash from an earlier check)
    """
    setup_django()
    from tandem.audit.chain import seal
    from tandem.audit.chain import verify as verify_chain
    from tandem.audit.models import AuditEvent

    if not no_seal:
        seal()
    report = verify_chain()
    if not report.ok:
        click.echo(
            f"BROKEN at audit record {report.broken_at}: {report.reason} "
            f"({report.checked} records before it are intact).",
            err=True,
        )
        raise SystemExit(1)
    if known_head:
        place, _, expected = known_head.partition(":")
        if not place.isdigit() or len(expected) != 64:
            raise click.BadParameter("give it as N:HASH, as printed by an earlier check", "--head")
        found = AuditEvent.objects.filter(seq=int(place)).values_list("hash", flat=True).first()
        if found != expected:
            click.echo(
                f"BROKEN: record {place} of the chain no longer has the hash noted earlier; "
                "the chain was rewritten from there or cut short.",
                err=True,
            )
            raise SystemExit(1)
    click.echo(f"ok: {report.checked} audit records, chain intact.")
    if report.redacted:
        click.echo(
            f"{report.redacted} of them had their personal details (email address, IP address, "
            "detail) erased with a client; what was done, when, by which account and to which "
            "record is still proven."
        )
    if report.unsealed:
        click.echo(f"{report.unsealed} record(s) written but not yet sealed, so not checked.")
    if report.head_seq:
        click.echo(f"head: record {report.head_seq} of the chain, hash {report.head_hash}")
