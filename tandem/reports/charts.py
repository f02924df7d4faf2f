"""Charts as server-rendered SVG, from plain data (no JavaScript, no network, and nothing of
Django but its translations and its decimal separator: every word and number is in the reader's
language).

Why SVG made on the server rather than Vega-Lite specs drawn in the browser: see
docs/dashboards.md (page weight, render time, printing, the PDF, and a Content-Security-Policy
without 'unsafe-inline' or 'unsafe-eval'). Every chart comes with its text alternative: one
summary sentence and the data as a table, which the templates put behind a disclosure.

Styling lives in CSS classes (tandem.css, "Charts" section), never in style attributes, so the
same markup prints and passes a strict Content-Security-Policy. Colour is never the only signal:
the second rater's line is dashed, markers differ in shape, and every chart has a legend in words.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any

from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.core.outcomes.comparison import Z95, Z998

WIDTH = 460
HEIGHT = 240
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 38, 12, 26, 44
X_INSET = 14


@dataclass(frozen=True)
class Series:
    """One line: ``points`` are ``(x, y)`` with x a session number (or index), y may be None."""

    name: str
    points: Sequence[tuple[int, float | None]]
    kind: str = "primary"  # primary | secondary | tertiary: line style and marker shape


@dataclass(frozen=True)
class BandPoint:
    x: int
    p10: float
    p25: float
    p75: float
    p90: float


@dataclass(frozen=True)
class Marker:
    x: int
    y: float
    kind: str  # improved | deteriorated | rupture | repair
    label: str


@dataclass
class Chart:
    """What a template needs: the SVG, its summary sentence and its data table."""

    id: str
    title: str
    svg: str
    summary: str
    columns: list[str] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)  # (css class, words)


INK = "#3d4756"
ACCENT = "#1f5f8b"
WARM = "#7a4b00"
GOOD = "#1d6b3a"
FONT = "system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif"
# Presentation attributes, not style="": the SVG carries its own look, so it renders the same in
# the page, in print and in the PDF (whose renderer ignores page CSS inside SVG), and a strict
# Content-Security-Policy has nothing to object to. Page CSS may still override them.
LOOK = {
    "grid": 'stroke="#e3e7ed" stroke-width="1"',
    "tick": f'font-size="13" fill="{INK}"',
    "axis": f'font-size="13" font-weight="600" fill="{INK}"',
    "band-outer": f'fill="{ACCENT}" fill-opacity="0.10" stroke="none"',
    "band-inner": f'fill="{ACCENT}" fill-opacity="0.20" stroke="none"',
    "cutoff": f'stroke="{WARM}" stroke-width="1.5" stroke-dasharray="6 4"',
    "cutoff-label": f'font-size="12" fill="{WARM}"',
    "line-primary": f'fill="none" stroke="{ACCENT}" stroke-width="2.5" stroke-linejoin="round"',
    "line-secondary": f'fill="none" stroke="{INK}" stroke-width="2.5" stroke-dasharray="7 5"',
    "line-tertiary": f'fill="none" stroke="{WARM}" stroke-width="2.5" stroke-dasharray="2 4"',
    "pt-primary": f'fill="{ACCENT}" stroke="#fff" stroke-width="1.5"',
    "pt-secondary": f'fill="{INK}" stroke="#fff" stroke-width="1.5"',
    "pt-tertiary": f'fill="{WARM}" stroke="#fff" stroke-width="1.5"',
    "mk-improved": f'fill="none" stroke="{GOOD}" stroke-width="2.2"',
    "mk-repair": f'fill="none" stroke="{GOOD}" stroke-width="2.2"',
    "mk-deteriorated": f'fill="none" stroke="{WARM}" stroke-width="2.2"',
    "mk-rupture": f'fill="none" stroke="{WARM}" stroke-width="2.2"',
    "interval": f'stroke="{ACCENT}" stroke-width="3" stroke-linecap="round" stroke-opacity="0.55"',
    "spark-line": f'fill="none" stroke="{ACCENT}" stroke-width="1.8" stroke-linejoin="round"',
    "spark-end": f'fill="{ACCENT}"',
    "spark-ref": 'stroke="#b9a27a" stroke-width="1" stroke-dasharray="2 2"',
}


def svg_head(id: str, title: str, summary: str, width: int, height: int) -> list[str]:
    """The opening of every chart's SVG: its box, and its title and summary for screen readers.

    A chart is drawn on its own axes, left to right, in every language, so it says so
    (``direction="ltr"``): a right-to-left page would otherwise turn each label's anchor round,
    and the tick numbers would sit on the plot and the cutoff's name run off its side. Words in a
    right-to-left script still run right to left inside their label."""
    return [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" direction="ltr" '
        f'aria-labelledby="{id}-t {id}-d" xmlns="http://www.w3.org/2000/svg" '
        f'font-family="{FONT}" data-chart="{escape(id)}">',
        f'<title id="{id}-t">{escape(title)}</title><desc id="{id}-d">{escape(summary)}</desc>',
    ]


def _c(*classes: str) -> str:
    """class="..." plus the presentation attributes of the most specific class."""
    look = next((LOOK[c] for c in reversed(classes) if c in LOOK), "")
    return f'class="{" ".join(classes)}" {look}'.rstrip()


def number(value: float | None) -> str:
    """A score as people read it: at most one decimal, none when whole, with the decimal
    separator of the reader's language ("7.5" in English, "7,5" in Spanish); a dash for none."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if not value % 1:
        return str(int(value))
    return f"{value:.1f}".rstrip("0").rstrip(".").replace(".", str(get_format("DECIMAL_SEPARATOR")))


