"""The method finds deteriorating synthetic clients far better than chance."""

from tandem.core.outcomes.validation import validate


def test_it_separates_deteriorating_from_improving_synthetic_clients() -> None:
    results = {(r.method, r.target): r for r in validate(4000, 3000, at_session=4, seed=5)}
    bands = results[("expected bands", "deterioration")]
    assert bands.sensitivity + bands.specificity > 1.5
    everything = results[("expected bands", "no change or deterioration")]
    assert everything.specificity > 0.9
