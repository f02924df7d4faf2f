"""A session's transcript: upload it, attach it to the session, see how the two people talked.

The analysis is the core's (tandem.core.transcripts); this module checks the file, asks the
policy who may see it, queues the analysis for the worker (tandem.api.transcripts), and shapes
it for the page: being analysed, analysed, or failed with the reason.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from tandem.api.transcripts import analyse_transcript
from tandem.care.models import Session
from tandem.core.limits import TRANSCRIPT_FILE_MAX_BYTES, TRANSCRIPT_MAX_CHARS
from tandem.core.transcripts.wording import read_as
from tandem.reports.transcript_charts import client_talk_chart, therapist_behaviour_chart

SUFFIXES = (".txt", ".vtt", ".srt", ".csv")

# The formats a therapist picks from, in plain words. The research format (AnnoMI's CSV) is not
# offered by name: "Work it out from the file" still recognises it, and the CLI and the API
# take it by its name (issue 17.16).
WEB_FORMATS = (
    ("auto", "Work it out from the file"),
    ("text", "Plain text (T: … / C: …)"),
    ("vtt", "Subtitles: WebVTT (.vtt)"),
    ("srt", "Subtitles: SubRip (.srt)"),
    ("csv", "Spreadsheet (.csv)"),
)


class TranscriptForm(forms.Form):
    file = forms.FileField(
        label="Transcript file",
        required=False,
        help_text="Plain text with speaker labels (T: / C:), WebVTT, SRT or CSV; up to 2 MB.",
    )
    text = forms.CharField(
        label="…or paste the transcript", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    # Short enough to read whole in the select on a phone; what each needs is in the help.
    format = forms.ChoiceField(
        label="Format",
        choices=WEB_FORMATS,
        initial="auto",
        help_text="Plain text: one turn a line, each starting with who speaks. A spreadsheet: "
        "a column for who speaks and one for what they said.",
    )
    speakers = forms.CharField(
        label="Names to roles",
        required=False,
        max_length=500,
        help_text="When the transcript uses names: for example “Sam=therapist, Jo=client”.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload, pasted = data.get("file"), (data.get("text") or "").strip()
        if upload is None and not pasted:
            raise forms.ValidationError("Choose a transcript file or paste the transcript.")
        if upload is not None:
            if upload.size > TRANSCRIPT_FILE_MAX_BYTES:
                raise forms.ValidationError(
                    "The file is larger than 2 MB; a transcript is much smaller."
                )
            if not upload.name.lower().endswith(SUFFIXES):
                raise forms.ValidationError("Choose a .txt, .vtt, .srt or .csv file.")
            try:
                pasted = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError(
                    "The file is not UTF-8 text; save it as plain text (UTF-8)."
                ) from None
        if len(pasted) > TRANSCRIPT_MAX_CHARS:
            # The same limit as the API's (tandem.core.limits); the pasted text stays in the box.
            self.add_error(
                "text" if upload is None else "file",
                f"The transcript is {len(pasted):,} characters long; Tandem analyses up to "
                f"{TRANSCRIPT_MAX_CHARS:,} characters at once. Split it into parts, one per "
                "session, and analyse each.",
            )
        speakers = {}
        for part in (data.get("speakers") or "").split(","):
            if not part.strip():
                continue
            name, _, role = part.partition("=")
            if role.strip().lower() not in {"therapist", "client"} or not name.strip():
                raise forms.ValidationError(
                    f"“{part.strip()}”: write it as Name=therapist or Name=client."
                )
            speakers[name.strip()] = role.strip().lower()
        data["transcript"], data["speaker_map"] = pasted, speakers
        return data


def analyse_upload(request: HttpRequest, session: Session, data: dict[str, Any]) -> HttpResponse:
    """Analyse a transcript the form accepted (the view in tandem.care.views checks who may and
    shows a refused form again with its text) and go back to the session."""
    name = data["file"].name if data.get("file") else "Pasted transcript"
    analysis = analyse_transcript(
        request.user,
        data["transcript"],
        data["format"],
        name[:200],
        data["speaker_map"],
        request,
        session=session,
    )
    if analysis.status == analysis.DONE:
        messages.success(
            request, "Transcript analysed. The analysis is below, next to the session's feedback."
        )
    elif analysis.status == analysis.FAILED:
        messages.error(request, f"The transcript could not be read: {analysis.error}")
    else:
        messages.info(
            request, "Transcript received. It is being analysed: the result appears below."
        )
    return redirect("session_detail", pk=session.pk)


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
