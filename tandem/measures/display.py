"""Answers as a person reads them: the question's words and the chosen answer's words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tandem.core.schedule import FOLLOW_UP_MONTHS
from tandem.measures import registry, wording
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
            text = _("Yes") if value in (1, True, "1") else _("No")
        elif item.kind == "choice":
            text = next((o.label for o in item.options if o.value == value), str(value))
        elif item.kind == "scale":
            text = _("%(value)s (from %(min)s to %(max)s)") % {
                "value": value,
                "min": item.min,
                "max": item.max,
            }
        else:
            text = str(value)
        shown.append(ShownAnswer(item.text, text))
    return shown


def title(instrument_id: str) -> str:
    """The instrument's title in the reader's language when the instrument has it."""
    instrument = registry.get(instrument_id)
    return wording.title(instrument) if instrument else instrument_id


def listed(items: list[str]) -> str:
    """Items as a list in words: "a", "a and b", "a, b and c" (in the reader's language)."""
    if len(items) <= 1:
        return "".join(items)
    return _("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def when_collected(schedule: Schedule) -> str:
    """The schedule's timepoints in a sentence: "at every session and 1, 3 and 6 months after
    the ending". Each timepoint is a whole phrase of its own, translated as it stands; only the
    list joins them."""
    chosen = schedule.timepoints or []
    parts = []
    if "every_session" in chosen:
        parts.append(_("at every session"))
    elif "every_n" in chosen:
        n = schedule.every_n or 0
        parts.append(
            ngettext(
                "at the first session, then every %(n)s session",
                "at the first session, then every %(n)s sessions",
                n,
            )
            % {"n": n}
        )
    elif "assessment" in chosen:
        parts.append(_("at the assessment (first session)"))
    if "last_session" in chosen and "every_session" not in chosen:
        parts.append(_("at the last session"))
    months = [m for t, m in FOLLOW_UP_MONTHS.items() if t in chosen]
    if months:
        # "1 month", "1 and 3 months": the plural follows the last number, as the ear does.
        parts.append(
            ngettext(
                "%(months)s month after the ending",
                "%(months)s months after the ending",
                months[-1],
            )
            % {"months": listed([str(m) for m in months])}
        )
    if not parts:
        return _("at no timepoint")
    return listed(parts)
