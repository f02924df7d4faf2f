"""`tandem worker`: run background work (emails, reminders, risk escalation)."""

from __future__ import annotations

import click

from tandem.cli.web import setup_django


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--interval",
    default=1.0,
    show_default=True,
    type=click.FloatRange(min=0.1),
    help="Seconds to wait when the queue is empty.",
)
@click.option("--batch", is_flag=True, help="Run what is queued now, then exit.")
@click.option(
    "--queue",
    default="default",
    show_default=True,
    help="Queues to take work from, comma-separated.",
)
@click.option("--max-tasks", type=click.IntRange(min=1), help="Exit after this many tasks.")
def worker(interval: float, batch: bool, queue: str, max_tasks: int | None) -> None:
    """Run background work: invitation and reminder emails, risk escalation, periodic jobs.

    Run one or more next to the web processes, on the same database; each task runs once, and a
    task whose worker died is taken up again (after TANDEM_WORKER_STALE_SECONDS). Stop it with
    Ctrl+C or SIGTERM: it finishes the task in hand first.

    \b
    Examples:
      tandem worker
      tandem worker --batch          # run what is queued, then exit
    """
    setup_django()
    from tandem.tasks.worker import make_worker

    try:
        runner = make_worker(interval=interval, batch=batch, queues=queue, max_tasks=max_tasks)
    except RuntimeError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Tandem worker {runner.worker_id} started (Ctrl+C to stop)", err=True)
    runner.configure_signals()
    runner.run()
