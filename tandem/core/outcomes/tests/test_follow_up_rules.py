"""Reliable worsening after the ending and relapse at follow-up, checked by hand."""

from __future__ import annotations

from tandem.core.outcomes.follow_up import (
    FollowedEpisode,
    Relapse,
    case_at_follow_up,
    relapse_at_follow_up,
    reliably_worse,
    worsened_measures,
)


def test_reliable_worsening_uses_each_measures_own_threshold() -> None:
    # PHQ-9: 6 or more (NHS Talking Therapies); GAD-7: 4 or more.
    assert reliably_worse("phq9", 4, 10)
    assert not reliably_worse("phq9", 4, 9)
    assert reliably_worse("gad7", 3, 7)
    assert not reliably_worse("gad7", 3, 6)
    assert not reliably_worse("phq9", 12, 4)  # better is not worse
    # The MI is a mean: 2.00 to 2.73 is a rise of 0.73 despite binary rounding.
    assert reliably_worse("mi", 2.0, 2.73)


def test_worsened_measures_needs_both_scores_and_a_known_measure() -> None:
    last = {"phq9": 4.0, "gad7": 3.0}
    assert worsened_measures(last, {"phq9": 11.0, "gad7": 5.0}) == ["phq9"]
    assert worsened_measures(last, {"phq9": 11.0, "gad7": 9.0}) == ["phq9", "gad7"]
    assert worsened_measures(last, {"spin": 60.0}) == []  # nothing to compare with
    assert worsened_measures(last, {"talk_again": 1.0}) == []


def test_case_at_follow_up_is_either_measure_at_caseness() -> None:
    assert case_at_follow_up("gad7", 10, 0)
    assert case_at_follow_up("gad7", 0, 8)
    assert not case_at_follow_up("gad7", 9, 7)
    assert case_at_follow_up("spin", 0, 19)
    assert not case_at_follow_up("spin", 0, 18)


def test_relapse_rate_counted_by_hand() -> None:
    episodes = [
        FollowedEpisode("gad7", ((4, 3), (11, 3))),  # a case at the second follow-up: relapsed
        FollowedEpisode("gad7", ((4, 3),)),  # well: not relapsed
        FollowedEpisode("spin", ((2, 25),)),  # SPIN at caseness: relapsed
        FollowedEpisode("gad7", ()),  # never followed up: not counted at all
    ]
    assert relapse_at_follow_up(episodes) == Relapse(followed=3, relapsed=2, rate=2 / 3)
    assert relapse_at_follow_up([]) == Relapse(0, 0, None)
    assert Relapse.from_dict(Relapse(3, 2, 2 / 3).to_dict()) == Relapse(3, 2, 2 / 3)


def test_the_report_hides_relapse_under_the_small_number_limit() -> None:
    from tandem.core.outcomes.follow_up import relapse_rate
    from tandem.core.outcomes.reports import Rate

    nine = [FollowedEpisode("gad7", ((12, 3),))] + [FollowedEpisode("gad7", ((4, 3),))] * 8
    assert relapse_rate(nine) == Rate(None, None, None, True)
    ten = [*nine, FollowedEpisode("gad7", ((4, 3),))]
    assert relapse_rate(ten) == Rate(1, 10, 0.1, False)