_fmt = number


def percent(fraction: float | None) -> str:
    """A share as a whole percentage ("42%"), or a dash."""
    return "—" if fraction is None else f"{round(fraction * 100)}%"


def span(low: str, high: str) -> str:
    """An interval in words: "12% to 30%"."""
    return _("%(low)s to %(high)s") % {"low": low, "high": high}


# On a phone a chart is scaled down to the screen and its type set larger (dashboards.css: tick
# numbers at 19 px in a drawing 460 wide), so the room a label needs is measured at that size.
PHONE_TICK_SIZE = 19
# Ems a character takes, a little more than system fonts' figures and capitals (DejaVu Sans's
# figures are 0.64 em), so that an estimate errs on the side of room.
_NARROW = set(" ,.:;'()|")


def text_width(text: str, size: float = PHONE_TICK_SIZE) -> float:
    """About how wide ``text`` is set in a chart's sans-serif at ``size``: an upper bound, used to
    leave room for a label inside the drawing (the funnel's "100" once edged past its side)."""
    return size * sum(0.35 if c in _NARROW else 1.0 if c in "%MWmw" else 0.68 for c in text)


def _left_for(tick_labels: Sequence[str]) -> float:
    """Room left of the plot for the y axis's numbers, set 6 units before it, ending at its line."""
    return max(PAD_LEFT, math.ceil(max(map(text_width, tick_labels), default=0) + 8))


def _right_for(last_x_label: str) -> float:
    """Room right of the plot for half the last x label, centred on its point X_INSET inside."""
    return max(PAD_RIGHT, math.ceil(text_width(last_x_label) / 2 - X_INSET + 2))


