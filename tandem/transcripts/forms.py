"""The transcript form on the session page: a file or pasted text, its format, who is who."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from tandem.core.limits import TRANSCRIPT_FILE_MAX_BYTES, TRANSCRIPT_MAX_CHARS

SUFFIXES = (".txt", ".vtt", ".srt", ".csv")

# The formats a therapist picks from, in plain words. The research format (AnnoMI's CSV) is not
# offered by name: "Work it out from the file" still recognises it, and the CLI and the API
# take it by its name (issue 17.16).
WEB_FORMATS = (
    ("auto", _("Work it out from the file")),
    ("text", _("Plain text (T: … / C: …)")),
    ("vtt", _("Subtitles: WebVTT (.vtt)")),
    ("srt", _("Subtitles: SubRip (.srt)")),
    ("csv", _("Spreadsheet (.csv)")),
)


class TranscriptForm(forms.Form):
    file = forms.FileField(
        label=_("Transcript file"),
        required=False,
        help_text=_("Plain text with speaker labels (T: / C:), WebVTT, SRT or CSV; up to 2 MB."),
    )
    text = forms.CharField(
        label=_("…or paste the transcript"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    # Short enough to read whole in the select on a phone; what each needs is in the help.
    format = forms.ChoiceField(
        label=_("Format"),
        choices=WEB_FORMATS,
        initial="auto",
        help_text=_(
            "Plain text: one turn a line, each starting with who speaks. A spreadsheet: "
            "a column for who speaks and one for what they said."
        ),
    )
    speakers = forms.CharField(
        label=_("Names to roles"),
        required=False,
        max_length=500,
        help_text=_("When the transcript uses names: for example “Sam=therapist, Jo=client”."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload, pasted = data.get("file"), (data.get("text") or "").strip()
        if upload is None and not pasted:
            raise forms.ValidationError(_("Choose a transcript file or paste the transcript."))
        if upload is not None:
            if upload.size > TRANSCRIPT_FILE_MAX_BYTES:
                raise forms.ValidationError(
                    _("The file is larger than 2 MB; a transcript is much smaller.")
                )
            if not upload.name.lower().endswith(SUFFIXES):
                raise forms.ValidationError(_("Choose a .txt, .vtt, .srt or .csv file."))
            try:
                pasted = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError(
                    _("The file is not UTF-8 text; save it as plain text (UTF-8).")
                ) from None
        if len(pasted) > TRANSCRIPT_MAX_CHARS:
            # The same limit as the API's (tandem.core.limits); the pasted text stays in the box.
            self.add_error(
                "text" if upload is None else "file",
                _(
                    "The transcript is %(length)s characters long; Tandem analyses up to "
                    "%(limit)s characters at once. Split it into parts, one per session, and "
                    "analyse each."
                )
                % {
                    "length": number_format(len(pasted), force_grouping=True),
                    "limit": number_format(TRANSCRIPT_MAX_CHARS, force_grouping=True),
                },
            )
        speakers = {}
        for part in (data.get("speakers") or "").split(","):
            if not part.strip():
                continue
            name, _sep, role = part.partition("=")
            if role.strip().lower() not in {"therapist", "client"} or not name.strip():
                raise forms.ValidationError(
                    _("“%(part)s”: write it as Name=therapist or Name=client.")
                    % {"part": part.strip()}
                )
            speakers[name.strip()] = role.strip().lower()
        data["transcript"], data["speaker_map"] = pasted, speakers
        return data
