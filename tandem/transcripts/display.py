"""A stored analysis as the session page shows it: being analysed, analysed, or failed with the
reason; measures in words beside their MITI benchmarks, and two charts."""

from __future__ import annotations

from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from tandem.transcripts.charts import client_talk_chart, therapist_behaviour_chart
from tandem.transcripts.quality_words import said_again

# The core's plain words for the analyser's labels (tandem.core.transcripts.wording), in the
# reader's language: the core keeps English, and a test holds these to the same keys.
BEHAVIOUR_WORDS = {
    "question": gettext_lazy("Question"),
    "reflection": gettext_lazy("Reflection"),
    "therapist_input": gettext_lazy("Information or advice"),
    "other": pgettext_lazy("a therapist's turn", "Other"),
}
SUBTYPE_WORDS = {
    ("question", "open"): gettext_lazy("Open question"),
    ("question", "closed"): gettext_lazy("Closed question"),
    ("reflection", "simple"): gettext_lazy("Simple reflection"),
    ("reflection", "complex"): gettext_lazy("Complex reflection"),
    ("therapist_input", "information"): gettext_lazy("Giving information"),
    ("therapist_input", "advice"): gettext_lazy("Giving advice"),
    ("therapist_input", "negotiation"): gettext_lazy("Agreeing goals or a plan"),
    ("therapist_input", "options"): gettext_lazy("Offering options"),
}
TALK_WORDS = {
    "change": gettext_lazy("Change talk (towards change)"),
    "sustain": gettext_lazy("Sustain talk (for staying the same)"),
    "neutral": gettext_lazy("Neutral talk"),
}
# MITI levels and the quality estimate's label, as the core stores them.
LEVELS = {
    "good": pgettext_lazy("a MITI level", "good"),
    "fair": pgettext_lazy("a MITI level", "fair"),
    "below fair": pgettext_lazy("a MITI level", "below fair"),
}
QUALITY_LABELS = {
    "high": pgettext_lazy("overall quality", "high"),
    "low": pgettext_lazy("overall quality", "low"),
}


def read_as(utterance: Any) -> str:
    """How the analyser read one turn, in words: "Giving advice; advice without permission"
    (the core's read_as, in the reader's language)."""
    behaviour, subtype = utterance.get("behaviour"), utterance.get("subtype")
    if behaviour:
        words = str(
            SUBTYPE_WORDS.get((behaviour, subtype or ""))
            or BEHAVIOUR_WORDS.get(behaviour)
            or BEHAVIOUR_WORDS["other"]
        )
    else:
        words = str(TALK_WORDS.get(utterance.get("talk_type") or "neutral", TALK_WORDS["neutral"]))
    if utterance.get("advice_without_permission"):
        if (behaviour, subtype) == ("therapist_input", "advice"):
            words += _("; advice without asking permission")
        else:
            # the model read it otherwise, but the turn tells the client what to do (rules.py)
            words += _("; tells the client what to do, without asking permission")
    if utterance.get("self_disclosure"):
        words += _("; therapist shares something about themself")
    return words


def _number(value: float, places: int) -> str:
    return number_format(round(value, places), places)


def _percent(value: Any) -> str:
    return "—" if value is None else _("%(number)s%%") % {"number": _number(100 * value, 0)}


def _level(bench: dict[str, Any], name: str) -> str:
    # A short transcript has no questions or reflections to compare: the core then reports no
    # level (None), which the page says in words instead of failing (16.5).
    level = (bench.get(name) or {}).get("level")
    if not level:
        return _("too few turns to compare")
    return str(LEVELS.get(level, level))


def analysis_view(analysis: Any) -> dict[str, Any] | None:
    """One stored analysis as the session page shows it (the first session in the file); a
    queued one as "being analysed", a failed one with its reason."""
    if analysis.status == analysis.QUEUED:
        return {"analysis": analysis, "pending": True}
    if analysis.status == analysis.FAILED:
        return {"analysis": analysis, "failed": True, "error": analysis.error}
    sessions = analysis.result.get("sessions") or []
    if not sessions:
        return None
    one = sessions[0]
    m = one["metrics"]
    bench = m.get("benchmarks", {})
    rows = [
        (_("Therapist's share of words"), _percent(m.get("therapist_word_share")), ""),
        (_("Therapist's share of turns"), _percent(m.get("therapist_turn_share")), ""),
        (
            _("Reflections to questions"),
            _("%(ratio)s : 1") % {"ratio": _number(m["reflection_to_question"], 1)}
            if m.get("reflection_to_question") is not None
            else "—",
            _("MITI 4.2.1: fair 1:1, good 2:1 — %(level)s")
            % {"level": _level(bench, "reflection_to_question")},
        ),
        (
            _("Open questions"),
            _percent(m["percent_open_questions"] / 100)
            if m.get("percent_open_questions") is not None
            else "—",
            "",
        ),
        (
            _("Complex reflections"),
            _percent(m["percent_complex_reflections"] / 100)
            if m.get("percent_complex_reflections") is not None
            else "—",
            _("MITI 4.2.1: fair 40%%, good 50%% — %(level)s")
            % {"level": _level(bench, "percent_complex_reflections")},
        ),
        (_("Change talk, of change + sustain talk"), _percent(m.get("change_talk_share")), ""),
        (_("Advice without asking permission"), str(m.get("advice_without_permission", 0)), ""),
        (
            _("Therapist self-disclosures"),
            str(m.get("self_disclosures", 0)),
            # The prompt only where there is something to think about (issue 17.16).
            _("for whose benefit? worth a moment's thought") if m.get("self_disclosures") else "",
        ),
        (
            _("Language style matching (0–1)"),
            _number(m["language_style_matching"], 2)
            if m.get("language_style_matching") is not None
            else "—",
            _("how alike the two talk"),
        ),
    ]
    # Each turn with how it was read in plain words; the codes stay in the stored JSON only.
    utterances = [{**u, "read_as": read_as(u)} for u in one.get("utterances", [])]
    charts = [
        chart
        for chart in (
            therapist_behaviour_chart(utterances, f"talk-{analysis.pk}-therapist"),
            client_talk_chart(utterances, f"talk-{analysis.pk}-client"),
        )
        if chart is not None
    ]
    return {
        "analysis": analysis,
        "rows": rows,
        "quality": _quality(one.get("quality")),
        "utterances": utterances,
        "charts": charts,
    }


def _quality(quality: dict[str, Any] | None) -> dict[str, Any] | None:
    """The stored estimate with its label and its reasons in the reader's language (the reasons
    read back from the English sentences the core stored: tandem.transcripts.quality_words)."""
    if not quality:
        return quality
    label = quality.get("label")
    return {
        **quality,
        "label": str(QUALITY_LABELS.get(label, label)) if label else label,
        "reasons": [said_again(reason) for reason in quality.get("reasons") or []],
    }
