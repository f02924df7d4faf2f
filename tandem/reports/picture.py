"""The client picture's charts (therapist and supervisor view), built from ``data`` facts."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

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
from tandem.web.words import joined, kept_together, say

CATEGORY_WORDS = {
    "improved": gettext_lazy("a reliable improvement"),
    "deteriorated": gettext_lazy("a reliable deterioration"),
    "no_change": gettext_lazy("no reliable change yet"),
}


def outcome_summary(f: OutcomeFacts) -> str:
    """One sentence: where the scores went, whether that is a reliable change, and which side of
    the cutoff they are now. Each case is a whole sentence to translate (a translator may need to
    put its parts in another order), with the category of change in a place of its own."""
    first_s, first = f.points[0]
    last_s, last = f.points[-1]
    if len(f.points) == 1:
        return _("%(measure)s was %(score)s at session %(session)s; one score so far.") % {
            "measure": f.label,
            "score": fmt(first),
            "session": first_s,
        }
    values = {
        "measure": f.label,
        "first": fmt(first),
        "first_session": first_s,
        "last": fmt(last),
        "last_session": last_s,
        "cutoff": fmt(f.cutoff),
    }
    if f.reliable_change is not None:
        values["category"] = CATEGORY_WORDS[f.latest_category]
        values["change"] = fmt(f.reliable_change)
    if f.reliable_change is None and f.cutoff is None:
        words = _(
            "%(measure)s went from %(first)s at session %(first_session)s to %(last)s at session "
            "%(last_session)s."
        )
    elif f.reliable_change is None and f.above_cutoff_now:
        words = _(
            "%(measure)s went from %(first)s at session %(first_session)s to %(last)s at session "
            "%(last_session)s; now at or above the clinical cutoff of %(cutoff)s."
        )
    elif f.reliable_change is None:
        words = _(
            "%(measure)s went from %(first)s at session %(first_session)s to %(last)s at session "
            "%(last_session)s; now below the clinical cutoff of %(cutoff)s."
        )
    elif f.cutoff is None:
        # Translators: %(category)s is "a reliable improvement", "a reliable deterioration" or
        # "no reliable change yet", each translated on its own.
        words = _(
            "%(measure)s went from %(first)s at session %(first_session)s to %(last)s at session "
            "%(last_session)s: %(category)s (a change of %(change)s or more counts as reliable)."
        )
    elif f.above_cutoff_now:
        # Translators: %(category)s is "a reliable improvement", "a reliable deterioration" or
        # "no reliable change yet", each translated on its own.
        words = _(
            "%(measure)s went from %(first)s at session %(first_session)s to %(last)s at session "
            "%(last_session)s: %(category)s (a change of %(change)s or more counts as reliable); "
            "now at or above the clinical cutoff of %(cutoff)s."
        )
    else:
        # Translators: %(category)s is "a reliable improvement", "a reliable deterioration" or
        # "no reliable change yet", each translated on its own.
        words = _(
            "%(measure)s went from %(first)s at session %(first_session)s to %(last)s at session "
            "%(last_session)s: %(category)s (a change of %(change)s or more counts as reliable); "
            "now below the clinical cutoff of %(cutoff)s."
        )
    return words % values


def outcome_chart(f: OutcomeFacts, id_prefix: str = "") -> charts.Chart:
    markers = [
        charts.Marker(
            s,
            v,
            cat,
            _("Session %(session)s: %(score)s, %(category)s since intake")
            % {"session": s, "score": fmt(v), "category": CATEGORY_WORDS[cat]},
        )
        for s, v, cat in f.changes
        if cat != "no_change"
    ]
    band = [charts.BandPoint(c.session, c.p10, c.p25, c.p75, c.p90) for c in f.band]
    summary = outcome_summary(f)
    if band:
        summary += " " + _(
            "The shaded band shows where clients of this practice who started in the "
            "%(range)s range were at each session."
        ) % {"range": _(f.band_group)}  # a severity group's name (tandem.core.outcomes.bands)
    return charts.line_chart(
        id=f"{id_prefix}chart-{f.instrument_id}",
        title=(
            _("%(measure)s over sessions (lower is better)")
            if f.direction == "higher_is_worse"
            else _("%(measure)s over sessions")
        )
        % {"measure": f.label},
        summary=summary,
        y_label=f.label,
        y_min=f.low,
        y_max=f.high,
        series=[charts.Series(f.label, f.points)],
        band=band,
        cutoff=f.cutoff,
        cutoff_label=_("Clinical cutoff %(cutoff)s") % {"cutoff": fmt(f.cutoff)}
        if f.cutoff is not None
        else "",
        markers=markers,
    )


def partnership_summary(p: PartnershipFacts, client_name: str) -> str:
    """Both sides of the same session: the latest session both rated, then any later session
    only one side has rated so far (never one side's session 8 beside the other's session 9).
    "The therapist", not "you": a supervisor reads it too, and the report is shared.

    The first sentence is independent clauses, each whole in the catalogue, joined the way the
    reader's language joins clauses (``tandem.web.words.joined``; "; " in English) and closed as
    it closes a sentence; a clause that can open the sentence has its own capitalised message,
    so no letter is raised by code. The dips are a sentence of their own."""
    client, therapist = dict(p.client), dict(p.therapist)
    both = sorted(set(client) & set(therapist))
    clauses = []
    if both:
        n = both[-1]
        clauses.append(
            _(
                "At session %(session)s, %(client)s rated the session %(client_score)s out of 10 "
                "and the therapist rated it %(therapist_score)s"
            )
            % {
                "session": n,
                "client": client_name,
                "client_score": fmt(client[n]),
                "therapist_score": fmt(therapist[n]),
            }
        )
    else:
        n = 0
    if p.client and p.client[-1][0] > n:
        s_, v = p.client[-1]
        values = {"session": s_, "client": client_name, "score": fmt(v)}
        clauses.append(
            _("session %(session)s has only %(client)s's rating so far (%(score)s out of 10)")
            % values
            if clauses
            else _("Session %(session)s has only %(client)s's rating so far (%(score)s out of 10)")
            % values
        )
    if p.therapist and p.therapist[-1][0] > n:
        s_, v = p.therapist[-1]
        values = {"session": s_, "score": fmt(v)}
        clauses.append(
            _("session %(session)s has only the therapist's rating so far (%(score)s out of 10)")
            % values
            if clauses
            else _(
                "Session %(session)s has only the therapist's rating so far (%(score)s out of 10)"
            )
            % values
        )
    if not clauses:
        clauses.append(_("No partnership ratings yet"))
    if p.gaps:
        g = p.gaps[-1]
        if g.gap > 0:
            clauses.append(
                _(
                    "on the shared items at session %(session)s, the therapist rated it %(gap)s "
                    "higher"
                )
                % {"session": g.session, "gap": fmt(abs(g.gap))}
            )
        else:
            clauses.append(
                _("on the shared items at session %(session)s, %(client)s rated it %(gap)s higher")
                % {"session": g.session, "client": client_name, "gap": fmt(abs(g.gap))}
            )
    if p.persistent_gap:
        clauses.append(_("the gap has held for three sessions in a row, worth talking about"))
    # Translators: a sentence made of the clauses above, joined as your language joins clauses.
    words = _("%(clauses)s.") % {"clauses": joined(clauses, "semicolon")}
    if p.ruptures:
        open_ = [r for r in p.ruptures if r.repaired_at is None]
        words += " " + ngettext(
            "%(count)s dip in the partnership (%(repaired)s repaired).",
            "%(count)s dips in the partnership (%(repaired)s repaired).",
            len(p.ruptures),
        ) % {"count": len(p.ruptures), "repaired": len(p.ruptures) - len(open_)}
    return words


def partnership_chart(p: PartnershipFacts, client_name: str, id_prefix: str = "") -> charts.Chart:
    markers: list[charts.Marker] = []
    for r in p.ruptures:
        if r.level is not None:
            said = _(
                "Session %(session)s: dip to %(score)s, a drop of %(drop)s from their recent "
                "level of %(level)s"
            ) % {
                "session": r.session,
                "score": fmt(r.score),
                "drop": fmt(r.drop),
                "level": fmt(r.level),
            }
        else:
            said = _("Session %(session)s: dip to %(score)s, below 5 out of 10") % {
                "session": r.session,
                "score": fmt(r.score),
            }
        markers.append(charts.Marker(r.session, r.score, "rupture", said))
        if r.repaired_at is not None:
            value = dict(p.client).get(r.repaired_at)
            if value is not None:
                markers.append(
                    charts.Marker(
                        r.repaired_at,
                        value,
                        "repair",
                        _("Session %(session)s: repaired, back to %(score)s")
                        % {"session": r.repaired_at, "score": fmt(value)},
                    )
                )
    chart = charts.line_chart(
        id=f"{id_prefix}chart-partnership",
        title=_("Session partnership, both sides (higher is better)"),
        summary=partnership_summary(p, client_name),
        y_label="0–10",
        y_min=0,
        y_max=10,
        series=[
            charts.Series(_("%(client)s (client)") % {"client": client_name}, p.client, "primary"),
            charts.Series(_("Therapist"), p.therapist, "secondary"),
        ],
        markers=markers,
    )
    if p.gaps:
        gap_by_session = {g.session: g.gap for g in p.gaps}
        chart.columns.append(_("Gap (therapist − client)"))
        for row in chart.rows:
            chart_gap = gap_by_session.get(row[0])
            row.append(fmt(chart_gap) if chart_gap is not None else "—")
    return chart


def growth_summary(g: GrowthFacts) -> str:
    if g.growth and g.reliance:
        words = _(
            "From the first check to the latest: growth %(growth_first)s → %(growth_latest)s, "
            "reliance %(reliance_first)s → %(reliance_latest)s (0–4)."
        ) % {
            "growth_first": fmt(g.growth[0][1]),
            "growth_latest": fmt(g.growth[-1][1]),
            "reliance_first": fmt(g.reliance[0][1]),
            "reliance_latest": fmt(g.reliance[-1][1]),
        }
    elif g.growth:
        words = _("From the first check to the latest: growth %(first)s → %(latest)s (0–4).") % {
            "first": fmt(g.growth[0][1]),
            "latest": fmt(g.growth[-1][1]),
        }
    else:
        words = _("From the first check to the latest: reliance %(first)s → %(latest)s (0–4).") % {
            "first": fmt(g.reliance[0][1]),
            "latest": fmt(g.reliance[-1][1]),
        }
    if g.reliance_rise is not None:
        # The same English either way; the count lets a language say "1 punto", "0,5 puntos".
        rise = round(g.reliance_rise, 1)
        words += " " + ngettext(
            "Reliance is rising (about %(rise)s over the last checks).",
            "Reliance is rising (about %(rise)s over the last checks).",
            1 if rise == 1 else 2,
        ) % {"rise": fmt(g.reliance_rise)}
    if g.ready:
        words += " " + _(
            "Growth high and reliance low on the last two checks: worth talking about an ending."
        )
    return words


def growth_chart(g: GrowthFacts, id_prefix: str = "") -> charts.Chart:
    return charts.line_chart(
        id=f"{id_prefix}chart-growth",
        title=_("Growth and reliance over time"),
        summary=growth_summary(g),
        y_label="0–4",
        y_min=0,
        y_max=4,
        series=[
            charts.Series(_("Growth (higher is better)"), g.growth, "primary"),
            charts.Series(_("Reliance (lower is better)"), g.reliance, "tertiary"),
        ],
    )


def _times(per_week: float) -> str:
    """ "1 time", "2.5 times" a week: the plural chosen on the number as shown, rounded."""
    value = round(per_week, 1)
    count = int(value) if value == int(value) else 2
    return ngettext("%(times)s time", "%(times)s times", count) % {"times": fmt(value)}


def engagement_chart(e: EngagementFacts, id_prefix: str = "") -> charts.Chart:
    s = e.summary
    # Two counts in one sentence, which one message's plural cannot follow: each count with its
    # noun ("1 time", "2.5 times") is a message of its own, put in a place.
    values = {"recent": _times(s.recent_per_week), "overall": _times(s.per_week)}
    if s.mean_how_it_went is None:
        summary = (
            _(
                "Practised about %(recent)s a week over the last three weeks (%(overall)s a week "
                "since the first entry)."
            )
            % values
        )
    else:
        values["score"] = fmt(round(s.mean_how_it_went, 1))
        summary = (
            _(
                "Practised about %(recent)s a week over the last three weeks (%(overall)s a week "
                "since the first entry); on average it went %(score)s out of 10."
            )
            % values
        )
    if s.low:
        summary += " " + _("Practice has dropped off lately.")
    top = max([v for _, v in e.weekly] + [3.0])
    return charts.line_chart(
        id=f"{id_prefix}chart-engagement",
        title=_("Between-session practice, times a week"),
        summary=summary,
        y_label=_("Times"),
        y_min=0,
        y_max=top,
        x_label=_("Week"),
        series=[charts.Series(_("Times practised"), e.weekly)],
    )


def picture_charts(viewer: User, episode: Episode, client_name: str) -> dict[str, Any]:
    # The name as it is shown, in sentences and the legend: never broken before its initial.
    client_name = kept_together(client_name)
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
