"""Charts of one analysed session transcript: what the therapist did, and how the client's talk
moved through the session. Server-rendered SVG with a summary sentence and the numbers as a
table, like every other chart in Tandem (see tandem.reports.charts); no Django, no network.

The figures are the transcript engine's (tandem.core.transcripts): this module only draws them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext, pgettext_lazy

from tandem.reports.charts import ACCENT, GOOD, INK, WARM, WIDTH, Chart, svg_head

GREY = "#8a94a3"

# A client turn's kind, as the chart's tips say it, and in a word for its table.
TALK: dict[str, Any] = {
    "change": gettext_lazy("change talk"),
    "sustain": gettext_lazy("sustain talk"),
    "neutral": gettext_lazy("neutral talk"),
}
TALK_WORD: dict[str, Any] = {
    "change": pgettext_lazy("client talk", "change"),
    "sustain": pgettext_lazy("client talk", "sustain"),
    "neutral": pgettext_lazy("client talk", "neutral"),
}

# What the therapist did, in the order a reader expects, with the words shown for each.
BEHAVIOURS: tuple[tuple[str, Any, str], ...] = (
    # (key, label, colour)
    ("open_question", gettext_lazy("Open questions"), ACCENT),
    ("closed_question", gettext_lazy("Closed questions"), ACCENT),
    ("complex_reflection", gettext_lazy("Complex reflections"), GOOD),
    ("simple_reflection", gettext_lazy("Simple reflections"), GOOD),
    ("therapist_input", gettext_lazy("Information and advice"), WARM),
    ("other", pgettext_lazy("a therapist's turn", "Other"), GREY),
)


def _behaviour_key(utterance: Mapping[str, Any]) -> str:
    behaviour, subtype = utterance.get("behaviour"), utterance.get("subtype")
    if behaviour == "question":
        return "closed_question" if subtype == "closed" else "open_question"
    if behaviour == "reflection":
        return "complex_reflection" if subtype == "complex" else "simple_reflection"
    if behaviour == "therapist_input":
        return "therapist_input"
    return "other"


def therapist_behaviour_chart(utterances: Sequence[Mapping[str, Any]], id: str) -> Chart | None:
    """Horizontal bars: how many therapist turns were each kind of behaviour."""
    turns = [u for u in utterances if u.get("speaker") == "therapist"]
    if not turns:
        return None
    counts = {key: 0 for key, _, _ in BEHAVIOURS}
    for u in turns:
        counts[_behaviour_key(u)] += 1
    row_h, label_w, pad_top, pad_bottom, pad_right = 28, 170, 10, 10, 40
    height = pad_top + row_h * len(BEHAVIOURS) + pad_bottom
    most = max(counts.values()) or 1
    span = WIDTH - label_w - pad_right
    title = _("What the therapist did")
    questions = counts["open_question"] + counts["closed_question"]
    reflections = counts["complex_reflection"] + counts["simple_reflection"]
    summary = ngettext(
        "Of %(turns)s therapist turn, %(questions)s were questions (%(open)s open), "
        "%(reflections)s were reflections (%(complex)s complex) and %(input)s gave information "
        "or advice.",
        "Of %(turns)s therapist turns, %(questions)s were questions (%(open)s open), "
        "%(reflections)s were reflections (%(complex)s complex) and %(input)s gave information "
        "or advice.",
        len(turns),
    ) % {
        "turns": len(turns),
        "questions": questions,
        "open": counts["open_question"],
        "reflections": reflections,
        "complex": counts["complex_reflection"],
        "input": counts["therapist_input"],
    }
    parts = svg_head(id, title, summary, WIDTH, height)
    for i, (key, label, colour) in enumerate(BEHAVIOURS):
        y = pad_top + row_h * i
        width = round(counts[key] / most * span, 1)
        parts.append(
            f'<text font-size="13" fill="{INK}" x="4" y="{y + row_h / 2 + 4}">{label}</text>'
            f'<rect class="bar" x="{label_w}" y="{y + 5}" width="{width}" height="{row_h - 10}" '
            f'fill="{colour}" fill-opacity="0.85"><title>{label}: {counts[key]}</title></rect>'
            f'<text font-size="13" fill="{INK}" x="{label_w + width + 6}" '
            f'y="{y + row_h / 2 + 4}">{counts[key]}</text>'
        )
    parts.append("</svg>")
    rows: list[list[Any]] = [
        [str(label), counts[key], _percent(counts[key] / len(turns))]
        for key, label, _ in BEHAVIOURS
    ]
    legend = [
        ("key-question", _("questions")),
        ("key-reflection", _("reflections")),
        ("key-input", _("information and advice")),
    ]
    columns = ["", _("Turns"), _("Share")]
    return Chart(id, title, "".join(parts), summary, columns, rows, legend)


def client_talk_chart(utterances: Sequence[Mapping[str, Any]], id: str) -> Chart | None:
    """One mark per client turn, in order: up for change talk, down for sustain talk, a dot on
    the line for neutral talk. Position carries the meaning; colour only repeats it."""
    turns = [u for u in utterances if u.get("speaker") == "client"]
    if not turns:
        return None
    height, pad_top, pad_bottom, pad_left, pad_right = 150, 24, 30, 70, 12
    mid = pad_top + (height - pad_top - pad_bottom) / 2
    reach = (height - pad_top - pad_bottom) / 2 - 4
    title = _("The client's talk through the session")
    kinds = [u.get("talk_type") or "neutral" for u in turns]
    change, sustain = kinds.count("change"), kinds.count("sustain")
    half = len(kinds) // 2
    later = kinds[half:].count("change")
    counts = {"change": change, "turns": len(turns), "sustain": sustain, "later": later}
    if change:
        summary = ngettext(
            "%(change)s of %(turns)s client turn was change talk and %(sustain)s sustain talk; "
            "%(later)s of the %(change)s change-talk turns came in the second half.",
            "%(change)s of %(turns)s client turns were change talk and %(sustain)s sustain "
            "talk; %(later)s of the %(change)s change-talk turns came in the second half.",
            len(turns),
        )
    else:
        summary = ngettext(
            "%(change)s of %(turns)s client turn was change talk and %(sustain)s sustain talk.",
            "%(change)s of %(turns)s client turns were change talk and %(sustain)s sustain talk.",
            len(turns),
        )
    summary %= counts
    # The axis's words (outside the f-strings below, where xgettext would not find them).
    axis = {
        "change": pgettext("the chart's axis: client talk", "Change"),
        "neutral": pgettext("the chart's axis: client talk", "Neutral"),
        "sustain": pgettext("the chart's axis: client talk", "Sustain"),
    }
    in_order = _("Client turns, in order")
    # Room on the left for the longest axis word in the reader's language (about 7 px a letter).
    pad_left = max(pad_left, 7 * max(len(word) for word in axis.values()) + 10)
    step = (WIDTH - pad_left - pad_right) / max(len(turns), 1)
    bar_w = max(2.0, min(14.0, step * 0.7))
    parts = [
        *svg_head(id, title, summary, WIDTH, height),
        f'<line x1="{pad_left}" x2="{WIDTH - pad_right}" y1="{mid}" y2="{mid}" '
        'stroke="#c9d0da" stroke-width="1"/>',
        f'<text font-size="12" fill="{INK}" x="4" y="{pad_top + 10}">{axis["change"]}</text>',
        f'<text font-size="12" fill="{INK}" x="4" y="{mid + 4}">{axis["neutral"]}</text>',
        f'<text font-size="12" fill="{INK}" x="4" y="{height - pad_bottom - 2}">'
        f"{axis['sustain']}</text>",
    ]
    for i, (u, kind) in enumerate(zip(turns, kinds, strict=True)):
        x = round(pad_left + step * i + (step - bar_w) / 2, 1)
        words = escape(_short(str(u.get("text") or "")))
        said = _("Client turn %(number)s: %(kind)s. “%(words)s”") % {
            "number": i + 1,
            "kind": TALK.get(kind, kind),
            "words": words,
        }
        tip = f"<title>{said}</title>"
        if kind == "change":
            parts.append(
                f'<rect class="bar talk-change" x="{x}" y="{round(mid - reach, 1)}" width="{bar_w}" '
                f'height="{round(reach, 1)}" fill="{GOOD}" fill-opacity="0.85">{tip}</rect>'
            )
        elif kind == "sustain":
            parts.append(
                f'<rect class="bar talk-sustain" x="{x}" y="{mid}" width="{bar_w}" '
                f'height="{round(reach, 1)}" fill="{WARM}" fill-opacity="0.85">{tip}</rect>'
            )
        else:
            parts.append(
                f'<circle class="talk-neutral" cx="{round(x + bar_w / 2, 1)}" cy="{mid}" r="3" '
                f'fill="{GREY}">{tip}</circle>'
            )
    parts.append(
        f'<text font-size="13" font-weight="600" fill="{INK}" x="{(pad_left + WIDTH) / 2}" '
        f'y="{height - 8}" text-anchor="middle">{in_order}</text></svg>'
    )
    rows: list[list[Any]] = [
        [
            i + 1,
            str(TALK_WORD.get(kind, kind)),
            "—"
            if u.get("talk_type_probability") is None
            else number_format(round(u["talk_type_probability"], 2), 2),
            _short(str(u.get("text") or "")),
        ]
        for i, (u, kind) in enumerate(zip(turns, kinds, strict=True))
    ]
    legend = [
        ("key-change", _("change talk (up)")),
        ("key-sustain", _("sustain talk (down)")),
        ("key-neutral", _("neutral (on the line)")),
    ]
    columns = [_("Client turn"), _("Talk"), _("Probability"), _("Words")]
    return Chart(id, title, "".join(parts), summary, columns, rows, legend)


def _percent(share: float) -> str:
    return _("%(number)s%%") % {"number": round(100 * share)}


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
