"""When an instrument is due: the named timepoints a practice collects it at.

A practice's schedule for an instrument is a set of named timepoints (:data:`TIMEPOINTS`):

* ``assessment``: the first session of the episode (session 1);
* ``every_session``: every attended session;
* ``every_n``: the first session and then every n-th contact after it (n = 4: sessions 1, 5,
  9, …), so a baseline always exists;
* ``last_session``: the episode's last session. Nobody knows a session is the last until the
  episode ends, so it is known precisely this way: when the therapist ends the episode
  (``tandem.care.actions.end_episode``), its last session is the highest-numbered session the
  client attended. What is scheduled at the last session is then due for that session for
  :data:`LAST_SESSION_OPEN_DAYS` days from the day the episode ended, and never while the
  episode is open (an episode that ends with no attended session has no last session);
* ``follow_up_1m``, ``follow_up_3m``, ``follow_up_6m``: a check-in 1, 3 or 6 calendar months
  after the day the episode ended (:func:`follow_up_due_on`), due from that day on
  (:func:`follow_ups_due`), as long as the client has not come back: once a later episode opens
  (the episode is "reopened"), no follow-up of the earlier one falls due after that day. A
  follow-up is opened and answerable for :data:`FOLLOW_UP_OPEN_DAYS` days from its day
  (:func:`follow_up_open`), never later.

Plain typed Python, no Django: the measures app asks these functions, the tests ask them alone.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date
from typing import Literal

Timepoint = Literal[
    "assessment",
    "every_session",
    "every_n",
    "last_session",
    "follow_up_1m",
    "follow_up_3m",
    "follow_up_6m",
]
TIMEPOINTS: tuple[Timepoint, ...] = (
    "assessment",
    "every_session",
    "every_n",
    "last_session",
    "follow_up_1m",
    "follow_up_3m",
    "follow_up_6m",
)
SESSION_TIMEPOINTS: tuple[Timepoint, ...] = ("assessment", "every_session", "every_n")
FOLLOW_UP_MONTHS: dict[Timepoint, int] = {"follow_up_1m": 1, "follow_up_3m": 3, "follow_up_6m": 6}
# What a last-session questionnaire stays open for after the ending, in days.
LAST_SESSION_OPEN_DAYS = 14
# A follow-up is opened (and can be answered) from its day for this many days; one whose day
# passed longer ago is never opened late (a practice that turns follow-ups on does not ask about
# endings long past, and a worker that was down does not send a burst of old check-ins).
FOLLOW_UP_OPEN_DAYS = 28

# The three rules of the schedules before named timepoints, as timepoints (the migration that
# brought timepoints in turned each stored rule into these; the meaning is unchanged).
FROM_RULE: dict[str, tuple[Timepoint, ...]] = {
    "every_session": ("every_session",),
    "first_session": ("assessment",),
    "every_n": ("every_n",),
}


def check(
    timepoints: Iterable[str], every_n: int | None = None, *, allow_none: bool = False
) -> tuple[Timepoint, ...]:
    """The timepoints in their canonical order, or ValueError for an unknown name, for ``every_n``
    without a whole number of sessions of at least 1, or for no timepoint at all (unless
    ``allow_none``)."""
    chosen = set(timepoints)
    unknown = chosen - set(TIMEPOINTS)
    if unknown:
        raise ValueError(f"unknown timepoint {sorted(unknown)[0]!r}")
    if not chosen and not allow_none:
        raise ValueError("choose at least one timepoint")
    if "every_n" in chosen and (every_n is None or every_n < 1):
        raise ValueError("the every_n timepoint needs a whole number of sessions of at least 1")
    return tuple(t for t in TIMEPOINTS if t in chosen)


def due_at_session(
    timepoints: Iterable[str],
    session_number: int,
    every_n: int | None = None,
    *,
    is_last: bool = False,
) -> bool:
    """True when an instrument with these timepoints is due at this session (1-based).

    ``is_last``: the session is the episode's last session as the module docstring defines it
    (the episode has ended and this is its highest-numbered attended session).
    """
    if session_number < 1:
        raise ValueError("session numbers start at 1")
    chosen = check(timepoints, every_n, allow_none=True)
    if "every_session" in chosen:
        return True
    if "assessment" in chosen and session_number == 1:
        return True
    if "every_n" in chosen:
        assert every_n is not None  # check() refuses every_n without it
        if (session_number - 1) % every_n == 0:
            return True
    return "last_session" in chosen and is_last


def last_session_open(ended_on: date, today: date) -> bool:
    """Whether a last-session questionnaire is still open ``today`` for an episode that ended
    on ``ended_on`` (from the ending, for :data:`LAST_SESSION_OPEN_DAYS` days)."""
    return 0 <= (today - ended_on).days < LAST_SESSION_OPEN_DAYS


def add_months(day: date, months: int) -> date:
    """The same day ``months`` calendar months later; a day the later month lacks becomes its
    last day (31 January + 1 month = 28 or 29 February; 31 August + 3 months = 30 November)."""
    if months < 0:
        raise ValueError("months must not be negative")
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def follow_up_due_on(ended_on: date, months: int) -> date:
    """The day a follow-up ``months`` after an episode that ended on ``ended_on`` falls due."""
    return add_months(ended_on, months)


def follow_ups_due(
    timepoints: Iterable[str],
    ended_on: date,
    today: date,
    reopened_on: date | None = None,
) -> list[int]:
    """The follow-ups (in months: 1, 3, 6) among ``timepoints`` that have fallen due by ``today``
    for an episode that ended on ``ended_on``.

    ``reopened_on``: the day the client's next episode opened, if they came back. A follow-up
    due on or after that day never falls due (the client is in therapy again); one due before it
    stays due. Which of them have been answered is the caller's to know.
    """
    chosen = set(timepoints)
    due: list[int] = []
    for timepoint, months in FOLLOW_UP_MONTHS.items():
        if timepoint not in chosen:
            continue
        on = follow_up_due_on(ended_on, months)
        if on > today:
            continue
        if reopened_on is not None and on >= reopened_on:
            continue
        due.append(months)
    return due


def follow_up_open(due_on: date, today: date) -> bool:
    """Whether a follow-up due on ``due_on`` can be opened and answered ``today``."""
    return 0 <= (today - due_on).days < FOLLOW_UP_OPEN_DAYS


def follow_ups_to_open(
    timepoints: Iterable[str],
    ended_on: date,
    today: date,
    reopened_on: date | None = None,
) -> list[int]:
    """The follow-ups (in months) that are due and still open ``today``: those to open now."""
    return [
        months
        for months in follow_ups_due(timepoints, ended_on, today, reopened_on)
        if follow_up_open(follow_up_due_on(ended_on, months), today)
    ]
