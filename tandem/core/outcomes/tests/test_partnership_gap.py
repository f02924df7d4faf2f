"""The client-therapist gap on the mirrored partnership items."""

from tandem.core.outcomes.relationship import gaps, persistent_gap

CLIENT = {s: {"heard": 6.0, "focus": 6.0, "fit": 7.0} for s in range(1, 5)}


def therapist(diff: float, sessions: range = range(1, 5)) -> dict[int, dict[str, float]]:
    return {
        s: {"heard": 6 + diff, "focus": 6 + diff, "fit": 7 + diff, "extra": 1} for s in sessions
    }


def test_it_compares_only_items_both_answered() -> None:
    (first, *_) = gaps(CLIENT, therapist(2.0))
    assert set(first.items) == {"heard", "focus", "fit"}
    assert first.gap == 2.0


def test_it_flags_a_gap_of_1_5_at_three_sessions_in_a_row() -> None:
    assert persistent_gap(gaps(CLIENT, therapist(1.5))) is not None


def test_it_does_not_flag_a_smaller_or_shorter_gap() -> None:
    assert persistent_gap(gaps(CLIENT, therapist(1.4))) is None
    assert persistent_gap(gaps(CLIENT, therapist(3.0, range(1, 3)))) is None


def test_it_does_not_flag_gaps_that_change_direction() -> None:
    t = therapist(2.0)
    t[3] = {"heard": 4.0, "focus": 4.0, "fit": 5.0}
    assert persistent_gap(gaps(CLIENT, t)) is None
