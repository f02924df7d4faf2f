"""A stored analysis as the session page shows it: being analysed, analysed, or failed with the
reason; measures in words beside their MITI benchmarks, and two charts."""

from __future__ import annotations

from typing import Any

from tandem.core.transcripts.wording import read_as
from tandem.transcripts.charts import client_talk_chart, therapist_behaviour_chart


def _percent(value: Any) -> str:
    return "—" if value is None else f"{100 * value:.0f}%"


def _level(bench: dict[str, Any], name: str) -> str:
    # A short transcript has no questions or reflections to compare: the core then reports no
    # level (None), which the page says in words instead of failing (16.5).
    return (bench.get(name) or {}).get("level") or "too few turns to compare"


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
        ("Therapist's share of words", _percent(m.get("therapist_word_share")), ""),
        ("Therapist's share of turns", _percent(m.get("therapist_turn_share")), ""),
        (
            "Reflections to questions",
            f"{m['reflection_to_question']:.1f} : 1"
            if m.get("reflection_to_question") is not None
            else "—",
            "MITI 4.2.1: fair 1:1, good 2:1 — " + _level(bench, "reflection_to_question"),
        ),
        (
            "Open questions",
            f"{m['percent_open_questions']:.0f}%"
            if m.get("percent_open_questions") is not None
            else "—",
            "",
        ),
        (
            "Complex reflections",
            f"{m['percent_complex_reflections']:.0f}%"
            if m.get("percent_complex_reflections") is not None
            else "—",
            "MITI 4.2.1: fair 40%, good 50% — " + _level(bench, "percent_complex_reflections"),
        ),
        ("Change talk, of change + sustain talk", _percent(m.get("change_talk_share")), ""),
        ("Advice without asking permission", str(m.get("advice_without_permission", 0)), ""),
        (
            "Therapist self-disclosures",
            str(m.get("self_disclosures", 0)),
            # The prompt only where there is something to think about (issue 17.16).
            "for whose benefit? worth a moment's thought" if m.get("self_disclosures") else "",
        ),
        (
            "Language style matching (0–1)",
            f"{m['language_style_matching']:.2f}"
            if m.get("language_style_matching") is not None
            else "—",
            "how alike the two talk",
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
        "quality": one.get("quality"),
        "utterances": utterances,
        "charts": charts,
    }
