"""Naming a practice on the command line, for every command that takes ``--practice``: by its
number (its id in the database) or by its slug, with one error that lists the practices there are.
Call these after Django is set up."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import click

# A practice is named by its number (its id in the database) or by its slug.
_NUMBER = re.compile(r"[0-9]+")
_LARGEST_ID = 2**63 - 1
# An error names at most this many practices: a service may hold thousands.
_LISTED = 30


def practices_named(references: Sequence[str]) -> list[Any]:
    """The practices that ``references`` name, in the order given, each once. A whole number
    names a practice by its number, anything else by its slug. Call after Django is set up.

    When one names no practice, the command stops with an error that lists those there are.
    """
    from django.db.models import Q

    from tandem.accounts.models import Practice

    # A number as an int, a slug as a str: the two never collide as keys, even for a slug "7".
    wanted = [int(r) if _NUMBER.fullmatch(r) else r for r in references]
    # (A number past the largest id a database can hold names no practice; SQLite refuses it.)
    numbers = [w for w in wanted if isinstance(w, int) and w <= _LARGEST_ID]
    slugs = [w for w in wanted if isinstance(w, str)]
    found: dict[int | str, Any] = {}
    with reading_practices():
        for practice in Practice.objects.filter(Q(pk__in=numbers) | Q(slug__in=slugs)):
            found[practice.pk] = found[practice.slug] = practice
        missing = [
            f"numbered {w}" if isinstance(w, int) else repr(w) for w in wanted if w not in found
        ]
        if missing:
            there_are = (
                f"Give a slug or a number from: {practice_list()}"
                if Practice.objects.exists()
                else "It holds no practice yet."
            )
            raise click.ClickException(
                f"there is no practice {' or '.join(missing)} in this database. {there_are}"
            )
    return list({found[w].pk: found[w] for w in wanted}.values())


def practice_list() -> str:
    """The practices in the database, by slug, each with its number: "elsewhere (#2), …"."""
    from tandem.accounts.models import Practice

    practices = Practice.objects.order_by("slug")
    listed = [f"{slug} (#{pk})" for slug, pk in practices.values_list("slug", "pk")[:_LISTED]]
    more = practices.count() - _LISTED if len(listed) == _LISTED else 0
    return ", ".join(listed) + (f" and {more:,} more" if more > 0 else "")


@contextmanager
def reading_practices() -> Iterator[None]:
    """A database that cannot be read (not created, not migrated) said in plain words."""
    from django.db import DatabaseError

    try:
        yield
    except DatabaseError as exc:
        raise click.ClickException(
            f"cannot read the practices ({exc}); has `tandem manage migrate` been run?"
        ) from None
