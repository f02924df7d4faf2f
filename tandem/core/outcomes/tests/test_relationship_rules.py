"""The relationship thresholds are Tandem's own defaults, and a practice can pass its own."""

import pytest

from tandem.core.outcomes.alerts import EpisodeSeries, episode_alerts
from tandem.core.outcomes.relationship import (
    DEFAULT_RULES,
    RUPTURE_DROP,
    Gap,
    RelationshipRules,
    persistent_gap,
    ready_to_graduate_checks,
    ruptures,
)

DIP = [(1, 8.0), (2, 8.0), (3, 8.0), (4, 6.5)]  # a fall of 1.5 from the recent level


def test_the_defaults_keep_their_old_names() -> None:
    assert DEFAULT_RULES.rupture_drop == RUPTURE_DROP == 2.0


def test_a_smaller_rupture_drop_finds_a_smaller_dip() -> None:
    assert ruptures(DIP) == []
    found = ruptures(DIP, RelationshipRules(rupture_drop=1.5))
    assert [r.session for r in found] == [4]


def test_the_alert_quotes_the_threshold_in_use() -> None:
    answers = {s: {"a": v} for s, v in DIP}
    assert episode_alerts(EpisodeSeries(partnership_client=answers)) == []
    (alert,) = episode_alerts(
        EpisodeSeries(partnership_client=answers), rules=RelationshipRules(rupture_drop=1.5)
    )
    assert alert.kind == "rupture"
    assert "1.5 or more counts as a rupture" in alert.sentence


def test_a_gap_needs_the_configured_number_of_sessions() -> None:
    gaps = [Gap(s, 2.0, {"a": 2.0}) for s in (1, 2)]
    assert persistent_gap(gaps) is None
    assert persistent_gap(gaps, RelationshipRules(gap_sessions=2)) == gaps


def test_readiness_can_ask_for_three_checks() -> None:
    growth, reliance = [(1, 3.0), (2, 3.5)], [(1, 1.0), (2, 0.5)]
    assert ready_to_graduate_checks(growth, reliance)
    assert not ready_to_graduate_checks(growth, reliance, RelationshipRules(ready_checks=3))


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"rupture_drop": -1.0}, "rupture_drop must be a number of 0 or more"),
        ({"gap_sessions": 0}, "gap_sessions is a number of sessions"),
        ({"rupture_floor": 12.0}, "beyond its scale"),
        ({"growth_high": 5.0}, "0-4 scales"),
        ({"min_history": 4}, "min_history must be between 1 and recent_window"),
    ],
)
def test_it_refuses_a_threshold_that_cannot_work(change: dict[str, float], words: str) -> None:
    with pytest.raises(ValueError, match=words):
        RelationshipRules(**change)  # type: ignore[arg-type]
