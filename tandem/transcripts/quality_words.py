"""The quality estimate's reasons in the reader's language.

The core writes each reason as an English sentence when the transcript is analysed
(tandem.core.transcripts.quality: ``too_short`` and ``score_quality``), and the analysis keeps the
sentence, not its parts. The page reads the parts back out of the sentence the core wrote (the
same few shapes, the same feature words, which a test holds to the core's) and says them again
as a whole translatable sentence, numbers in the reader's locale. A sentence of any other shape
is shown as it was stored.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

# The core's words for each figure (QUALITY_FEATURES), as they start a reason.
FEATURE_WORDS: dict[str, Any] = {
    "reflections per question": gettext_lazy("Reflections per question"),
    "the share of reflections that are complex": gettext_lazy(
        "The share of reflections that are complex"
    ),
    "the share of questions that are open": gettext_lazy("The share of questions that are open"),
    "the share of therapist turns that are reflections": gettext_lazy(
        "The share of therapist turns that are reflections"
    ),
    "the share of therapist turns that are questions": gettext_lazy(
        "The share of therapist turns that are questions"
    ),
    "the share of therapist turns giving information or advice": gettext_lazy(
        "The share of therapist turns giving information or advice"
    ),
    "advice given without permission, per therapist turn": gettext_lazy(
        "Advice given without permission, per therapist turn"
    ),
    "the therapist's share of the words spoken": gettext_lazy(
        "The therapist's share of the words spoken"
    ),
    "change talk as a share of change and sustain talk": gettext_lazy(
        "Change talk as a share of change and sustain talk"
    ),
    "language style matching between the two": gettext_lazy(
        "Language style matching between the two"
    ),
}

_NUMBER = r"-?\d+(?:\.\d+)?%?"
SCORED = re.compile(
    rf"^(?P<words>.+) is (?P<value>{_NUMBER}), (?P<side>above|below) the typical "
    rf"(?P<typical>{_NUMBER}), which points to (?P<towards>high|low) quality\.$"
)
TOO_SHORT = re.compile(
    r"^Too short to judge overall quality: the transcript has "
    r"(?:no therapist turns|(?P<turns>\d+) therapist turns?); an estimate needs at least "
    r"(?P<least>\d+)\.$"
)


def _number(shown: str) -> str:
    """'48%' or '1.25' as the core wrote it, in the reader's locale ('48 %', '1,25')."""
    if shown.endswith("%"):
        return _("%(number)s%%") % {"number": number_format(int(float(shown[:-1])))}
    places = len(shown.split(".", 1)[1]) if "." in shown else 0
    return number_format(float(shown), places)


def _scored(words: str, value: str, side: str, typical: str, towards: str) -> str:
    templates = {
        ("above", "high"): _(
            "%(what)s is %(value)s, above the typical %(typical)s, which points to high quality."
        ),
        ("above", "low"): _(
            "%(what)s is %(value)s, above the typical %(typical)s, which points to low quality."
        ),
        ("below", "high"): _(
            "%(what)s is %(value)s, below the typical %(typical)s, which points to high quality."
        ),
        ("below", "low"): _(
            "%(what)s is %(value)s, below the typical %(typical)s, which points to low quality."
        ),
    }
    return templates[side, towards] % {
        "what": FEATURE_WORDS[words],
        "value": _number(value),
        "typical": _number(typical),
    }


def _too_short(turns: int, least: int) -> str:
    if turns == 0:
        return _(
            "Too short to judge overall quality: the transcript has no therapist turns; an "
            "estimate needs at least %(least)s."
        ) % {"least": least}
    return ngettext(
        "Too short to judge overall quality: the transcript has %(turns)s therapist turn; an "
        "estimate needs at least %(least)s.",
        "Too short to judge overall quality: the transcript has %(turns)s therapist turns; an "
        "estimate needs at least %(least)s.",
        turns,
    ) % {"turns": turns, "least": least}


def said_again(reason: str) -> str:
    """One stored reason in the reader's language (as stored when its shape is not known)."""
    if found := TOO_SHORT.match(reason):
        return _too_short(int(found["turns"] or 0), int(found["least"]))
    found = SCORED.match(reason)
    if found is not None:
        words = found["words"][0].lower() + found["words"][1:]
        if words in FEATURE_WORDS:
            return _scored(words, found["value"], found["side"], found["typical"], found["towards"])
    return reason
