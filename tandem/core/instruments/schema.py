"""The shape of an instrument file, and the checks that make one safe to score.

An instrument is data: a practice can drop in a licensed questionnaire as a YAML file and Tandem
scores it with the same code as the built-in ones. So the schema is strict (unknown fields are
errors, numbers must be whole where the form can only produce whole numbers) and every clinical
number must carry its source next to it.

Validation runs in two passes. Pydantic checks the shape of every field and reports all problems
at once; ``cross_field_problems`` then checks what only makes sense across fields (a subscale
naming an unknown item, severity bands with a gap, a declared range that the items cannot reach).
"""

from __future__ import annotations

import math
import re
from functools import cached_property
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Respondent = Literal["client", "therapist"]
ItemKind = Literal["choice", "scale", "text", "boolean"]
Method = Literal["sum", "mean", "none"]
Direction = Literal["higher_is_better", "higher_is_worse"]
RiskSeverity = Literal["high", "medium"]
Rounding = Literal["none", "nearest_whole"]

_ID = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
# A language tag as BCP 47 writes it: "es", "pt-BR", "zh-Hant". Matched against the language a
# person asked for without regard to case.
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$")
_LOINC = re.compile(r"^(\d{1,7})-(\d)$")


def _check_id(value: str) -> str:
    if not _ID.match(value):
        raise ValueError(
            "must be lowercase letters, digits and underscores, starting with a letter "
            f"(at most 40 characters), got {value!r}"
        )
    return value


def check_language(value: str) -> str:
    if not _LANGUAGE.match(value):
        raise ValueError(
            'must be a language tag such as "es", "pt-BR" or "zh-Hant" '
            f"(lowercase language first), got {value!r}"
        )
    return value


def loinc_check_digit(number: str) -> int:
    """The LOINC check digit: the Mod 10 (Luhn) algorithm over the part before the dash.

    LOINC Users' Guide, appendix on the check digit. Checking it catches most mistyped codes.
    """
    total = 0
    for position, char in enumerate(reversed(number)):
        digit = int(char)
        if position % 2 == 0:
            digit *= 2
            digit = digit - 9 if digit > 9 else digit
        total += digit
    return (10 - total % 10) % 10


def loinc_problem(code: str) -> str | None:
    """Why ``code`` is not a well-formed LOINC code, or None when it is."""
    match = _LOINC.match(code)
    if match is None:
        return f'must look like a LOINC code such as "44249-1", got {code!r}'
    number, check = match.groups()
    if loinc_check_digit(number) != int(check):
        return f"{code!r} is not a valid LOINC code (its check digit is wrong): probably a typo"
    return None


class _Strict(BaseModel):
    # Lists in the file become tuples (strict=False on those fields only, since strict mode would
    # refuse a YAML list for a tuple). Strict: a YAML "2" for a number or `yes` for text is a mistake in the file, not something to
    # guess at. Frozen: instruments are shared between requests and must not change under them.
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Option(_Strict):
    """One answer a client can choose, with the whole number it scores."""

    value: int
    label: str


class RiskWording(_Strict):
    """A risk item's label and topic in another language."""

    label: str = Field(min_length=1)
    topic: str = ""


class Risk(_Strict):
    """An answer at or above ``min_value`` is a risk signal that someone should follow up."""

    min_value: int
    severity: RiskSeverity
    label: str = Field(min_length=1)
    # A few words for what the question asks about, as in "question 9 (thoughts of self-harm)
    # was left blank"; the label is used when there is none.
    topic: str = ""
    # The label and topic in other languages, by language tag. They are words for the staff who
    # follow the alert up, written by whoever marked the item (Tandem, for the PHQ-9's item 9),
    # not the questionnaire's: an official translation of the questions does not carry them.
    translations: dict[str, RiskWording] = Field(default_factory=dict)


