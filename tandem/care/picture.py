"""The client picture (therapist and supervisor view) as plain data."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from tandem.accounts.models import User
from tandem.care.models import Client, Episode
from tandem.measures import registry, wording
from tandem.measures.models import Response
from tandem.policy import can_edit_clinical

# The order columns appear in, when present; anything else follows alphabetically.
COLUMN_ORDER = ["phq9", "gad7", "partnership", "partnership_mirror", "growth", "reliance"]


def _column_key(instrument_id: str) -> tuple[int, str]:
    try:
        return (COLUMN_ORDER.index(instrument_id), instrument_id)
    except ValueError:
        return (len(COLUMN_ORDER), instrument_id)


def client_picture(viewer: User, client: Client, episode_pk: int | None = None) -> dict[str, Any]:
    episodes = list(client.episodes.select_related("therapist").order_by("-number"))
    episode: Episode | None = None
    if episode_pk is not None:
        episode = next((e for e in episodes if e.pk == episode_pk), None)
    if episode is None and episodes:
        episode = episodes[0]
    picture: dict[str, Any] = {
        "client": client,
        "episodes": episodes,
        "episode": episode,
        "can_edit": can_edit_clinical(viewer, client),
        "sessions": [],
        "columns": [],
        "goals": [],
        "plans": [],
        "events": [],
        "reflections": [],
        "open_episode": next((e for e in episodes if e.is_open), None),
    }
    if episode is None:
        return picture
    sessions = list(episode.sessions.order_by("number"))
    responses = [
        r
        for r in Response.objects.filter(episode=episode).select_related("plan")
        # Private answers (a therapist's reflection, their self-care) only for who gave them.
        if not r.private or r.respondent_id == viewer.pk
    ]
    by_session: dict[int, dict[str, Response]] = defaultdict(dict)
    columns: set[str] = set()
    for r in responses:
        if r.session_id is None or r.total is None:
            continue
        by_session[r.session_id][r.instrument_id] = r
        columns.add(r.instrument_id)
    ordered = sorted(columns, key=_column_key)
    picture["columns"] = [{"id": c, "title": _short_title(c)} for c in ordered]
    picture["sessions"] = [
        {
            "session": s,
            "cells": [by_session[s.pk].get(c) for c in ordered],
            # Each score with its column's name, for the label a phone shows beside it.
            "labelled": [
                (col["title"], by_session[s.pk].get(col["id"])) for col in picture["columns"]
            ],
            "feedback": by_session[s.pk].get(registry.SESSION_SCALE),
        }
        for s in sessions
    ]
    picture["comments"] = [
        {"session": r.session, "text": text}
        for r in responses
        if r.instrument_id == registry.SESSION_SCALE
        for text in [_free_text(r)]
        if text
    ]
    picture["reflections"] = [
        r
        for r in responses
        if r.instrument_id == registry.REFLECTION and r.respondent_id == viewer.pk
    ]
    picture["goals"] = list(episode.goals.all())
    logs = defaultdict(list)
    for r in responses:
        if r.plan_id:
            logs[r.plan_id].append(r)
    picture["plans"] = [
        {"plan": p, "log": logs.get(p.pk, [])[-5:][::-1]} for p in episode.plans.all()
    ]
    picture["events"] = list(episode.events.select_related("by"))
    return picture


def _short_title(instrument_id: str) -> str:
    """The column's name in the reader's language when the instrument has it."""
    instrument = registry.get(instrument_id)
    return wording.shown(instrument).instrument.short_title if instrument else instrument_id


def _free_text(response: Response) -> str:
    instrument = registry.get(response.instrument_id)
    if instrument is None:
        return ""
    texts = [
        str(response.answers.get(item.id, "")).strip()
        for item in instrument.items
        if item.kind == "text"
    ]
    return " ".join(t for t in texts if t)
