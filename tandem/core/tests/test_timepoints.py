"""The named timepoints: when an instrument is due at a session, after the ending, and never."""

from __future__ import annotations

from datetime import date

import pytest

from tandem.core.schedule import (
    FOLLOW_UP_OPEN_DAYS,
    FROM_RULE,
    LAST_SESSION_OPEN_DAYS,
    add_months,
    check,
    due_at_session,
    follow_up_due_on,
    follow_up_open,
    follow_ups_due,
    follow_ups_to_open,
    last_session_open,
)

ALL_FOLLOW_UPS = ("follow_up_1m", "follow_up_3m", "follow_up_6m")


def test_assessment_is_the_first_session_only() -> None:
    assert [due_at_session(["assessment"], n) for n in (1, 2, 3)] == [True, False, False]


def test_every_session_is_every_session() -> None:
    assert all(due_at_session(["every_session"], n) for n in range(1, 30))


def test_every_nth_starts_with_a_baseline() -> None:
    due = [n for n in range(1, 14) if due_at_session(["every_n"], n, every_n=4)]
    assert due == [1, 5, 9, 13]


def test_last_session_is_due_only_at_the_session_known_to_be_the_last() -> None:
    assert not due_at_session(["last_session"], 7)
    assert due_at_session(["last_session"], 7, is_last=True)
    # Assessment and last session together: the pre/post pair, nothing in between.
    both = ["assessment", "last_session"]
    assert [due_at_session(both, n, is_last=n == 6) for n in range(1, 7)] == [
        True,
        False,
        False,
        False,
        False,
        True,
    ]


def test_follow_up_only_is_never_due_at_a_session() -> None:
    assert not any(due_at_session(ALL_FOLLOW_UPS, n, is_last=True) for n in range(1, 10))
    assert not due_at_session([], 1)


def test_the_old_rules_mean_what_they_meant() -> None:
    def old(rule: str, n: int, every_n: int | None) -> bool:  # the rule before timepoints
        if rule == "every_session":
            return True
        if rule == "first_session":
            return n == 1
        assert every_n is not None
        return (n - 1) % every_n == 0

    for rule, timepoints in FROM_RULE.items():
        for every_n in (1, 2, 3, 4, 6):
            for n in range(1, 40):
                assert due_at_session(timepoints, n, every_n) == old(rule, n, every_n)
                # ... and at what later turns out to have been the last session too.
                assert due_at_session(timepoints, n, every_n, is_last=True) == old(rule, n, every_n)


def test_bad_timepoints_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown timepoint"):
        check(["fortnightly"])
    with pytest.raises(ValueError, match="whole number"):
        check(["every_n"])
    with pytest.raises(ValueError, match="whole number"):
        check(["every_n"], every_n=0)
    with pytest.raises(ValueError, match="at least one"):
        check([])
    with pytest.raises(ValueError, match="session numbers"):
        due_at_session(["every_session"], 0)
    assert check(["follow_up_6m", "assessment", "assessment"]) == ("assessment", "follow_up_6m")


def test_a_last_session_questionnaire_stays_open_for_two_weeks_after_the_ending() -> None:
    ended = date(2026, 3, 2)
    assert not last_session_open(ended, date(2026, 3, 1))
    assert last_session_open(ended, ended)
    assert last_session_open(ended, date(2026, 3, 2 + LAST_SESSION_OPEN_DAYS - 1))
    assert not last_session_open(ended, date(2026, 3, 2 + LAST_SESSION_OPEN_DAYS))


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # a leap year
        (date(2026, 8, 31), 3, date(2026, 11, 30)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 10, 31), 6, date(2027, 4, 30)),
        (date(2026, 5, 31), 1, date(2026, 6, 30)),
        (date(2026, 7, 31), 1, date(2026, 8, 31)),
        (date(2026, 2, 28), 1, date(2026, 3, 28)),
        (date(2026, 4, 10), 0, date(2026, 4, 10)),
    ],
)
def test_months_are_calendar_months_ending_at_the_month_end(
    day: date, months: int, expected: date
) -> None:
    assert add_months(day, months) == expected
    assert follow_up_due_on(day, months) == expected


def test_negative_months_are_refused() -> None:
    with pytest.raises(ValueError):
        add_months(date(2026, 1, 1), -1)


def test_follow_ups_fall_due_after_one_three_and_six_months_and_not_before() -> None:
    ended = date(2026, 1, 31)
    assert follow_ups_due(ALL_FOLLOW_UPS, ended, date(2026, 2, 27)) == []
    assert follow_ups_due(ALL_FOLLOW_UPS, ended, date(2026, 2, 28)) == [1]
    assert follow_ups_due(ALL_FOLLOW_UPS, ended, date(2026, 4, 29)) == [1]
    assert follow_ups_due(ALL_FOLLOW_UPS, ended, date(2026, 4, 30)) == [1, 3]
    assert follow_ups_due(ALL_FOLLOW_UPS, ended, date(2026, 7, 30)) == [1, 3]
    assert follow_ups_due(ALL_FOLLOW_UPS, ended, date(2026, 7, 31)) == [1, 3, 6]
    assert follow_ups_due(ALL_FOLLOW_UPS, ended, date(2027, 7, 31)) == [1, 3, 6]


def test_only_the_follow_ups_the_practice_chose_fall_due() -> None:
    ended = date(2026, 1, 10)
    assert follow_ups_due(["follow_up_3m"], ended, date(2027, 1, 1)) == [3]
    assert follow_ups_due(["every_session", "assessment"], ended, date(2027, 1, 1)) == []


def test_an_episode_reopened_after_the_ending_stops_later_follow_ups() -> None:
    ended = date(2026, 1, 10)
    # The client came back on 1 March: the 1-month follow-up (10 February) was already due and
    # stays due; the 3- and 6-month ones never fall due.
    reopened = date(2026, 3, 1)
    assert follow_ups_due(ALL_FOLLOW_UPS, ended, date(2026, 12, 1), reopened) == [1]
    # Came back on the very day a follow-up falls due: that one is not asked either.
    assert follow_ups_due(ALL_FOLLOW_UPS, ended, date(2026, 12, 1), date(2026, 2, 10)) == []
    # Came back before the first: nothing at all.
    assert follow_ups_due(ALL_FOLLOW_UPS, ended, date(2026, 12, 1), date(2026, 1, 20)) == []


def test_a_follow_up_is_opened_from_its_day_for_four_weeks_and_never_late() -> None:
    ended = date(2026, 1, 31)
    due = date(2026, 2, 28)
    assert not follow_up_open(due, date(2026, 2, 27))
    assert follow_up_open(due, due)
    assert follow_up_open(due, date(2026, 3, 27))
    assert FOLLOW_UP_OPEN_DAYS == 28 and not follow_up_open(due, date(2026, 3, 28))
    assert follow_ups_to_open(ALL_FOLLOW_UPS, ended, date(2026, 3, 27)) == [1]
    assert follow_ups_to_open(ALL_FOLLOW_UPS, ended, date(2026, 3, 28)) == []
    assert follow_ups_to_open(ALL_FOLLOW_UPS, ended, date(2026, 4, 30)) == [3]
    # An ending long ago, when a practice turns follow-ups on: nothing is asked.
    assert follow_ups_to_open(ALL_FOLLOW_UPS, date(2020, 1, 1), date(2026, 4, 30)) == []