class AskedIf(_Strict):
    """A follow-up question, asked only when an earlier question has a given answer (FHIR's
    ``enableWhen``): "For whose benefit?" only after "Did I share something?" is yes.

    ``otherwise`` lists the answers still accepted when it is not asked ("Not applicable");
    any other answer then contradicts the earlier one and is refused."""

    item: str
    answer: int
    otherwise: tuple[int, ...] = Field(default=(), strict=False)


class Item(_Strict):
    """One question."""

    id: str
    text: str = Field(min_length=1)
    kind: ItemKind
    options: tuple[Option, ...] = Field(default=(), strict=False)
    min: int | None = None
    max: int | None = None
    min_label: str = ""
    max_label: str = ""
    reversed: bool = False
    required: bool = True
    # Choice and scale items are scored unless the file says otherwise; text is never scored.
    scored: bool = False
    loinc: str | None = None
    risk: Risk | None = None
    asked_if: AskedIf | None = None

    @field_validator("id")
    @classmethod
    def valid_id(cls, value: str) -> str:
        return _check_id(value)

    @model_validator(mode="before")
    @classmethod
    def default_scored(cls, data: Any) -> Any:
        if isinstance(data, dict) and "scored" not in data:
            return {**data, "scored": data.get("kind") in ("choice", "scale")}
        return data

    @property
    def value_range(self) -> tuple[int, int] | None:
        """The lowest and highest whole number an answer can have, or None for text."""
        if self.kind == "choice" and self.options:
            values = [option.value for option in self.options]
            return min(values), max(values)
        if self.kind == "scale" and self.min is not None and self.max is not None:
            return self.min, self.max
        if self.kind == "boolean":
            return 0, 1
        return None

    def option_label(self, value: int) -> str | None:
        """The words shown for an answer value (for a scale: the end label, else the number)."""
        if self.kind == "boolean":
            return "Yes" if value else "No"
        for option in self.options:
            if option.value == value:
                return option.label
        if self.kind == "scale":
            if value == self.min and self.min_label:
                return f"{value} ({self.min_label})"
            if value == self.max and self.max_label:
                return f"{value} ({self.max_label})"
            return str(value)
        return None

    def scored_value(self, answer: int) -> int:
        """The value an answer contributes to the score: reversed items count from the other end."""
        if not self.reversed:
            return answer
        bounds = self.value_range
        if bounds is None:  # cross-field checks reject reversed items without a range
            raise ValueError(f"item {self.id} is reversed but has no answer range")
        low, high = bounds
        return (high + low) - answer


class Subscale(_Strict):
    title: str = Field(min_length=1)
    items: tuple[str, ...] = Field(min_length=1, strict=False)
    # None: score the subscale the same way as the whole instrument.
    method: Literal["sum", "mean"] | None = None


class Scoring(_Strict):
    method: Method
    subscales: dict[str, Subscale] = Field(default_factory=dict)
    max_missing: int = Field(default=0, ge=0)
    prorate: bool = False
    prorate_rounding: Rounding = "none"
    # Where the missing-answer rule comes from (required when any answer may be missing).
    missing_source: str = ""


class ScoreRange(_Strict):
    min: float
    max: float


class SeverityBand(_Strict):
    min: float
    max: float
    label: str = Field(min_length=1)


class Codes(_Strict):
    """Codes for the whole instrument; per-item codes live on the items (``loinc``)."""

    loinc_panel: str | None = None
    loinc_total: str | None = None


class OptionWording(_Strict):
    """An answer's words in another language; ``value`` says which answer, and never changes."""

    value: int
    label: str = Field(min_length=1)


class ItemWording(_Strict):
    """A question's words in another language: its text, a scale's end labels, a choice's
    answers. Nothing about how it is scored: that stays the instrument's."""

    id: str
    text: str = Field(min_length=1)
    min_label: str = ""
    max_label: str = ""
    options: tuple[OptionWording, ...] = Field(default=(), strict=False)


