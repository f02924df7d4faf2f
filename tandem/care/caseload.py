"""The therapist's caseload as plain data: one builder, rendered by the page (and later the API).

A fixed number of queries whatever the caseload size: clients with their open episode, the
episodes' sessions, the due items, the latest primary-measure scores.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tandem.care.models import Client, Episode
from tandem.core.outcomes.alerts import Alert
from tandem.measures.analytics import PRIMARY, alerts_for_episodes
from tandem.measures.due import DueItem, due_for_episodes
from tandem.measures.models import Response


@dataclass
class CaseloadRow:
    client: Client
    episode: Episode | None
    last_session_date: date | None
    sessions_so_far: int
    client_due: list[DueItem]
    therapist_due: list[DueItem]
    primary_scores: list[float] = field(default_factory=list)
    # Requests from the client (a pause) as sentences.
    requests: list[str] = field(default_factory=list)
    # Alerts from the outcomes core (tandem.core.outcomes.alerts), most urgent first.
    alerts: list[Alert] = field(default_factory=list)

    @property
    def attention(self) -> list[Alert | str]:
        """Everything that needs attention, most urgent first: alerts, then requests."""
        return [*self.alerts, *self.requests]

    @property
    def urgency(self) -> int:
        """Lower is more urgent: the most urgent alert; a pause request ranks with a rupture."""
        levels = [a.priority for a in self.alerts] + [2 for _ in self.requests]
        return min(levels, default=99)

    @property
    def status(self) -> str:
        return self.episode.status if self.episode else "ended"

    def as_dict(self) -> dict[str, Any]:
        return {
            "client_id": self.client.pk,
            "client": self.client.display_name,
            "episode_id": self.episode.pk if self.episode else None,
            "status": self.status,
            "last_session": self.last_session_date.isoformat() if self.last_session_date else None,
            "sessions_so_far": self.sessions_so_far,
            "client_due": [d.instrument.id for d in self.client_due],
            "therapist_due": [d.instrument.id for d in self.therapist_due],
            "primary_scores": self.primary_scores,
            "attention": [str(getattr(a, "sentence", a)) for a in self.attention],
            "alerts": [
                {
                    "kind": a.kind,
                    "priority": a.priority,
                    "sentence": a.sentence,
                    "session": a.session,
                    "measure": a.measure,
                }
                for a in self.alerts
            ],
        }


def build_caseload(
    therapist: Any, include_ended: bool = False, only: Any = None
) -> list[CaseloadRow]:
    """The therapist's rows, those needing attention first. ``only``: client ids (or a queryset
    of them) to keep; nothing of any other client is read (a supervisor sees only the clients
    who agreed to share)."""
    found = Client.objects.filter(practice_id=therapist.practice_id, therapist=therapist)
    if only is not None:
        found = found.filter(pk__in=only)
    clients = list(found.select_related("user").order_by("display_name"))
    episodes_by_client: dict[int, Episode] = {}
    for episode in (
        Episode.objects.filter(client__in=clients)
        .exclude(status=Episode.ENDED)
        .select_related("client")
    ):
        episodes_by_client[episode.client_id] = episode
    due = due_for_episodes(episodes_by_client.values())
    alerts = alerts_for_episodes(
        e for e in episodes_by_client.values() if e.status == Episode.ACTIVE
    )
    scores: dict[int, list[float]] = defaultdict(list)
    for episode_id, total in (
        Response.objects.filter(
            episode__in=list(episodes_by_client.values()),
            instrument_id=PRIMARY,
            total__isnull=False,
        )
        .order_by("session__number", "submitted_at")
        .values_list("episode_id", "total")
    ):
        scores[episode_id].append(total)
    rows = []
    for client in clients:
        episode = episodes_by_client.get(client.pk)
        if episode is None and not include_ended:
            continue
        entry = due.get(episode.pk) if episode else None
        row = CaseloadRow(
            client=client,
            episode=episode,
            last_session_date=entry.last_session.date if entry and entry.last_session else None,
            sessions_so_far=entry.sessions_so_far if entry else 0,
            client_due=entry.client if entry else [],
            therapist_due=entry.therapist if entry else [],
            primary_scores=scores.get(episode.pk, []) if episode else [],
        )
        if episode is not None:
            row.alerts = alerts.get(episode.pk, [])
        if episode is not None and episode.pause_requested_at:
            row.requests.append("Asked to pause therapy: talk it through together.")
        rows.append(row)
    # Who needs attention first, then who has something due, then by name.
    # Who needs attention first (most urgent alert), then who has something due, then by name.
    rows.sort(
        key=lambda r: (r.urgency, not (r.client_due or r.therapist_due), r.client.display_name)
    )
    return rows
