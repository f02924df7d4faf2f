"""The client picture's charts (therapist and supervisor view), built from ``data`` facts."""

from __future__ import annotations

from typing import Any

from tandem.accounts.models import User
from tandem.care.models import Episode
from tandem.reports import charts
from tandem.reports.data import (
    OUTCOMES,
    EngagementFacts,
    EpisodeData,
    GrowthFacts,
    OutcomeFacts,
    PartnershipFacts,
    engagement_facts,
    episode_alerts_for,
    episode_data,
    fmt,
    growth_facts,
    outcome_facts,
    partnership_facts,
)
from tandem.web.words import say

CATEGORY_WORDS = {
    "improved": "a reliable improvement",
    "deteriorated": "a reliable deterioration",
    "no_change": "no reliable change yet",
}


def outcome_summary(f: OutcomeFacts) -> str:
    first_s, first = f.points[0]
    last_s, last = f.points[-1]
    if len(f.points) == 1:
        return f"{f.label} was {fmt(first)} at session {first_s}; one score so far."
    words = (
        f"{f.label} went from {fmt(first)} at session {first_s} to {fmt(last)} at session {last_s}"
    )
    if f.reliable_change is not None:
        words += f": {CATEGORY_WORDS[f.latest_category]} (a change of {fmt(f.reliable_change)} or more counts as reliable)"
    if f.cutoff is not None:
        side = "at or above" if f.above_cutoff_now else "below"
        words += f"; now {side} the clinical cutoff of {fmt(f.cutoff)}"
    return words + "."


def outcome_chart(f: OutcomeFacts, id_prefix: str = "") -> charts.Chart:
    markers = [
        charts.Marker(s, v, cat, f"Session {s}: {fmt(v)}, {CATEGORY_WORDS[cat]} since intake")
        for s, v, cat in f.changes
        if cat != "no_change"
    ]
    band = [charts.BandPoint(c.session, c.p10, c.p25, c.p75, c.p90) for c in f.band]
    summary = outcome_summary(f)
    if band:
        summary += (
            f" The shaded band shows where clients of this practice who started in the "
            f"{f.band_group} range were at each session."
        )
    return charts.line_chart(
        id=f"{id_prefix}chart-{f.instrument_id}",
        title=f"{f.label} over sessions"
        + (" (lower is better)" if f.direction == "higher_is_worse" else ""),
        summary=summary,
        y_label=f.label,
        y_min=f.low,
        y_max=f.high,
        series=[charts.Series(f.label, f.points)],
        band=band,
        cutoff=f.cutoff,
        cutoff_label=f"Clinical cutoff {fmt(f.cutoff)}" if f.cutoff is not None else "",
        markers=markers,
    )


def partnership_summary(p: PartnershipFacts, client_name: str) -> str:
    """Both sides of the same session: the latest session both rated, then any later session
    only one side has rated so far (never one side's session 8 beside the other's session 9).
    "The therapist", not "you": a supervisor reads it too, and the report is shared."""
    client, therapist = dict(p.client), dict(p.therapist)
    both = sorted(set(client) & set(therapist))
    parts = []
    if both:
        n = both[-1]
        parts.append(
            f"At session {n}, {client_name} rated the session {fmt(client[n])} out of 10 and "
            f"the therapist rated it {fmt(therapist[n])}"
        )
    else:
        n = 0
    if p.client and p.client[-1][0] > n:
        s_, v = p.client[-1]
        parts.append(f"session {s_} has only {client_name}'s rating so far ({fmt(v)} out of 10)")
    if p.therapist and p.therapist[-1][0] > n:
        s_, v = p.therapist[-1]
        parts.append(f"session {s_} has only the therapist's rating so far ({fmt(v)} out of 10)")
    words = "; ".join(parts) or "No partnership ratings yet"
    words = words[0].upper() + words[1:]
    if p.gaps:
        g = p.gaps[-1]
        who = "the therapist" if g.gap > 0 else client_name
        words += (
            f"; on the shared items at session {g.session}, {who} rated it {fmt(abs(g.gap))} higher"
        )
    if p.persistent_gap:
        words += "; the gap has held for three sessions in a row, worth talking about"
    if p.ruptures:
        open_ = [r for r in p.ruptures if r.repaired_at is None]
        words += (
            f". {len(p.ruptures)} dip{'s' if len(p.ruptures) != 1 else ''} in the partnership"
            f" ({len(p.ruptures) - len(open_)} repaired)"
        )
    return words + "."