class Wording(_Strict):
    """Everything the person answering reads, in one other language (``tandem.core.instruments.
    translation`` checks it covers the instrument exactly). ``source`` says who wrote or
    published it: for a validated questionnaire, only its official translation will do."""

    title: str = Field(min_length=1)
    # Empty: the instrument's own short title (an abbreviation such as "PHQ-9" usually stays).
    short_title: str = ""
    # Empty: the instrument's own description (read by the practice, not the person answering).
    description: str = ""
    instructions: str = ""
    items: tuple[ItemWording, ...] = Field(min_length=1, strict=False)
    source: str = Field(min_length=1)


class TranslationFile(Wording):
    """A file of its own holding one instrument's words in one language, such as the official
    Spanish PHQ-9 a practice adds beside its instruments: ``phq9.es.yaml``."""

    translation_of: str
    language: str

    @field_validator("language")
    @classmethod
    def valid_language(cls, value: str) -> str:
        return check_language(value)


class Instrument(_Strict):
    """A questionnaire, exactly as its file describes it."""

    id: str
    version: str = Field(min_length=1)
    title: str = Field(min_length=1)
    short_title: str = Field(min_length=1)
    description: str = ""
    respondent: Respondent
    # Only the respondent ever sees the answers (the therapist's self-care check).
    private: bool = False
    instructions: str = ""
    items: tuple[Item, ...] = Field(min_length=1, strict=False)
    scoring: Scoring
    range: ScoreRange | None = None
    direction: Direction | None = None
    cutoff: float | None = None
    cutoff_source: str = ""
    reliable_change: float | None = None
    reliable_change_source: str = ""
    reliability: float | None = None
    norm_sd: float | None = None
    reliability_source: str = ""
    severity_bands: tuple[SeverityBand, ...] = Field(default=(), strict=False)
    severity_source: str = ""
    codes: Codes = Field(default_factory=Codes)
    licence: str = Field(min_length=1)
    citation: str = Field(min_length=1)
    # The language the file's own words are in, and its words in others, by language tag. An
    # instrument shown in another language is a copy with those words (``translation.in_language``).
    language: str = "en"
    translations: dict[str, Wording] = Field(default_factory=dict)

    @field_validator("id")
    @classmethod
    def valid_id(cls, value: str) -> str:
        return _check_id(value)

    @field_validator("language")
    @classmethod
    def valid_language(cls, value: str) -> str:
        return check_language(value)

    @field_validator("version", mode="before")
    @classmethod
    def version_as_text(cls, value: Any) -> Any:
        # `version: 1` in YAML is a number; it is still a version label.
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        return value

    # -- helpers used by scoring, the app and reports -------------------------------------------

    @cached_property
    def _items_by_id(self) -> dict[str, Item]:
        return {item.id: item for item in self.items}

    def item(self, item_id: str) -> Item:
        """The item with this id; KeyError if there is none."""
        return self._items_by_id[item_id]

    @property
    def item_ids(self) -> tuple[str, ...]:
        return tuple(item.id for item in self.items)

    @property
    def scored_items(self) -> tuple[Item, ...]:
        return tuple(item for item in self.items if item.scored)

    @property
    def item_codes(self) -> dict[str, str]:
        """item id -> LOINC code, for the items that have one."""
        return {item.id: item.loinc for item in self.items if item.loinc}

    @property
    def is_scored(self) -> bool:
        return self.scoring.method != "none"

    @property
    def reliable_change_threshold(self) -> float | None:
        """The smallest change that is reliable, not measurement noise.

        The published value when the file gives one; otherwise Jacobson & Truax (1991), J Consult
        Clin Psychol 59(1):12-19: RCI threshold = 1.96 x SD x sqrt(2) x sqrt(1 - r), with SD the
        normative standard deviation and r the test-retest reliability.
        """
        if self.reliable_change is not None:
            return self.reliable_change
        if self.reliability is None or self.norm_sd is None:
            return None
        return 1.96 * self.norm_sd * math.sqrt(2) * math.sqrt(1 - self.reliability)

    def severity(self, total: float | None) -> str | None:
        """The label of the severity band the total falls in (bands are checked to tile the range)."""
        if total is None or not self.severity_bands:
            return None
        found: str | None = None
        for band in self.severity_bands:
            if band.min <= total:
                found = band.label
        last = self.severity_bands[-1]
        if total > last.max or total < self.severity_bands[0].min:
            return None
        return found

    def is_case(self, total: float | None) -> bool | None:
        """Whether a total is at or past the clinical cutoff (None when there is no cutoff)."""
        if total is None or self.cutoff is None or self.direction is None:
            return None
        if self.direction == "higher_is_worse":
            return total >= self.cutoff
        return total <= self.cutoff

    def change(self, before: float, after: float) -> float:
        """The change from before to after, signed so that a positive number is an improvement."""
        return (after - before) if self.direction == "higher_is_better" else (before - after)

    def is_improvement(self, before: float, after: float) -> bool | None:
        """A reliable improvement: better by at least the reliable-change threshold."""
        threshold = self.reliable_change_threshold
        if threshold is None or self.direction is None:
            return None
        return self.change(before, after) >= threshold

    def is_deterioration(self, before: float, after: float) -> bool | None:
        """A reliable deterioration: worse by at least the reliable-change threshold."""
        threshold = self.reliable_change_threshold
        if threshold is None or self.direction is None:
            return None
        return -self.change(before, after) >= threshold


