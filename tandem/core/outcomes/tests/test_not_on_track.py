"""Not-on-track flags for many active clients, with their reasons."""

import pandas as pd

from tandem.core.outcomes.bands import learn_bands, not_on_track


def frame(rows: list[tuple[str, int, int]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["episode_id", "session", "score"]).assign(instrument="phq9")


def learned() -> object:
    rows = []
    for i in range(40):  # intake 16; at session 3 they are at 6..13 (p75 = 11.25)
        rows += [(f"f{i}", 1, 16), (f"f{i}", 2, 14), (f"f{i}", 3, 6 + i % 8)]
    return learn_bands(frame(rows))


def test_it_flags_a_client_above_the_75th_percentile_of_similar_clients() -> None:
    flags = not_on_track(frame([("a", 1, 16), ("a", 3, 13), ("b", 1, 16), ("b", 3, 10)]), learned())
    by_id = flags.set_index("episode_id")
    assert bool(by_id.loc["a", "not_on_track"])
    assert by_id.loc["a", "rule"] == "expected_band"
    assert "three in four" in by_id.loc["a", "reason"] and "13" in by_id.loc["a", "reason"]
    assert not bool(by_id.loc["b", "not_on_track"])
    assert by_id.loc["b", "reason"] == ""


def test_it_flags_reliable_deterioration_with_the_numbers() -> None:
    flags = not_on_track(frame([("a", 1, 14), ("a", 2, 21)]), None)
    assert flags.loc[0, "rule"] == "deterioration"
    assert flags.loc[0, "reason"] == (
        "PHQ-9 went from 14 to 21 since intake: a rise of 7, more than the 6 that counts as "
        "reliable"
    )


def test_it_falls_back_to_no_reliable_improvement_by_session_4() -> None:
    flags = not_on_track(
        frame([("a", 1, 15), ("a", 4, 10), ("b", 1, 14), ("b", 4, 8), ("c", 1, 14), ("c", 3, 14)])
    ).set_index("episode_id")
    assert flags.loc["a", "rule"] == "published_rule"  # a fall of 5 by session 4
    assert "a fall of 5" in flags.loc["a", "reason"]
    assert not bool(flags.loc["b", "not_on_track"])  # a fall of 6 is reliable
    assert not bool(flags.loc["c", "not_on_track"])  # session 3: too early for the rule


def test_it_falls_back_where_the_bands_have_no_cell() -> None:
    flags = not_on_track(frame([("a", 1, 12), ("a", 4, 12)]), learned())
    assert flags.loc[0, "rule"] == "published_rule"


def test_it_returns_one_row_per_active_client_in_any_row_order() -> None:
    rows = [("a", 2, 12), ("b", 1, 16), ("a", 1, 14), ("b", 2, 23)]
    flags = not_on_track(frame(rows)).set_index("episode_id")
    assert len(flags) == 2
    assert (flags.loc["a", "intake"], flags.loc["a", "latest"]) == (14, 12)
    assert flags.loc["b", "rule"] == "deterioration"