class _Scale:
    def __init__(
        self,
        x_min: float,
        x_max: float,
        y_min: float,
        y_max: float,
        width: int,
        height: int,
        left: float = PAD_LEFT,
        right: float = PAD_RIGHT,
    ) -> None:
        self.x_min, self.x_max = x_min, max(x_max, x_min + 1)
        self.y_min, self.y_max = y_min, max(y_max, y_min + 1)
        self.width, self.height = width, height
        self.left, self.right = left, right

    def x(self, value: float) -> float:
        # Inset from the axes so the first session's label never collides with the y axis's.
        span = self.width - self.left - self.right - 2 * X_INSET
        return round(
            self.left + X_INSET + (value - self.x_min) / (self.x_max - self.x_min) * span, 1
        )

    def y(self, value: float) -> float:
        span = self.height - PAD_TOP - PAD_BOTTOM
        return round(
            self.height - PAD_BOTTOM - (value - self.y_min) / (self.y_max - self.y_min) * span, 1
        )


def _ticks(low: float, high: float, count: int = 5) -> list[float]:
    span = high - low
    if span <= 0:
        return [low]
    raw = span / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.ceil(low / step) * step
    ticks = []
    value = first
    while value <= high + 1e-9:
        ticks.append(round(value, 6))
        value += step
    return ticks


def _x_ticks(x_min: int, x_max: int) -> list[int]:
    span = x_max - x_min
    step = 1 if span <= 12 else 2 if span <= 24 else 5
    return list(range(x_min, x_max + 1, step))


