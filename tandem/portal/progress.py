"""The client's "Is my therapy working?" page: the same facts as the therapist's picture, in plain
words, from the client's own answers only (never the therapist's side or private notes).

The facts come from ``tandem.reports.data`` (which asks the clinical core); this module only
chooses warm words for them and the prompts to take to the next session.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.audit.chain import record
from tandem.care.models import Episode
from tandem.core.words import Said, gettext_noop, ngettext
from tandem.measures import registry
from tandem.measures.models import Response
from tandem.policy import own_client_record
from tandem.reports import charts
from tandem.reports.data import (
    OutcomeFacts,
    episode_data,
    fmt,
    growth_facts,
    outcome_facts,
    partnership_facts,
)
from tandem.web.shortcuts import role_required

WHAT = {
    "phq9": gettext_lazy("low mood (PHQ-9)"),
    "gad7": gettext_lazy("worry and anxiety (GAD-7)"),
}
# The severity bands' labels in the PHQ-9 and GAD-7 files (Kroenke 2001; Spitzer 2006), as the
# client reads them beside a score.
SEVERITY_WORDS = {
    "minimal": gettext_lazy("minimal"),
    "mild": gettext_lazy("mild"),
    "moderate": gettext_lazy("moderate"),
    "moderately severe": gettext_lazy("moderately severe"),
    "severe": gettext_lazy("severe"),
}


def _severity(label: str | None) -> str:
    words = (label or "").lower()
    return str(SEVERITY_WORDS.get(words, words))


# What each measure is about, as the story's sentences name it.
ABOUT = {
    "phq9": gettext_noop("low mood"),
    "gad7": gettext_noop("worry and anxiety"),
}


def _figure(value: float) -> Decimal | str:
    """A score as the page writes it (``fmt``), kept to those digits in any language ("—" for
    none)."""
    shown = fmt(value)
    return Decimal(shown) if shown != "—" else shown


def _outcome_story(f: OutcomeFacts) -> dict[str, Any]:
    """Where you started, where you are, and what counts as a real change, in plain words.

    The sentences are :class:`~tandem.core.words.Said` (whole templates with places), which the
    page renders in the client's language (``{{ sentence|say }}``)."""
    topic = WHAT.get(f.instrument_id, f.label)
    about: Said | str = (
        Said(ABOUT[f.instrument_id]) if f.instrument_id in ABOUT else topic.split(" (")[0]
    )
    first_s, first = f.points[0]
    last_s, last = f.points[-1]
    lower_better = f.direction == "higher_is_worse"
    story: dict[str, Any] = {
        "id": f.instrument_id,
        "topic": topic,
        "start": fmt(first),
        "start_words": _severity(f.severities[0]),
        "now": fmt(last),
        "now_words": _severity(f.severities[-1]),
        "max": fmt(f.high),
        "sentences": [],
        "prompts": [],
    }
    says: list[Said] = story["sentences"]
    if f.reliable_change is not None:
        says.append(
            Said(
                gettext_noop(
                    "Scores go up and down a little from week to week. A change of {change} "
                    "points or more is bigger than those everyday ups and downs: that is what "
                    "counts as a real change."
                ),
                {"change": _figure(f.reliable_change)},
            )
        )
    if len(f.points) == 1:
        says.append(
            Said(
                gettext_noop("You have answered this once so far; the picture builds up from here.")
            )
        )
    else:
        moved = first - last if lower_better else last - first
        change = {"change": _figure(abs(moved))}
        category = f.latest_category
        if category == "improved":
            if lower_better:
                template = gettext_noop(
                    "Since you started, your score has come down by {change} points. That is a "
                    "real change: well done for the work behind it."
                )
            else:
                template = gettext_noop(
                    "Since you started, your score has come up by {change} points. That is a "
                    "real change: well done for the work behind it."
                )
            says.append(Said(template, change))
        elif category == "deteriorated":
            if lower_better:
                template = gettext_noop(
                    "Since you started, your score has gone up by {change} points, so things "
                    "seem harder than when you began."
                )
            else:
                template = gettext_noop(
                    "Since you started, your score has gone down by {change} points, so things "
                    "seem harder than when you began."
                )
            says.append(Said(template, change))
            story["prompts"].append(
                gettext(
                    "Things seem harder than when you started. Please tell your therapist: it "
                    "helps them help you, and it is not a failure on your part."
                )
            )
        else:
            if moved == 0:
                says.append(
                    Said(
                        gettext_noop(
                            "Since you started, your score has not moved: not yet a real change."
                        )
                    )
                )
            elif float(moved).is_integer():
                one, many = ngettext(
                    "Since you started, your score has moved by {count} point: not yet a real "
                    "change.",
                    "Since you started, your score has moved by {count} points: not yet a real "
                    "change.",
                )
                says.append(Said(one, {"count": abs(int(moved))}, plural=(many, "count")))
            else:
                says.append(
                    Said(
                        gettext_noop(
                            "Since you started, your score has moved by {change} points: not "
                            "yet a real change."
                        ),
                        change,
                    )
                )
            if last_s >= 4:
                story["prompts"].append(
                    gettext(
                        "Things have not shifted much yet. That happens, and it is worth saying "
                        "out loud: you could talk with your therapist about what is helping and "
                        "what is not."
                    )
                )
    if f.cutoff is not None and f.latest is not None:
        values = {"cutoff": _figure(f.cutoff), "about": about, "latest": _figure(f.latest)}
        if f.latest < f.cutoff:
            template = gettext_noop(
                "Your latest score is under {cutoff}, the range where most people are not "
                "troubled by {about} in a way that gets in the way of life."
            )
        else:
            template = gettext_noop(
                "Scores of {cutoff} or more are where {about} usually gets in the way of "
                "everyday life; yours is {latest}."
            )
        says.append(Said(template, values))
    return story


