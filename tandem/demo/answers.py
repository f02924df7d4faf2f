"""Item answers for the demo, drawn so that the core scores them at a chosen total."""

from __future__ import annotations

import random
from typing import Any

from tandem.core.instruments import Instrument, Item
from tandem.demo.plan import clip
from tandem.measures import registry


def _raw_values(item: Item) -> list[int]:
    """Every answer a scored item accepts."""
    if item.kind == "choice":
        return [option.value for option in item.options]
    low, high = item.value_range or (0, 0)
    return list(range(low, high + 1))


class Answers:
    """Item answers whose core score comes out at a target, drawn per item within its options."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self._cache: dict[str, Instrument] = {}
        self._scales_cache: dict[str, list[tuple[str, list[int], dict[int, int]]]] = {}

    def instrument(self, instrument_id: str) -> Instrument:
        if instrument_id not in self._cache:
            instrument = registry.get(instrument_id)
            if instrument is None:
                raise RuntimeError(
                    f"The demo needs the instrument {instrument_id!r}, which is missing."
                )
            self._cache[instrument_id] = instrument
        return self._cache[instrument_id]

    def _scales(self, instrument: Instrument) -> list[tuple[str, list[int], dict[int, int]]]:
        """Per scored item: its id, the values it can contribute (sorted), and the answer giving
        each value (reversed items count from the other end)."""
        key = f"scales:{instrument.id}"
        if key not in self._scales_cache:
            self._scales_cache[key] = [
                (
                    item.id,
                    sorted(item.scored_value(v) for v in _raw_values(item)),
                    {item.scored_value(v): v for v in _raw_values(item)},
                )
                for item in instrument.scored_items
            ]
        return self._scales_cache[key]

    def for_sum(
        self,
        instrument: Instrument,
        target: int,
        lean: dict[str, float] | None = None,
        fixed: dict[str, int] | None = None,
    ) -> dict[str, Any]:
        """Answers to the scored items whose scored values add up to ``target`` (clamped)."""
        rng, lean, fixed = self.rng, lean or {}, fixed or {}
        free = [scale for scale in self._scales(instrument) if scale[0] not in fixed]
        goal = target - sum(instrument.item(i).scored_value(v) for i, v in fixed.items())
        lows = sum(values[0] for _, values, _ in free)
        highs = sum(values[-1] for _, values, _ in free)
        goal = int(clip(goal, lows, highs))
        share = (goal - lows) / (highs - lows) if highs > lows else 0.0
        # Each item starts near its share of the target, nudged by chance and by any lean ...
        position: list[int] = []
        for item_id, values, _ in free:
            span = values[-1] - values[0]
            wish = values[0] + span * (share + lean.get(item_id, 0.0)) + rng.gauss(0, span / 5)
            position.append(min(range(len(values)), key=lambda i, v=values, w=wish: abs(v[i] - w)))
        total = sum(values[i] for (_, values, _), i in zip(free, position, strict=True))
        # ... then single steps, each by an item that can still move that way, reach the target.
        for _ in range(1000):  # bounded: options with gaps may make the exact target unreachable
            if total == goal:
                break
            step = 1 if goal > total else -1
            movable = [
                k for k, (_, values, _) in enumerate(free) if 0 <= position[k] + step < len(values)
            ]
            weights = [1.0 + max(0.0, step * lean.get(free[k][0], 0.0)) * 6 for k in movable]
            k = rng.choices(movable, weights)[0]
            values = free[k][1]
            total += values[position[k] + step] - values[position[k]]
            position[k] += step
        answers: dict[str, Any] = dict(fixed)
        for (item_id, values, answer_for), i in zip(free, position, strict=True):
            answers[item_id] = answer_for[values[i]]
        return answers

    def for_mean(self, instrument: Instrument, mean: float, **kw: Any) -> dict[str, Any]:
        count = len(instrument.scored_items)
        return self.for_sum(instrument, round(mean * count), **kw)
