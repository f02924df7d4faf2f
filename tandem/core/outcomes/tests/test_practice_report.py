"""Practice and therapist reports, adjusted for intake severity, with small cells suppressed."""

import numpy as np
import pandas as pd
import pytest

from tandem.core.outcomes.reports import practice_report, pre_post_effect_size, rupture_flags
from tandem.core.outcomes.synthetic import generate


def data() -> tuple[pd.DataFrame, pd.DataFrame]:
    synthetic = generate(600, seed=9, n_therapists=3)
    episodes = synthetic.truth[["episode_id", "therapist_id"]].copy()
    episodes.loc[episodes["episode_id"] <= 9, "therapist_id"] = 99  # a therapist with 9 episodes
    return synthetic.long, episodes


def test_it_suppresses_a_therapist_with_fewer_than_10_episodes() -> None:
    scores, episodes = data()
    report = practice_report(scores, episodes)
    small = next(t for t in report.therapists if t.name == "99")
    assert small.suppressed and small.episodes is None
    assert small.recovery.value is None and small.recovery.count is None
    assert small.adjusted_change.value is None and small.adjusted_change.suppressed


def test_it_shows_therapists_with_enough_episodes_with_intervals() -> None:
    scores, episodes = data()
    report = practice_report(scores, episodes)
    shown = [t for t in report.therapists if not t.suppressed]
    assert len(shown) == 3
    for t in shown:
        assert t.adjusted_change.low is not None and t.adjusted_change.high is not None
        assert t.adjusted_change.low < t.adjusted_change.value < t.adjusted_change.high  # type: ignore[operator]


def test_it_adds_up_therapists_to_the_practice() -> None:
    scores, episodes = data()
    report = practice_report(scores, episodes)
    assert report.practice.episodes == 600
    assert sum(
        t.reliable_improvement.count or 0 for t in report.therapists if not t.suppressed
    ) <= (report.practice.reliable_improvement.count or 0)
    assert report.to_dict()["practice"]["recovery"]["suppressed"] is False


def test_it_suppresses_a_rate_whose_denominator_is_under_10() -> None:
    rows = []
    for i in range(12):  # 12 finished episodes, only 3 of them at caseness
        start = 14 if i < 3 else 4
        rows += [(i, 1, "phq9", start), (i, 2, "phq9", 2), (i, 1, "gad7", 3), (i, 2, "gad7", 2)]
    scores = pd.DataFrame(rows, columns=["episode_id", "session", "instrument", "score"])
    report = practice_report(scores)
    assert report.practice.recovery.suppressed
    assert not report.practice.reliable_improvement.suppressed
    assert report.practice.reliable_improvement.denominator == 12


def test_it_computes_the_pre_post_effect_size_and_its_interval() -> None:
    pre = np.array([20, 18, 16, 14, 12, 20, 18, 16, 14, 12], dtype=float)
    post = pre - 4 + np.array([1, -1, 0, 1, -1, 0, 1, -1, 0, 0])
    estimate = pre_post_effect_size(pre, post)
    assert estimate.value == pytest.approx((pre.mean() - post.mean()) / pre.std(ddof=1))
    assert estimate.low is not None and estimate.high is not None
    assert estimate.low < estimate.value < estimate.high  # type: ignore[operator]
    assert pre_post_effect_size(pre[:9], post[:9]).suppressed


def test_it_counts_drop_out_among_ended_episodes() -> None:
    scores, episodes = data()
    episodes = episodes.assign(ended=episodes["episode_id"] % 2 == 0)
    report = practice_report(scores, episodes)
    assert report.practice.dropout.denominator == int(episodes["ended"].sum())


def test_it_counts_an_unplanned_ending_as_drop_out_when_the_reason_is_known() -> None:
    scores, episodes = data()
    ended = episodes["episode_id"] % 2 == 0
    withdrew = ended & (episodes["episode_id"] % 10 == 0)  # 60 of the 300 ended episodes
    episodes = episodes.assign(ended=ended, dropped_out=withdrew)
    report = practice_report(scores, episodes)
    assert report.practice.dropout.count == int(withdrew.sum()) == 60
    assert report.practice.dropout.denominator == 300
    # A drop-out flag on an episode that has not ended does not count.
    report = practice_report(
        scores, episodes.assign(dropped_out=~ended & (episodes["episode_id"] < 50))
    )
    assert report.practice.dropout.count == 0


def test_it_reports_the_share_of_sessions_with_a_rupture() -> None:
    rows = []
    for e in range(10):
        rows += [(e, 1, 8.0), (e, 2, 8.0), (e, 3, 8.0 if e else 4.0)]
    flags = rupture_flags(pd.DataFrame(rows, columns=["episode_id", "session", "score"]))
    assert int(flags["rupture"].sum()) == 1
    scores = pd.DataFrame(
        [(e, s, i, 5) for e in range(10) for s in (1, 2) for i in ("phq9", "gad7")],
        columns=["episode_id", "session", "instrument", "score"],
    )
    report = practice_report(scores, sessions=flags)
    assert report.practice.rupture_sessions.count == 1
    assert report.practice.rupture_sessions.denominator == 30