def _outcome_chart(f: OutcomeFacts, story: dict[str, Any]) -> charts.Chart:
    band = [charts.BandPoint(c.session, c.p10, c.p25, c.p75, c.p90) for c in f.band]
    summary = _("Your %(measure)s score was %(start)s when you started and is %(now)s now.") % {
        "measure": f.label,
        "start": story["start"],
        "now": story["now"],
    }
    if f.direction == "higher_is_worse":
        summary += " " + _("Lower is better.")
    if band:
        summary += " " + _(
            "The shaded area shows where most people who started where you did were by each "
            "session."
        )
    chart = charts.line_chart(
        id=f"my-{f.instrument_id}",
        title=_("My %(topic)s over sessions") % {"topic": story["topic"]},
        summary=summary,
        y_label=f.label,
        y_min=f.low,
        y_max=f.high,
        series=[charts.Series(_("My score"), f.points)],
        band=band,
        cutoff=f.cutoff,
        cutoff_label=_("Everyday range under %(cutoff)s") % {"cutoff": fmt(f.cutoff)}
        if f.cutoff is not None
        else "",
        markers=[
            charts.Marker(
                s,
                v,
                cat,
                _("Session %(session)s: %(score)s, a real change since you started")
                % {"session": s, "score": fmt(v)},
            )
            for s, v, cat in f.changes
            if cat == "improved"
        ],
    )
    # The key says it in the page's own words: "a real change", not the therapist's "reliable
    # improvement".
    chart.legend = [
        (cls, _("A real change since you started") if cls == "key-improved" else words)
        for cls, words in chart.legend
    ]
    return chart


def _own_words(user: User, episode: Episode) -> list[dict[str, Any]]:
    """What the client wrote in their session feedback, session by session (their own answers
    only)."""
    instrument = registry.get(registry.SESSION_SCALE)
    if instrument is None:
        return []
    text_items = [item.id for item in instrument.items if item.kind == "text"]
    words = []
    for response in (
        Response.objects.filter(
            episode=episode, respondent=user, instrument_id=registry.SESSION_SCALE
        )
        .select_related("session")
        .order_by("session__number", "submitted_at")
    ):
        text = " ".join(
            str(response.answers.get(i, "")).strip()
            for i in text_items
            if str(response.answers.get(i, "")).strip()
        )
        if text and response.session is not None:
            words.append({"session": response.session.number, "text": text})
    return words


# How answers the client gave outside Tandem came in, as the client reads it.
ENTERED_WORDS = {
    Response.PAPER: gettext_lazy("entered by your therapist from paper"),
    Response.PHONE: gettext_lazy("entered by your therapist by phone"),
    Response.READ_ALOUD: gettext_lazy("entered by your therapist as read aloud in session"),
}