# -- cross-field checks ---------------------------------------------------------------------------


def cross_field_problems(instrument: Instrument) -> list[str]:
    """Every problem that only shows across fields, as "field.path: what is wrong" lines."""
    problems: list[str] = []
    problems += _item_problems(instrument)
    problems += _scoring_problems(instrument)
    problems += _number_problems(instrument)
    problems += _band_problems(instrument)
    return problems


def _item_problems(instrument: Instrument) -> list[str]:
    problems: list[str] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(instrument.items):
        at = f"items[{index}]"
        if item.id in seen:
            problems.append(f"{at}.id: {item.id!r} is used twice (also items[{seen[item.id]}])")
        else:
            seen[item.id] = index
        if item.kind == "choice":
            if len(item.options) < 2:
                problems.append(f"{at}.options: a choice item needs at least two options")
            values = [option.value for option in item.options]
            for dup in sorted({v for v in values if values.count(v) > 1}):
                problems.append(f"{at}.options: the value {dup} is used by more than one option")
        elif item.options:
            problems.append(f"{at}.options: only choice items have options, this is a {item.kind}")
        if item.kind == "scale":
            if item.min is None or item.max is None:
                problems.append(f"{at}: a scale item needs both min and max")
            elif item.min >= item.max:
                problems.append(f"{at}.max: must be greater than min ({item.min}), got {item.max}")
        elif item.min is not None or item.max is not None:
            problems.append(f"{at}: only scale items have min and max, this is a {item.kind}")
        if item.reversed and (item.kind not in ("choice", "scale") or item.value_range is None):
            problems.append(
                f"{at}.reversed: a reversed item needs answer options (or a scale's min and max) "
                "to count back from"
            )
        if item.kind == "text" and item.scored:
            problems.append(f"{at}.scored: free-text items can never be scored")
        if item.loinc is not None and (problem := loinc_problem(item.loinc)):
            problems.append(f"{at}.loinc: {problem}")
        if item.asked_if is not None:
            problems.extend(_asked_if_problems(instrument, index, item))
        if item.risk is not None:
            bounds = item.value_range
            if item.kind == "text" or bounds is None:
                problems.append(f"{at}.risk: only items with numbered answers can carry a risk")
            elif not bounds[0] <= item.risk.min_value <= bounds[1]:
                problems.append(
                    f"{at}.risk.min_value: must be one of the item's answers "
                    f"({bounds[0]} to {bounds[1]}), got {item.risk.min_value}"
                )
    return problems


