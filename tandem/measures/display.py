"""Answers as a person reads them: the question's words and the chosen answer's words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tandem.measures import registry


@dataclass(frozen=True)
class ShownAnswer:
    question: str
    answer: str


def shown_answers(response: Any) -> list[ShownAnswer]:
    instrument = registry.get(response.instrument_id)
    if instrument is None:
        return [ShownAnswer(k, str(v)) for k, v in response.answers.items()]
    shown = []
    for item in instrument.items:
        if item.id not in response.answers:
            continue
        value = response.answers[item.id]
        if item.kind == "boolean":
            text = "Yes" if value in (1, True, "1") else "No"
        elif item.kind == "choice":
            text = next((o.label for o in item.options if o.value == value), str(value))
        elif item.kind == "scale":
            text = f"{value} (from {item.min} to {item.max})"
        else:
            text = str(value)
        shown.append(ShownAnswer(item.text, text))
    return shown


def title(instrument_id: str) -> str:
    instrument = registry.get(instrument_id)
    return instrument.title if instrument else instrument_id
