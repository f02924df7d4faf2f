"""Charts of one analysed session transcript: what the therapist did, and how the client's talk
moved through the session. Server-rendered SVG with a summary sentence and the numbers as a
table, like every other chart in Tandem (see tandem.reports.charts); no Django, no network.

The figures are the transcript engine's (tandem.core.transcripts): this module only draws them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from tandem.reports.charts import ACCENT, GOOD, INK, WARM, WIDTH, Chart, svg_head

GREY = "#8a94a3"

# What the therapist did, in the order a reader expects, with the words shown for each.
BEHAVIOURS: tuple[tuple[str, str, str], ...] = (
    # (key, label, colour)
    ("open_question", "Open questions", ACCENT),
    ("closed_question", "Closed questions", ACCENT),
    ("complex_reflection", "Complex reflections", GOOD),
    ("simple_reflection", "Simple reflections", GOOD),
    ("therapist_input", "Information and advice", WARM),
    ("other", "Other", GREY),
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
    title = "What the therapist did"
    questions = counts["open_question"] + counts["closed_question"]
    reflections = counts["complex_reflection"] + counts["simple_reflection"]
    summary = (
        f"Of {len(turns)} therapist turns, {questions} were questions "
        f"({counts['open_question']} open), {reflections} were reflections "
        f"({counts['complex_reflection']} complex) and {counts['therapist_input']} gave "
        "information or advice."
    )
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
        [label, counts[key], f"{round(100 * counts[key] / len(turns))}%"]
        for key, label, _ in BEHAVIOURS
    ]
    legend = [
        ("key-question", "questions"),
        ("key-reflection", "reflections"),
        ("key-input", "information and advice"),
    ]
    return Chart(id, title, "".join(parts), summary, ["", "Turns", "Share"], rows, legend)


def client_talk_chart(utterances: Sequence[Mapping[str, Any]], id: str) -> Chart | None:
    """One mark per client turn, in order: up for change talk, down for sustain talk, a dot on
    the line for neutral talk. Position carries the meaning; colour only repeats it."""
    turns = [u for u in utterances if u.get("speaker") == "client"]
    if not turns:
        return None
    height, pad_top, pad_bottom, pad_left, pad_right = 150, 24, 30, 70, 12
    mid = pad_top + (height - pad_top - pad_bottom) / 2
    reach = (height - pad_top - pad_bottom) / 2 - 4
    step = (WIDTH - pad_left - pad_right) / max(len(turns), 1)
    bar_w = max(2.0, min(14.0, step * 0.7))
    title = "The client's talk through the session"
    kinds = [u.get("talk_type") or "neutral" for u in turns]
    change, sustain = kinds.count("change"), kinds.count("sustain")
    half = len(kinds) // 2
    later = kinds[half:].count("change")
    summary = (
        f"{change} of {len(turns)} client turns were change talk and {sustain} sustain talk"
        + (
            f"; {later} of the {change} change-talk turns came in the second half."
            if change
            else "."
        )
    )
    parts = [
        *svg_head(id, title, summary, WIDTH, height),
        f'<line x1="{pad_left}" x2="{WIDTH - pad_right}" y1="{mid}" y2="{mid}" '
        'stroke="#c9d0da" stroke-width="1"/>',
        f'<text font-size="12" fill="{INK}" x="4" y="{pad_top + 10}">Change</text>',
        f'<text font-size="12" fill="{INK}" x="4" y="{mid + 4}">Neutral</text>',
        f'<text font-size="12" fill="{INK}" x="4" y="{height - pad_bottom - 2}">Sustain</text>',
    ]
    for i, (u, kind) in enumerate(zip(turns, kinds, strict=True)):
        x = round(pad_left + step * i + (step - bar_w) / 2, 1)
        words = escape(_short(str(u.get("text") or "")))
        tip = f"<title>Client turn {i + 1}: {kind} talk. “{words}”</title>"
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
        f'y="{height - 8}" text-anchor="middle">Client turns, in order</text></svg>'
    )
    rows: list[list[Any]] = [
        [
            i + 1,
            kind,
            "—" if u.get("talk_type_probability") is None else f"{u['talk_type_probability']:.2f}",
            _short(str(u.get("text") or "")),
        ]
        for i, (u, kind) in enumerate(zip(turns, kinds, strict=True))
    ]
    legend = [
        ("key-change", "change talk (up)"),
        ("key-sustain", "sustain talk (down)"),
        ("key-neutral", "neutral (on the line)"),
    ]
    columns = ["Client turn", "Talk", "Probability", "Words"]
    return Chart(id, title, "".join(parts), summary, columns, rows, legend)


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
