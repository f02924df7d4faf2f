"""Checking and scoring a set of answers against an instrument.

Answers arrive as a mapping of item id to value, straight from an HTML form (strings) or from the
API and imports (ints, bools). Each value is coerced on its own terms: a choice must be one of the
option values, a scale a whole number within its ends, a yes/no a recognisable yes or no. Anything
else is rejected with a sentence a client could read, never guessed at.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from tandem.core.instruments.schema import Instrument, Item

MAX_TEXT_LENGTH = 10_000

_WHOLE = re.compile(r"^[+-]?\d+$")
_YES = {"yes", "y", "true", "on", "1"}
_NO = {"no", "n", "false", "off", "0"}

Answer = int | str


class InvalidAnswers(ValueError):
    """Raised by ``score`` when some answers cannot be read; ``errors`` is item id -> message."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{key}: {message}" for key, message in errors.items()))


@dataclass(frozen=True)
class ScoreResult:
    """The score of one set of answers.

    ``answered`` and ``missing`` count scored items (all items when nothing is scored).
    ``total`` is None when too many answers are missing to give a fair score.
    """

    total: float | None
    subscales: dict[str, float | None]
    answered: int
    missing: int
    prorated: bool
    complete: bool
    severity: str | None
    is_case: bool | None
    # item id -> the value it contributed (after reversing), for storage and item-level charts.
    item_scores: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class RiskSignal:
    """An answer someone should follow up, in words a therapist can act on."""

    item_id: str
    value: int
    answer_label: str
    severity: str
    label: str


def _is_blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _whole_number(raw: object) -> int | None:
    """A whole number from an int, an integral float or a numeric string; None otherwise."""
    if isinstance(raw, bool):  # True is an int in Python, but never a valid numbered answer
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        return int(raw) if raw.is_integer() else None
    if isinstance(raw, str) and _WHOLE.match(raw.strip()):
        return int(raw.strip())
    return None


def coerce_answer(item: Item, raw: object) -> tuple[Answer | None, str | None]:
    """(value, None) for a usable answer, (None, None) for no answer, (None, message) if bad."""
    if _is_blank(raw):
        return None, None
    if item.kind == "text":
        if not isinstance(raw, str):
            return None, "Please write your answer as text"
        text = raw.strip()
        if len(text) > MAX_TEXT_LENGTH:
            return None, f"Please keep this under {MAX_TEXT_LENGTH:,} characters"
        return text, None
    if item.kind == "boolean":
        if isinstance(raw, bool):
            return int(raw), None
        if isinstance(raw, int) and raw in (0, 1):
            return raw, None
        if isinstance(raw, str) and raw.strip().lower() in _YES | _NO:
            return (1 if raw.strip().lower() in _YES else 0), None
        return None, "Please answer yes or no"
    number = _whole_number(raw)
    if item.kind == "choice":
        if number is None or number not in {option.value for option in item.options}:
            return None, "Please choose one of the answers"
        return number, None
    # scale
    low, high = item.min, item.max
    if number is None:
        return None, f"must be a whole number between {low} and {high}"
    if low is not None and high is not None and not low <= number <= high:
        return None, f"must be between {low} and {high}"
    return number, None


def _read(
    instrument: Instrument, answers: Mapping[str, object]
) -> tuple[dict[str, Answer], dict[str, str]]:
    values: dict[str, Answer] = {}
    errors: dict[str, str] = {}
    known = set(instrument.item_ids)
    for key in answers:
        if key not in known:
            errors[key] = f"unknown question {key}"
    for item in instrument.items:
        value, error = coerce_answer(item, answers.get(item.id))
        if error is not None:
            errors[item.id] = error
        elif value is not None:
            values[item.id] = value
    return values, errors


def validate_answers(instrument: Instrument, answers: Mapping[str, object]) -> dict[str, str]:
    """item id -> plain-words problem; {} when the answers can be saved.

    A required scored item may be left out as long as no more scored items are missing than the
    instrument's published missing-answer rule allows; a required unscored item must be answered.
    """
    values, errors = _read(instrument, answers)
    missing_scored = [
        item for item in instrument.scored_items if item.id not in values and item.id not in errors
    ]
    too_many_missing = len(missing_scored) > instrument.scoring.max_missing
    for item in instrument.items:
        if not item.required or item.id in values or item.id in errors:
            continue
        if item.scored and not too_many_missing:
            continue
        errors[item.id] = "Please answer this question"
    errors.update(_not_asked_but_answered(instrument, values, errors))
    return errors


