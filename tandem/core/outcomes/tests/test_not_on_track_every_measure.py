"""Not on track is judged on every symptom measure in use, each with its own bands."""

import pandas as pd

from tandem.core.outcomes.alerts import EpisodeSeries, InstrumentMeta, episode_alerts
from tandem.core.outcomes.bands import GAD7_GROUPS, learn_bands

META = {
    "phq9": InstrumentMeta("PHQ-9", "higher_is_worse", cutoff=10, reliable_change=6),
    "gad7": InstrumentMeta("GAD-7", "higher_is_worse", cutoff=8, reliable_change=4),
}


def test_an_anxiety_led_client_is_judged_on_the_anxiety_measure() -> None:
    series = EpisodeSeries(
        scores={"phq9": [(1, 9), (4, 8)], "gad7": [(1, 15), (4, 14)]},
        meta=META,
        measures=("phq9", "gad7"),
    )
    (alert,) = episode_alerts(series)
    assert alert.kind == "not_on_track" and alert.measure == "gad7"
    assert alert.sentence.startswith("By session 4, GAD-7 has not improved reliably")


def test_a_measure_not_in_use_is_not_judged() -> None:
    series = EpisodeSeries(
        scores={"phq9": [(1, 9), (4, 8)], "gad7": [(1, 15), (4, 14)]},
        meta=META,
        measures=("phq9",),
    )
    assert episode_alerts(series) == []


def test_each_measure_uses_its_own_bands() -> None:
    rows = [(f"f{i}", s, v) for i in range(40) for s, v in ((1, 12), (2, 9), (3, 5 + i % 4))]
    long = pd.DataFrame(rows, columns=["episode_id", "session", "score"])
    gad_bands = learn_bands(long, instrument=None, groups=GAD7_GROUPS)
    gad_bands = type(gad_bands)(**{**gad_bands.__dict__, "instrument": "gad7"})
    series = EpisodeSeries(
        scores={"phq9": [(1, 14), (3, 7)], "gad7": [(1, 12), (3, 10)]}, meta=META
    )
    (alert,) = episode_alerts(series, {"gad7": gad_bands})
    assert alert.kind == "not_on_track" and alert.measure == "gad7"
    assert "three in four clients who started in the moderate (10-14) range" in alert.sentence