def partnership_chart(p: PartnershipFacts, client_name: str, id_prefix: str = "") -> charts.Chart:
    markers: list[charts.Marker] = []
    for r in p.ruptures:
        why = (
            f"a drop of {fmt(r.drop)} from their recent level of {fmt(r.level)}"
            if r.level is not None
            else "below 5 out of 10"
        )
        markers.append(
            charts.Marker(
                r.session, r.score, "rupture", f"Session {r.session}: dip to {fmt(r.score)}, {why}"
            )
        )
        if r.repaired_at is not None:
            value = dict(p.client).get(r.repaired_at)
            if value is not None:
                markers.append(
                    charts.Marker(
                        r.repaired_at,
                        value,
                        "repair",
                        f"Session {r.repaired_at}: repaired, back to {fmt(value)}",
                    )
                )
    chart = charts.line_chart(
        id=f"{id_prefix}chart-partnership",
        title="Session partnership, both sides (higher is better)",
        summary=partnership_summary(p, client_name),
        y_label="0–10",
        y_min=0,
        y_max=10,
        series=[
            charts.Series(f"{client_name} (client)", p.client, "primary"),
            charts.Series("Therapist", p.therapist, "secondary"),
        ],
        markers=markers,
    )
    if p.gaps:
        gap_by_session = {g.session: g.gap for g in p.gaps}
        chart.columns.append("Gap (therapist − client)")
        for row in chart.rows:
            chart_gap = gap_by_session.get(row[0])
            row.append(fmt(chart_gap) if chart_gap is not None else "—")
    return chart


def growth_summary(g: GrowthFacts) -> str:
    parts = []
    if g.growth:
        parts.append(f"growth {fmt(g.growth[0][1])} → {fmt(g.growth[-1][1])}")
    if g.reliance:
        parts.append(f"reliance {fmt(g.reliance[0][1])} → {fmt(g.reliance[-1][1])}")
    words = "From the first check to the latest: " + ", ".join(parts) + " (0–4)."
    if g.reliance_rise is not None:
        words += f" Reliance is rising (about {fmt(g.reliance_rise)} over the last checks)."
    if g.ready:
        words += (
            " Growth high and reliance low on the last two checks: worth talking about an ending."
        )
    return words


def growth_chart(g: GrowthFacts, id_prefix: str = "") -> charts.Chart:
    return charts.line_chart(
        id=f"{id_prefix}chart-growth",
        title="Growth and reliance over time",
        summary=growth_summary(g),
        y_label="0–4",
        y_min=0,
        y_max=4,
        series=[
            charts.Series("Growth (higher is better)", g.growth, "primary"),
            charts.Series("Reliance (lower is better)", g.reliance, "tertiary"),
        ],
    )


def _times(per_week: float) -> str:
    value = fmt(round(per_week, 1))
    return f"{value} time" if value == "1" else f"{value} times"


def engagement_chart(e: EngagementFacts, id_prefix: str = "") -> charts.Chart:
    s = e.summary
    summary = (
        f"Practised about {_times(s.recent_per_week)} a week over the last three weeks"
        f" ({_times(s.per_week)} a week since the first entry)"
    )
    if s.mean_how_it_went is not None:
        summary += f"; on average it went {fmt(round(s.mean_how_it_went, 1))} out of 10"
    summary += "." + (" Practice has dropped off lately." if s.low else "")
    top = max([v for _, v in e.weekly] + [3.0])
    return charts.line_chart(
        id=f"{id_prefix}chart-engagement",
        title="Between-session practice, times a week",
        summary=summary,
        y_label="Times",
        y_min=0,
        y_max=top,
        x_label="Week",
        series=[charts.Series("Times practised", e.weekly)],
    )


def picture_charts(viewer: User, episode: Episode, client_name: str) -> dict[str, Any]:
    data: EpisodeData = episode_data(viewer, episode)
    outcomes = [f for f in (outcome_facts(data, i) for i in OUTCOMES) if f is not None]
    p = partnership_facts(data)
    g = growth_facts(data)
    e = engagement_facts(data)
    charts_: list[charts.Chart] = [outcome_chart(f) for f in outcomes]
    if p is not None:
        charts_.append(partnership_chart(p, client_name))
    if g is not None:
        charts_.append(growth_chart(g))
    if e is not None:
        charts_.append(engagement_chart(e))
    primary = outcomes[0] if outcomes else None
    return {
        "charts": charts_,
        "alerts": [say(a.said) for a in episode_alerts_for(data)],
        "band_note": bool(primary and not primary.band),
        "outcomes": outcomes,
        "partnership": p,
        "growth": g,
        "engagement": e,
    }