def _not_asked_but_answered(
    instrument: Instrument, values: Mapping[str, Answer], errors: Mapping[str, str]
) -> dict[str, str]:
    """A follow-up answered although the earlier answer says it does not apply ("For whose
    benefit? Mainly mine" after "Did I share something? No"): refused, on the follow-up."""
    found: dict[str, str] = {}
    by_id = {item.id: item for item in instrument.items}
    for item in instrument.items:
        rule = item.asked_if
        if rule is None or item.id not in values or item.id in errors:
            continue
        given = values.get(rule.item)
        if given is None or given == rule.answer or values[item.id] in rule.otherwise:
            continue
        condition = by_id[rule.item]
        said = condition.option_label(int(given)) or str(given)
        allowed = [by_id[item.id].option_label(v) or str(v) for v in rule.otherwise]
        found[item.id] = (
            f"You answered “{said}” to “{condition.text}”: leave this blank"
            + "".join(f" (or choose “{label}”)" for label in allowed[:1])
            + "."
        )
    return found


def score(instrument: Instrument, answers: Mapping[str, object]) -> ScoreResult:
    """Score a set of answers. Raises InvalidAnswers if any answer cannot be read.

    Missing answers are not an error here: the result says how many are missing, and the total
    is None when more are missing than the instrument's missing-answer rule allows.
    """
    values, errors = _read(instrument, answers)
    if errors:
        raise InvalidAnswers(errors)
    scoring = instrument.scoring
    if scoring.method == "none":
        answered = sum(1 for item in instrument.items if item.id in values)
        complete = all(item.id in values for item in instrument.items if item.required)
        return ScoreResult(
            total=None,
            subscales={},
            answered=answered,
            missing=len(instrument.items) - answered,
            prorated=False,
            complete=complete,
            severity=None,
            is_case=None,
        )
    item_scores = {
        item.id: item.scored_value(int(values[item.id]))
        for item in instrument.scored_items
        if item.id in values
    }
    scored_ids = [item.id for item in instrument.scored_items]
    total, prorated = _combine(
        [item_scores.get(item_id) for item_id in scored_ids],
        scoring.method,
        scoring.max_missing,
        scoring.prorate,
        scoring.prorate_rounding,
    )
    subscales: dict[str, float | None] = {}
    for sub_id, subscale in scoring.subscales.items():
        method = subscale.method or scoring.method
        subscales[sub_id], _ = _combine(
            [item_scores.get(item_id) for item_id in subscale.items],
            method,
            scoring.max_missing,
            scoring.prorate,
            scoring.prorate_rounding,
        )
    missing = len(scored_ids) - len(item_scores)
    return ScoreResult(
        total=total,
        subscales=subscales,
        answered=len(item_scores),
        missing=missing,
        prorated=prorated,
        complete=missing == 0,
        severity=instrument.severity(total),
        is_case=instrument.is_case(total),
        item_scores=item_scores,
    )


def _combine(
    scores: list[int | None], method: str, max_missing: int, prorate: bool, rounding: str
) -> tuple[float | None, bool]:
    """(score, prorated) for one set of item scores, or (None, False) if too many are missing."""
    present = [value for value in scores if value is not None]
    missing = len(scores) - len(present)
    if not present or missing > max_missing:
        return None, False
    if method == "mean":
        return sum(present) / len(present), False
    if missing == 0:
        return float(sum(present)), False
    if not prorate:  # the schema forbids tolerated gaps in an unprorated sum
        return None, False
    # Prorating: each missing answer counts as the mean of the answered ones.
    prorated = sum(present) / len(present) * len(scores)
    if rounding == "nearest_whole":
        # Half rounds up (not Python's round-half-to-even), as paper scoring does.
        prorated = float(math.floor(prorated + 0.5))
    return prorated, True


def risk_signals(instrument: Instrument, answers: Mapping[str, object]) -> list[RiskSignal]:
    """Answers at or above an item's risk threshold, in item order.

    Answers that cannot be read are skipped rather than raising: this runs on saved answers,
    which have already been validated, and a risk check must never stop a page from showing.
    """
    signals: list[RiskSignal] = []
    for item in instrument.items:
        if item.risk is None:
            continue
        value, error = coerce_answer(item, answers.get(item.id))
        if error is not None or value is None or isinstance(value, str):
            continue
        if value >= item.risk.min_value:
            signals.append(
                RiskSignal(
                    item_id=item.id,
                    value=value,
                    answer_label=item.option_label(value) or str(value),
                    severity=item.risk.severity,
                    label=item.risk.label,
                )
            )
    return signals
