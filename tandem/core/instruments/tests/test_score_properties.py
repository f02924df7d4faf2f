"""Properties that must hold for every possible complete set of answers."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.core.instruments import Instrument, load_instruments, score

BUILTINS = [i for i in load_instruments().values() if i.is_scored]


@st.composite
def complete_answers(draw: st.DrawFn) -> tuple[Instrument, dict[str, object]]:
    instrument = draw(st.sampled_from(BUILTINS))
    answers: dict[str, object] = {}
    for item in instrument.scored_items:
        low, high = item.value_range or (0, 0)
        if item.kind == "choice":
            value = draw(st.sampled_from([option.value for option in item.options]))
        else:
            value = draw(st.integers(min_value=low, max_value=high))
        # Forms send strings, the API sends ints: both must score the same.
        answers[item.id] = draw(st.sampled_from([value, str(value)]))
    return instrument, answers


@settings(max_examples=300, deadline=None)
@given(complete_answers())
def test_it_always_keeps_a_complete_total_within_the_declared_range(
    case: tuple[Instrument, dict[str, object]],
) -> None:
    instrument, answers = case
    result = score(instrument, answers)
    assert instrument.range is not None and result.total is not None
    assert instrument.range.min <= result.total <= instrument.range.max
    assert result.complete and not result.prorated
    if instrument.severity_bands:
        assert result.severity is not None
    for value in result.subscales.values():
        assert value is not None
        assert instrument.range.min <= value <= instrument.range.max