def _asked_if_problems(instrument: Instrument, index: int, item: Item) -> list[str]:
    assert item.asked_if is not None
    at = f"items[{index}].asked_if"
    earlier = {other.id: other for other in instrument.items[:index]}
    problems: list[str] = []
    condition = earlier.get(item.asked_if.item)
    if condition is None:
        problems.append(f"{at}.item: no earlier item has the id {item.asked_if.item!r}")
    elif condition.value_range is None or not (
        condition.value_range[0] <= item.asked_if.answer <= condition.value_range[1]
    ):
        problems.append(f"{at}.answer: {item.asked_if.answer} is not an answer to that item")
    if item.required:
        problems.append(f"{at}: a question asked only sometimes must have required: false")
    values = {option.value for option in item.options}
    for value in item.asked_if.otherwise:
        if item.kind != "choice" or value not in values:
            problems.append(f"{at}.otherwise: {value} is not one of this item's answers")
    return problems


def _scoring_problems(instrument: Instrument) -> list[str]:
    problems: list[str] = []
    scoring = instrument.scoring
    scored_ids = {item.id for item in instrument.scored_items}
    all_ids = set(instrument.item_ids)
    if scoring.method == "none":
        for name in ("range", "direction", "cutoff", "reliable_change", "reliability", "norm_sd"):
            if getattr(instrument, name) is not None:
                problems.append(f"{name}: has no meaning when scoring.method is none; remove it")
        if instrument.severity_bands:
            problems.append("severity_bands: have no meaning when scoring.method is none")
        if scoring.subscales:
            problems.append("scoring.subscales: have no meaning when scoring.method is none")
        return problems
    if not scored_ids:
        problems.append(f"scoring.method: is {scoring.method} but no item is scored")
    if instrument.range is None:
        problems.append("range: is required when the instrument is scored")
    if instrument.direction is None:
        problems.append("direction: is required when the instrument is scored")
    if scoring.prorate and scoring.method != "sum":
        problems.append("scoring.prorate: only a sum can be prorated (a mean already is)")
    if scoring.method == "sum" and scoring.max_missing > 0 and not scoring.prorate:
        problems.append(
            "scoring.max_missing: a sum with missing answers would be too low; "
            "set prorate: true (with its source) or max_missing: 0"
        )
    if scored_ids and scoring.max_missing >= len(scored_ids):
        problems.append(
            f"scoring.max_missing: must be less than the number of scored items "
            f"({len(scored_ids)}), got {scoring.max_missing}"
        )
    if scoring.max_missing > 0 and not scoring.missing_source.strip():
        problems.append("scoring.missing_source: say where the missing-answer rule comes from")
    for sub_id, subscale in scoring.subscales.items():
        at = f"scoring.subscales.{sub_id}"
        if not _ID.match(sub_id):
            problems.append(f"{at}: subscale ids must be lowercase letters, digits and underscores")
        for index, item_id in enumerate(subscale.items):
            if item_id not in all_ids:
                problems.append(f"{at}.items[{index}]: no item has the id {item_id!r}")
            elif item_id not in scored_ids:
                problems.append(f"{at}.items[{index}]: item {item_id!r} is not scored")
        for dup in sorted({i for i in subscale.items if subscale.items.count(i) > 1}):
            problems.append(f"{at}.items: {dup!r} is listed more than once")
    expected = expected_range(instrument)
    if instrument.range is not None and expected is not None:
        low, high = expected
        if (instrument.range.min, instrument.range.max) != (low, high):
            problems.append(
                f"range: the items give totals from {_num(low)} to {_num(high)} "
                f"but the file says {_num(instrument.range.min)} to {_num(instrument.range.max)}"
            )
    return problems


