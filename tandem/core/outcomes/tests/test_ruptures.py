"""Alliance ruptures (a drop from the client's own recent level, or below the floor) and repairs."""

from tandem.core.outcomes.relationship import ruptures, session_means


def test_it_finds_a_drop_of_2_from_the_recent_median() -> None:
    found = ruptures([(1, 8.0), (2, 9.0), (3, 8.6), (4, 6.6)])
    assert len(found) == 1
    assert found[0].session == 4 and found[0].level == 8.6
    assert found[0].drop is not None and abs(found[0].drop - 2.0) < 1e-9


def test_it_ignores_a_drop_just_under_2() -> None:
    assert ruptures([(1, 8.0), (2, 9.0), (3, 8.6), (4, 6.7)]) == []


def test_it_needs_two_earlier_sessions_for_a_level() -> None:
    assert ruptures([(1, 9.0), (2, 6.0)]) == []


def test_it_counts_any_score_below_the_floor() -> None:
    found = ruptures([(1, 4.8)])
    assert found and found[0].below_floor and found[0].level is None


def test_it_sees_a_repair_when_the_score_is_back_within_two_sessions() -> None:
    found = ruptures([(1, 8.0), (2, 8.0), (3, 8.0), (4, 5.0), (5, 6.0), (6, 7.6)])
    assert found[0].repaired_at == 6


def test_it_sees_a_late_repair_however_many_sessions_it_took() -> None:
    found = ruptures([(1, 8.0), (2, 8.0), (3, 8.0), (4, 5.0), (5, 6.0), (6, 6.0), (7, 8.0)])
    assert len(found) == 1 and found[0].repaired_at == 7
    later = [(1, 8.0), (2, 8.0), (3, 8.0), (4, 5.0)] + [(s, 5.5) for s in range(5, 12)]
    assert ruptures([*later, (12, 7.6)])[0].repaired_at == 12


def test_it_keeps_a_rupture_open_until_the_score_is_back() -> None:
    found = ruptures([(1, 8.0), (2, 8.0), (3, 8.0), (4, 5.0), (5, 6.0), (6, 6.0), (7, 7.0)])
    assert len(found) == 1 and found[0].repaired_at is None  # 7 is not within 0.5 of 8


def test_it_scores_a_session_as_the_mean_of_its_answered_items() -> None:
    assert session_means({2: {"a": 6, "b": 8}, 1: {"a": 10}}) == [(1, 10.0), (2, 7.0)]
