"""'Feeling better, not getting better' needs a reliable fall, with reliance rising."""

from tandem.core.outcomes.alerts import EpisodeSeries, InstrumentMeta, episode_alerts

META = {
    "phq9": InstrumentMeta("PHQ-9", "higher_is_worse", cutoff=10, reliable_change=6),
    "gad7": InstrumentMeta("GAD-7", "higher_is_worse", cutoff=8, reliable_change=4),
}
RISING = [(2, 1.0), (3, 1.5), (4, 2.0)]


def kinds(series: EpisodeSeries) -> list[str]:
    return [a.kind for a in episode_alerts(series)]


def test_a_fall_within_measurement_error_is_reliance_rising_only() -> None:
    found = kinds(EpisodeSeries(scores={"phq9": [(1, 15), (4, 14)]}, meta=META, reliance=RISING))
    assert "feeling_better_not_getting_better" not in found
    assert "reliance_rising" in found and "not_on_track" in found


def test_a_fall_of_one_less_than_reliable_is_not_enough() -> None:
    found = kinds(EpisodeSeries(scores={"phq9": [(1, 16), (4, 11)]}, meta=META, reliance=RISING))
    assert "feeling_better_not_getting_better" not in found


def test_a_reliable_fall_with_reliance_rising_fires_it_with_the_numbers() -> None:
    series = EpisodeSeries(scores={"phq9": [(1, 16), (4, 10)]}, meta=META, reliance=RISING)
    found = [a for a in episode_alerts(series) if a.kind == "feeling_better_not_getting_better"]
    assert len(found) == 1 and "reliance_rising" not in kinds(series)
    assert found[0].sentence.startswith("PHQ-9 fell from 16 to 10 since intake, a reliable fall")
    assert found[0].measure == "phq9"


def test_a_reliable_fall_on_the_anxiety_measure_counts_too() -> None:
    series = EpisodeSeries(
        scores={"phq9": [(1, 12), (4, 11)], "gad7": [(1, 15), (4, 9)]}, meta=META, reliance=RISING
    )
    (alert,) = [a for a in episode_alerts(series) if a.kind == "feeling_better_not_getting_better"]
    assert alert.measure == "gad7" and "GAD-7 fell from 15 to 9" in alert.sentence
