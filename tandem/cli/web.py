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
def serve(host: str, port: int, workers: int, threads: int, migrate: bool) -> None:
    """Serve Tandem with gunicorn (the same server in the demo and in production).

    \b
    Examples:
      tandem serve
      tandem serve --host 0.0.0.0 --port 8080 --workers 4
    """
    setup_django()
    from django.core.management import call_command
    from gunicorn.app.base import BaseApplication

    if migrate:
        call_command("migrate", interactive=False, verbosity=0)

    from django.db import connections
    from django.urls import get_resolver

    from tandem.wsgi import application

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
            self.cfg.set("graceful_timeout", 10)

        def load(self) -> Any:
            return application

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
        from tandem.care.demo_large import LOGINS, PASSWORD, seed_large

        loaded = seed_large(progress=(lambda _m: None) if quiet else click.echo)
        click.echo("Large practice " + ("loaded." if loaded else "was already loaded."))
        click.echo(f"\nLogins (password: {PASSWORD}):")
        for email, what in LOGINS:
            click.echo(f"  {email:32} {what}")
        return
    from tandem.care.demo import DEMO_LOGINS, DEMO_PASSWORD, seed

    created = seed(progress=not quiet)
    if not quiet:
        click.echo(
            "Demo practice " + ("loaded." if created else "was already loaded; nothing changed.")
        )
    click.echo(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
    for email, what in DEMO_LOGINS:
        click.echo(f"  {email:32} {what}")


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
    from tandem.accounts.actions import ActionError, create_practice

    try:
        sent = create_practice(name, admin_email, admin_name)
    except ActionError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Practice “{sent.invitation.practice.name}” created.")
    click.echo(f"Invitation link for {sent.invitation.user.email} (works once):")
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
def verify() -> None:
    """Verify the audit trail's hash chain; exit 1 at the first altered or removed record.

    \b
    Examples:
      tandem audit verify
    """
    setup_django()
    from tandem.audit.chain import verify as verify_chain

    report = verify_chain()
    if report.ok:
        click.echo(f"ok: {report.checked} audit records, chain intact.")
        return
    click.echo(
        f"BROKEN at audit record {report.broken_at}: {report.reason} "
        f"({report.checked} records before it are intact).",
        err=True,
    )
    raise SystemExit(1)
