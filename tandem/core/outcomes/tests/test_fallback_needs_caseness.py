"""The fixed-rule fallback ("no reliable improvement by session 4") only for clients at caseness
at intake and still at caseness now; reliable deterioration for everyone."""

import pandas as pd

from tandem.core.outcomes.alerts import EpisodeSeries, InstrumentMeta, episode_alerts
from tandem.core.outcomes.bands import not_on_track

META = {"phq9": InstrumentMeta("PHQ-9", "higher_is_worse", cutoff=10, reliable_change=6)}


def flags(rows: list[tuple[str, int, int]]) -> pd.DataFrame:
    long = pd.DataFrame(rows, columns=["episode_id", "session", "score"])
    return not_on_track(long, None, instrument=None).set_index("episode_id")


def test_it_does_not_flag_a_client_who_started_below_caseness() -> None:
    found = flags([("a", 1, 8), ("a", 4, 3), ("b", 1, 9), ("b", 4, 9)])
    assert not found["not_on_track"].any()


def test_it_does_not_flag_a_client_now_below_the_cutoff() -> None:
    found = flags([("a", 1, 14), ("a", 4, 9)])  # a fall of 5 (not reliable), but now below 10
    assert not bool(found.loc["a", "not_on_track"])


def test_it_flags_a_client_at_caseness_then_and_now_including_at_the_cutoff() -> None:
    found = flags([("a", 1, 14), ("a", 4, 10), ("b", 1, 10), ("b", 4, 10)])
    assert found["rule"].tolist() == ["published_rule", "published_rule"]


def test_it_still_flags_reliable_deterioration_from_below_caseness() -> None:
    found = flags([("a", 1, 3), ("a", 2, 9)])
    assert found.loc["a", "rule"] == "deterioration"


def test_the_episode_alerts_follow_the_same_rule() -> None:
    assert episode_alerts(EpisodeSeries(scores={"phq9": [(1, 8), (4, 3)]}, meta=META)) == []
    (alert,) = episode_alerts(EpisodeSeries(scores={"phq9": [(1, 15), (4, 14)]}, meta=META))
    assert alert.kind == "not_on_track" and alert.measure == "phq9"