def _entered_for_me(user: User, episode: Episode) -> list[dict[str, Any]]:
    """The client's own answers that they gave on paper, by phone or aloud and their therapist
    typed in: theirs like any others, with a note of how they came in (issue 19.5)."""
    return [
        {
            "title": getattr(registry.get(r.instrument_id), "short_title", r.instrument_id),
            "session": r.session,
            "words": ENTERED_WORDS.get(r.entry_method, ""),
        }
        for r in Response.objects.filter(episode=episode, respondent=user)
        # the room's answers are not among them: the client typed those in themselves
        .exclude(entry_method__in=[Response.SELF, Response.ROOM])
        .select_related("session")
        .order_by("session__number", "submitted_at")
    ]


def ending_story(user: User, episode: Episode) -> dict[str, Any]:
    """The client's ending page: where they started, where they are now, what changed, their own
    words from the sessions, the goals reached; the page itself says the door stays open."""
    data = episode_data(user, episode, own_only=True)
    stories = []
    for instrument_id in ("phq9", "gad7"):
        f = outcome_facts(data, instrument_id)
        if f is not None and len(f.points) >= 1:
            stories.append(_outcome_story(f))
    return {
        "episode": episode,
        "graduated": episode.graduated,
        "stories": stories,
        "words": _own_words(user, episode)[-6:],
        "goals": list(episode.goals.filter(status="achieved")),
        "sessions": episode.sessions.filter(attendance="attended").count(),
    }


def progress_context(user: User) -> dict[str, Any]:
    client = own_client_record(user)
    episode = client.current_episode() or client.episodes.order_by("-number").first()
    context: dict[str, Any] = {
        "title": _("Is my therapy working?"),
        "client": client,
        "episode": episode,
    }
    if episode is None:
        return context
    data = episode_data(user, episode, own_only=True)
    stories: list[dict[str, Any]] = []
    prompts: list[str] = []
    for instrument_id in ("phq9", "gad7"):
        f = outcome_facts(data, instrument_id)
        if f is None:
            continue
        story = _outcome_story(f)
        story["chart"] = _outcome_chart(f, story)
        stories.append(story)
        # Both measures may say the same thing ("not shifted much yet"): once is enough.
        prompts += [prompt for prompt in story["prompts"] if prompt not in prompts]
    p = partnership_facts(data)
    partnership: dict[str, Any] | None = None
    if p is not None and p.client:
        values = [v for _session, v in p.client]
        partnership = {
            "latest": fmt(values[-1]),
            "average": fmt(round(sum(values) / len(values), 1)),
            "chart": charts.line_chart(
                id="my-partnership",
                title=_("How our sessions felt to me"),
                summary=_(
                    "You rated the latest session %(latest)s out of 10; your average is "
                    "%(average)s."
                )
                % {
                    "latest": fmt(values[-1]),
                    "average": fmt(round(sum(values) / len(values), 1)),
                },
                y_label="0–10",
                y_min=0,
                y_max=10,
                series=[charts.Series(_("My rating"), p.client)],
            ),
        }
        if p.latest_dip is not None:
            prompts.insert(
                0,
                _(
                    "You rated the last session lower than usual. You could tell your therapist "
                    "what would help — they would want to know, and it often makes the next "
                    "session better."
                ),
            )
    g = growth_facts(data)
    growth_chart = None
    if g is not None and len(g.growth) + len(g.reliance) >= 2:
        growth_chart = charts.line_chart(
            id="my-growth",
            title=_("Growing in myself"),
            summary=_(
                "Growth is about confidence, choice and looking after yourself (higher is "
                "better); reliance is about needing therapy to feel all right (lower is better)."
            ),
            y_label="0–4",
            y_min=0,
            y_max=4,
            series=[
                charts.Series(_("Growth"), g.growth, "primary"),
                charts.Series(_("Reliance"), g.reliance, "tertiary"),
            ],
        )
        if g.ready:
            prompts.append(
                _(
                    "You are doing more for yourself and leaning on therapy less. You might talk "
                    "with your therapist about planning a good ending — the door stays open."
                )
            )
    context.update(
        {
            "stories": stories,
            "partnership": partnership,
            "growth_chart": growth_chart,
            "prompts": prompts,
            "sessions": episode.sessions.filter(attendance="attended").count(),
            "has_scores": bool(stories or partnership),
            "session_scale": registry.SESSION_SCALE,
            "entered": _entered_for_me(user, episode),
        }
    )
    return context


@role_required("client")
def progress(request: HttpRequest) -> HttpResponse:
    context = progress_context(request.user)
    record(
        actor=request.user,
        action="portal.progress.view",
        client_id=context["client"].pk,
        request=request,
    )
    return render(request, "portal/progress.html", context)