def _path(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{'M' if i == 0 else 'L'}{x},{y}" for i, (x, y) in enumerate(points))


def _marker(kind: str, x: float, y: float, title: str) -> str:
    t = f"<title>{escape(title)}</title>"
    if kind in ("secondary", "deteriorated", "rupture"):
        # Squares / triangles: distinguishable without colour.
        if kind == "secondary":
            return f'<rect {_c("pt", f"pt-{kind}")} x="{x - 4}" y="{y - 4}" width="8" height="8">{t}</rect>'
        return (
            f'<path {_c("mk", f"mk-{kind}")} d="M{x},{y - 7} L{x + 6},{y + 4} L{x - 6},{y + 4} Z">'
            f"{t}</path>"
        )
    if kind in ("improved", "repair"):
        return f'<circle {_c("mk", f"mk-{kind}")} cx="{x}" cy="{y}" r="7">{t}</circle>'
    if kind == "tertiary":
        return (
            f'<path {_c("pt", f"pt-{kind}")} d="M{x},{y - 5} L{x + 5},{y} L{x},{y + 5} L{x - 5},{y} Z">'
            f"{t}</path>"
        )
    return f'<circle {_c("pt", f"pt-{kind}")} cx="{x}" cy="{y}" r="4">{t}</circle>'


def line_chart(
    *,
    id: str,
    title: str,
    summary: str,
    y_label: str,
    y_min: float,
    y_max: float,
    series: Sequence[Series],
    band: Sequence[BandPoint] = (),
    cutoff: float | None = None,
    cutoff_label: str = "",
    markers: Sequence[Marker] = (),
    x_label: str | None = None,
    x_names: dict[int, str] | None = None,
    width: int = WIDTH,
    height: int = HEIGHT,
) -> Chart:
    """A line chart over sessions, with an optional expected band, cutoff line and markers."""
    x_label = x_label or _("Session")
    xs = [x for s in series for x, _ in s.points] + [b.x for b in band]
    x_min, x_max = (min(xs), max(xs)) if xs else (1, 2)
    y_ticks = _ticks(y_min, y_max)
    x_ticks = [(t, (x_names or {}).get(t, str(t))) for t in _x_ticks(int(x_min), int(x_max))]
    left = _left_for([_fmt(t) for t in y_ticks])
    right = _right_for(x_ticks[-1][1])
    scale = _Scale(x_min, x_max, y_min, y_max, width, height, left, right)
    parts = svg_head(id, title, summary, width, height)
    # Grid and axes.
    for tick in y_ticks:
        y = scale.y(tick)
        parts.append(
            f'<line {_c("grid")} x1="{left}" x2="{width - right}" y1="{y}" y2="{y}"/>'
            f'<text {_c("tick")} x="{left - 6}" y="{y + 4}" text-anchor="end">{_fmt(tick)}</text>'
        )
    for tick, name in x_ticks:
        x = scale.x(tick)
        parts.append(
            f'<text {_c("tick")} x="{x}" y="{height - PAD_BOTTOM + 18}" text-anchor="middle">'
            f"{escape(name)}</text>"
        )
    # The y axis's name sits above the plot, low enough that its phone-sized type stays inside
    # the drawing (at PAD_TOP - 12 its top ran past the drawing's edge).
    parts.append(
        f'<text {_c("axis")} x="{(left + width - right) / 2}" y="{height - 4}" '
        f'text-anchor="middle">{escape(x_label)}</text>'
        f'<text {_c("axis")} x="{left}" y="{PAD_TOP - 8}">{escape(y_label)}</text>'
    )
    # The expected band: 10th-90th percentile, then 25th-75th on top.
    if len(band) >= 2:
        for low, high, cls in (("p10", "p90", "band-outer"), ("p25", "p75", "band-inner")):
            upper = [(scale.x(b.x), scale.y(getattr(b, high))) for b in band]
            lower = [(scale.x(b.x), scale.y(getattr(b, low))) for b in reversed(band)]
            parts.append(f'<path {_c(cls)} d="{_path(upper + lower)} Z"/>')
    if cutoff is not None:
        y = scale.y(cutoff)
        parts.append(
            f'<line {_c("cutoff")} x1="{left}" x2="{width - right}" y1="{y}" y2="{y}"/>'
            f'<text {_c("cutoff-label")} x="{width - right - 2}" y="{y - 5}" '
            f'text-anchor="end">{escape(cutoff_label)}</text>'
        )
    for s in series:
        runs: list[list[tuple[float, float]]] = [[]]
        for x, y in s.points:
            if y is None:
                runs.append([])
            else:
                runs[-1].append((scale.x(x), scale.y(y)))
        for run in runs:
            if len(run) >= 2:
                parts.append(f'<path {_c("line", f"line-{s.kind}")} d="{_path(run)}"/>')
        for x, y in s.points:
            if y is not None:
                parts.append(
                    _marker(
                        s.kind,
                        scale.x(x),
                        scale.y(y),
                        _("%(series)s, %(axis)s %(x)s: %(value)s")
                        % {
                            "series": s.name,
                            "axis": x_label.lower(),
                            "x": (x_names or {}).get(x, x),
                            "value": _fmt(y),
                        },
                    )
                )
    for m in markers:
        parts.append(_marker(m.kind, scale.x(m.x), scale.y(m.y), m.label))
    parts.append("</svg>")
    legend = [(f"key-{s.kind}", s.name) for s in series]
    if len(band) >= 2:
        legend.append(("key-band", _("Expected range for similar clients (middle half darker)")))
    if cutoff is not None:
        legend.append(("key-cutoff", cutoff_label))
    for kind, words in (
        ("improved", _("Reliable improvement")),
        ("deteriorated", _("Reliable deterioration")),
        ("rupture", _("Partnership dip")),
        ("repair", _("Repaired")),
    ):
        if any(m.kind == kind for m in markers):
            legend.append((f"key-{kind}", words))
    # The data table behind the disclosure: one row per x.
    all_x = sorted({x for s in series for x, _ in s.points} | {b.x for b in band})
    columns = [x_label] + [s.name for s in series]
    by_series = [dict(s.points) for s in series]
    band_by_x = {b.x: b for b in band}
    if band:
        columns.append(_("Expected range (25th–75th)"))
    rows: list[list[Any]] = []
    for x in all_x:
        row: list[Any] = [(x_names or {}).get(x, x)] + [_fmt(d.get(x)) for d in by_series]
        if band:
            b = band_by_x.get(x)
            row.append(f"{_fmt(b.p25)}–{_fmt(b.p75)}" if b else "—")
        rows.append(row)
    return Chart(id, title, "".join(parts), summary, columns, rows, legend)


def sparkline(
    values: Sequence[float],
    *,
    y_min: float,
    y_max: float,
    label: str,
    reference: float | None = None,
    width: int = 96,
    height: int = 28,
) -> str:
    """A tiny trend line for a table cell; the cell itself carries the numbers in words."""
    if not values:
        return ""
    pad = 3
    x_span = max(len(values) - 1, 1)
    y_span = max(y_max - y_min, 1)

    def at(i: int, v: float) -> tuple[float, float]:
        return (
            round(pad + i / x_span * (width - 2 * pad), 1),
            round(height - pad - (v - y_min) / y_span * (height - 2 * pad), 1),
        )

    points = [at(i, v) for i, v in enumerate(values)]
    ref = ""
    if reference is not None and y_min <= reference <= y_max:
        _, ry = at(0, reference)
        ref = f'<line {_c("spark-ref")} x1="{pad}" x2="{width - pad}" y1="{ry}" y2="{ry}"/>'
    last_x, last_y = points[-1]
    line = f'<path {_c("spark-line")} d="{_path(points)}"/>' if len(points) > 1 else ""
    return (
        f'<svg class="spark" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'direction="ltr" '
        f'role="img" aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">'
        f'{ref}{line}<circle {_c("spark-end")} cx="{last_x}" cy="{last_y}" r="2.5"/></svg>'
    )


@dataclass(frozen=True)
class Interval:
    label: str
    value: float | None  # None: suppressed
    low: float | None = None
    high: float | None = None
    note: str = ""


def interval_chart(
    *,
    id: str,
    title: str,
    summary: str,
    rows: Sequence[Interval],
    x_min: float = 0.0,
    x_max: float = 1.0,
    percent: bool = True,
    reference: float | None = None,
    reference_label: str = "",
    value_label: str | None = None,
    x_label: str = "",
    width: int = WIDTH,
) -> Chart:
    """A dot with its interval per row (therapist comparison); suppressed rows say so in words."""
    value_label = value_label or _("Rate")
    too_few = _("too few to show")
    row_h = 30
    label_w = 150
    height = PAD_TOP + row_h * max(len(rows), 1) + PAD_BOTTOM

    def words(v: float | None) -> str:
        if v is None:
            return "—"
        return f"{round(v * 100)}%" if percent else _fmt(v)

    x_ticks = _ticks(x_min, x_max, 5)
    # Room for half the last tick's label, centred on the plot's right edge ("100%").
    right = max(PAD_RIGHT, math.ceil(text_width(words(x_ticks[-1])) / 2 + 2))

    def fx(v: float) -> float:
        return round(label_w + (v - x_min) / (x_max - x_min) * (width - label_w - right), 1)

    parts = svg_head(id, title, summary, width, height)
    for tick in x_ticks:
        x = fx(tick)
        parts.append(
            f'<line {_c("grid")} x1="{x}" x2="{x}" y1="{PAD_TOP}" y2="{height - PAD_BOTTOM}"/>'
            f'<text {_c("tick")} x="{x}" y="{height - PAD_BOTTOM + 18}" text-anchor="middle">'
            f"{words(tick)}</text>"
        )
    if reference is not None:
        x = fx(reference)
        parts.append(
            f'<line {_c("cutoff")} x1="{x}" x2="{x}" y1="{PAD_TOP}" y2="{height - PAD_BOTTOM}"/>'
            # Centred above its line: set to start beside it, a longer label ("Según lo
            # esperado") ran off the chart's side.
            f'<text {_c("cutoff-label")} x="{x}" y="{PAD_TOP - 8}" text-anchor="middle">'
            f"{escape(reference_label)}</text>"
        )
    for i, r in enumerate(rows):
        y = PAD_TOP + row_h * i + row_h / 2
        if r.value is None:
            # The note follows the name in one line of text: set at the plot's left edge, it ran
            # into a long name once a phone's larger type made the name wider than its column.
            note = escape(r.note or too_few)
            parts.append(
                f'<text {_c("tick")} x="4" y="{y + 4}">{escape(r.label[:22])}'
                f"<tspan> — {note}</tspan></text>"
            )
            continue
        parts.append(f'<text {_c("tick")} x="4" y="{y + 4}">{escape(r.label[:22])}</text>')
        if r.low is not None and r.high is not None:
            parts.append(
                f'<line {_c("interval")} x1="{fx(r.low)}" x2="{fx(r.high)}" y1="{y}" y2="{y}"/>'
            )
        parts.append(
            f'<circle {_c("pt", "pt-primary")} cx="{fx(r.value)}" cy="{y}" r="5">'
            f"<title>{escape(r.label)}: {words(r.value)} ({escape(span(words(r.low), words(r.high)))})"
            f"</title></circle>"
        )
    if x_label:
        parts.append(
            f'<text {_c("axis")} x="{width / 2}" y="{height - 4}" '
            f'text-anchor="middle">{escape(x_label)}</text>'
        )
    parts.append("</svg>")
    table = [
        [
            r.label,
            words(r.value) if r.value is not None else (r.note or too_few),
            span(words(r.low), words(r.high)) if r.value is not None and r.low is not None else "—",
        ]
        for r in rows
    ]
    # A bare "95% i" reads to xgettext as a format directive: these messages say they have none.
    # xgettext:no-python-format
    legend = [("key-primary", value_label), ("key-interval", _("95% interval"))]
    if reference is not None:
        legend.append(("key-cutoff", reference_label))
    # xgettext:no-python-format
    columns = ["", value_label, _("95% interval")]
    return Chart(id, title, "".join(parts), summary, columns, table, legend)


@dataclass(frozen=True)
class FunnelPoint:
    label: str
    n: int
    value: float  # the therapist's rate, 0-1 (adjusted for case mix)
    position: str  # within | above | below (the 95% limits) | far_above | far_below (99.8%)


def funnel_chart(
    *,
    id: str,
    title: str,
    summary: str,
    points: Sequence[FunnelPoint],
    centre: float,
    limits: Any,
    value_label: str,
    width: int = WIDTH,
    height: int = HEIGHT + 40,
) -> Chart:
    """A funnel plot (Spiegelhalter, 2005): each therapist's rate against their number of
    episodes, with the practice rate and the 95% and 99.8% limits that chance alone allows at
    each size. ``limits(n, z)`` gives (low, high) for n episodes. Shapes, not only colour, show
    where a point lies (a circle within, a triangle up above, a triangle down below)."""
    n_max = max([p.n for p in points] + [20])
    n_min = max(1, min([p.n for p in points] + [10]) // 2)
    y_ticks = _ticks(0, 100, 5)
    # Room for "100" at a phone's type size: at the line charts' fixed margin it edged past the
    # drawing's left side on a 375 px phone.
    left = _left_for([_fmt(t) for t in y_ticks])
    scale = _Scale(0, n_max * 1.05, 0, 100, width, height, left)
    parts = svg_head(id, title, summary, width, height)
    for tick in y_ticks:
        y = scale.y(tick)
        parts.append(
            f'<line {_c("grid")} x1="{left}" x2="{width - PAD_RIGHT}" y1="{y}" y2="{y}"/>'
            f'<text {_c("tick")} x="{left - 6}" y="{y + 4}" text-anchor="end">'
            f"{_fmt(tick)}</text>"
        )
    parts.append(f'<text {_c("axis")} x="4" y="{PAD_TOP - 8}">%</text>')
    for tick in _ticks(0, n_max, 5):
        x = scale.x(tick)
        parts.append(
            f'<text {_c("tick")} x="{x}" y="{height - PAD_BOTTOM + 18}" text-anchor="middle">'
            f"{_fmt(tick)}</text>"
        )
    steps = [n_min + (n_max * 1.05 - n_min) * i / 60 for i in range(61)]
    for z, cls in ((Z95, "cutoff"), (Z998, "line-secondary")):
        for side in (0, 1):
            path = _path([(scale.x(n), scale.y(limits(n, z)[side] * 100)) for n in steps])
            parts.append(f'<path {_c(cls)} fill="none" d="{path}"/>')
    y = scale.y(centre * 100)
    parts.append(
        f'<line {_c("line-primary")} x1="{scale.x(0)}" x2="{width - PAD_RIGHT}" y1="{y}" y2="{y}"/>'
    )
    for p in points:
        x, y = scale.x(p.n), scale.y(p.value * 100)
        words = _("%(therapist)s: %(percent)s of %(episodes)s (%(where)s)") % {
            "therapist": p.label,
            "percent": percent(p.value),
            "episodes": p.n,
            "where": _position_words(p.position),
        }
        if p.position == "within":
            parts.append(
                f'<circle {_c("pt", "pt-primary")} cx="{x}" cy="{y}" r="5">'
                f"<title>{escape(words)}</title></circle>"
            )
        else:
            # A triangle pointing the way it lies; larger beyond the 99.8% limits.
            size = 9 if p.position.startswith("far_") else 6
            tip = -size if p.position.endswith("above") else size
            parts.append(
                f'<path {_c("pt", "pt-tertiary")} d="M{x},{y + tip} L{x - size},{y - tip} '
                f'L{x + size},{y - tip} Z"><title>{escape(words)}</title></path>'
            )
    x_label = _("Episodes (more episodes: narrower limits)")
    parts.append(
        f'<text {_c("axis")} x="{width / 2}" y="{height - 4}" text-anchor="middle">'
        f"{escape(x_label)}</text>"
    )
    parts.append("</svg>")
    rows = []
    for p in points:
        low, high = limits(p.n, Z95)
        far_low, far_high = limits(p.n, Z998)
        rows.append(
            [
                p.label,
                p.n,
                percent(p.value),
                span(percent(low), percent(high)),
                span(percent(far_low), percent(far_high)),
                _position_words(p.position),
            ]
        )
    legend = [
        ("key-primary", _("Practice rate, %(percent)s") % {"percent": percent(centre)}),
        # xgettext:no-python-format
        ("key-cutoff", _("95% limits: chance alone stays inside these 19 times in 20")),
        # xgettext:no-python-format
        ("key-secondary", _("99.8% limits: chance alone stays inside these 499 times in 500")),
        (
            "key-tertiary",
            # xgettext:no-python-format
            _("Outside the 95% limits (triangle; larger outside the 99.8% limits)"),
        ),
    ]
    columns = [
        _("Therapist"),
        _("Episodes"),
        value_label,
        # xgettext:no-python-format
        _("95% limits at this size"),
        # xgettext:no-python-format
        _("99.8% limits at this size"),
        _("Where"),
    ]
    return Chart(id, title, "".join(parts), summary, columns, rows, legend)


def _position_words(position: str) -> str:
    return str(POSITION_WORDS.get(position, position))


# Where a therapist lies against the funnel, in words (the 95% limits are crossed by chance by
# about one therapist in 20, the 99.8% limits by about one in 500: Spiegelhalter, 2005).
POSITION_WORDS = {
    "within": gettext_lazy("within the range chance allows"),
    # xgettext:no-python-format
    "above": gettext_lazy("above the 95% limit (chance alone puts about 1 in 40 here)"),
    # xgettext:no-python-format
    "below": gettext_lazy("below the 95% limit (chance alone puts about 1 in 40 here)"),
    # xgettext:no-python-format
    "far_above": gettext_lazy("above the 99.8% limit (unlikely to be chance)"),
    # xgettext:no-python-format
    "far_below": gettext_lazy("below the 99.8% limit (unlikely to be chance)"),
}
