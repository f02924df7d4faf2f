"""The links app's background job: forgetting addresses that guessed wrong once they no longer
count (an address is personal data, kept no longer than the limit needs it)."""

from __future__ import annotations

from django_tasks import task

from tandem.links.guard import forget_old_guesses


@task()
def forget_wrong_link_addresses() -> int:
    """Periodic: delete the counts of wrong links whose cool-off is over."""
    return forget_old_guesses()