def _number_problems(instrument: Instrument) -> list[str]:
    problems: list[str] = []
    score_range = instrument.range
    if instrument.cutoff is not None:
        if not instrument.cutoff_source.strip():
            problems.append("cutoff_source: a cutoff needs its source")
        if score_range and not score_range.min <= instrument.cutoff <= score_range.max:
            problems.append(
                f"cutoff: must lie within the range {_num(score_range.min)} to "
                f"{_num(score_range.max)}, got {_num(instrument.cutoff)}"
            )
    if instrument.reliable_change is not None:
        if instrument.reliable_change <= 0:
            problems.append("reliable_change: must be greater than 0")
        if not instrument.reliable_change_source.strip():
            problems.append("reliable_change_source: a reliable-change threshold needs its source")
    if (instrument.reliability is None) != (instrument.norm_sd is None):
        problems.append("reliability: give both reliability and norm_sd, or neither")
    if instrument.reliability is not None:
        if not 0 < instrument.reliability < 1:
            problems.append(
                f"reliability: must be between 0 and 1, got {_num(instrument.reliability)}"
            )
        if not instrument.reliability_source.strip():
            problems.append("reliability_source: reliability and norm_sd need their source")
    if instrument.norm_sd is not None and instrument.norm_sd <= 0:
        problems.append(f"norm_sd: must be greater than 0, got {_num(instrument.norm_sd)}")
    for name in ("loinc_panel", "loinc_total"):
        code = getattr(instrument.codes, name)
        if code is not None and (problem := loinc_problem(code)):
            problems.append(f"codes.{name}: {problem}")
    return problems


def _band_problems(instrument: Instrument) -> list[str]:
    bands = instrument.severity_bands
    if not bands:
        return []
    problems: list[str] = []
    if not instrument.severity_source.strip():
        problems.append("severity_source: severity bands need their source")
    for index, band in enumerate(bands):
        if band.min > band.max:
            problems.append(f"severity_bands[{index}]: min {_num(band.min)} is above max")
    # Whole-number totals tile as 0-4, 5-9, ...; fractional totals (means) as 0-1, 1-2, ...
    # with each band running up to the next band's min.
    step = 1.0 if _whole_number_totals(instrument) else 0.0
    for index in range(1, len(bands)):
        before, band = bands[index - 1], bands[index]
        expected = before.max + step
        if band.min < expected:
            problems.append(
                f"severity_bands[{index}]: overlaps the band before it "
                f"({before.label!r} ends at {_num(before.max)}, this starts at {_num(band.min)})"
            )
        elif band.min > expected:
            problems.append(
                f"severity_bands[{index}]: leaves a gap after {before.label!r} "
                f"(which ends at {_num(before.max)}; this starts at {_num(band.min)})"
            )
    score_range = instrument.range
    if score_range is not None:
        if bands[0].min != score_range.min:
            problems.append(
                f"severity_bands[0].min: must start at the range minimum "
                f"{_num(score_range.min)}, got {_num(bands[0].min)}"
            )
        if bands[-1].max != score_range.max:
            problems.append(
                f"severity_bands[{len(bands) - 1}].max: must end at the range maximum "
                f"{_num(score_range.max)}, got {_num(bands[-1].max)}"
            )
    return problems


def _whole_number_totals(instrument: Instrument) -> bool:
    scoring = instrument.scoring
    if scoring.method != "sum":
        return False
    return not scoring.prorate or scoring.prorate_rounding == "nearest_whole"


def expected_range(instrument: Instrument) -> tuple[float, float] | None:
    """The totals the scored items can actually produce (None if an item has no range)."""
    bounds = [item.value_range for item in instrument.scored_items]
    if not bounds or any(b is None for b in bounds):
        return None
    lows = [b[0] for b in bounds if b is not None]
    highs = [b[1] for b in bounds if b is not None]
    if instrument.scoring.method == "sum":
        return float(sum(lows)), float(sum(highs))
    # A mean of answered items can reach any single item's extremes when others are missing.
    return float(min(lows)), float(max(highs))


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
