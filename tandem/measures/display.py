"""Answers as a person reads them: the question's words and the chosen answer's words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tandem.core.schedule import FOLLOW_UP_MONTHS
from tandem.measures import registry
from tandem.measures.models import Schedule


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


def when_collected(schedule: Schedule) -> str:
    """The schedule's timepoints in a sentence: "at every session and 1, 3 and 6 months after
    the ending"."""
    chosen = schedule.timepoints or []
    parts = []
    if "every_session" in chosen:
        parts.append("at every session")
    elif "every_n" in chosen:
        parts.append(f"at the first session, then every {schedule.every_n} sessions")
    elif "assessment" in chosen:
        parts.append("at the assessment (first session)")
    if "last_session" in chosen and "every_session" not in chosen:
        parts.append("at the last session")
    months = [str(m) for t, m in FOLLOW_UP_MONTHS.items() if t in chosen]
    if months:
        listed = months[0] if len(months) == 1 else ", ".join(months[:-1]) + " and " + months[-1]
        parts.append(f"{listed} month{'' if months == ['1'] else 's'} after the ending")
    if not parts:
        return "at no timepoint"
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
