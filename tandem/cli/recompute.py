"""`tandem recompute`: recompute practices' expected bands and practice reports now."""

from __future__ import annotations

import click

from tandem.cli.web import setup_django

KINDS = ("bands", "practice_report", "alert_replay")


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--practice",
    "references",
    metavar="PRACTICE",
    multiple=True,
    help="Only this practice, by its number or its slug; repeat for several. "
    "Default: every practice.",
)
@click.option(
    "--kind",
    "kinds",
    type=click.Choice(KINDS),
    multiple=True,
    help="Only this result; repeat for both. Default: both.",
)
@click.option(
    "--queue",
    is_flag=True,
    help="Leave the work to `tandem worker` instead of doing it in this process.",
)
def recompute(references: tuple[str, ...], kinds: tuple[str, ...], queue: bool) -> None:
    """Recompute the learned expected bands, the practice report and the alert replay ("How well
    do our alerts work?") of each practice.

    The worker does this every night and whenever someone opens a report after the data moved;
    run it by hand after importing a lot of scores, or to time the computation. Pages show the
    new figures as soon as each practice is done.

    --practice takes a practice's number (shown beside its name as each one is done) or its
    slug: a whole number is a number, anything else a slug.

    \b
    Examples:
      tandem recompute
      tandem recompute --practice 3 --kind practice_report
      tandem recompute --practice harbour-lane --practice 7
      tandem recompute --queue          # let the worker do it
    """
    setup_django()
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from tandem.accounts.models import Practice
    from tandem.cli.practices import practices_named
    from tandem.measures.snapshots import recompute as recompute_practice
    from tandem.measures.tasks import recompute_practice as recompute_task

    if references:
        practices = sorted(practices_named(references), key=lambda practice: practice.pk)
    else:
        practices = list(Practice.objects.order_by("pk"))
    chosen = list(kinds) or None
    if queue:
        for practice in practices:
            recompute_task.enqueue(practice.pk, chosen)
        click.echo(f"Queued {len(practices)} practices for the worker.")
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} practices"),
        TimeElapsedColumn(),
    ) as progress:
        bar = progress.add_task("Recomputing", total=len(practices))
        for practice in practices:
            progress.update(bar, description=f"Recomputing {practice.name}")
            seconds = recompute_practice(practice.pk, chosen)
            timings = ", ".join(f"{kind} {s:.1f} s" for kind, s in seconds.items())
            progress.console.print(f"{practice.name} (#{practice.pk}): {timings}")
            progress.advance(bar)
