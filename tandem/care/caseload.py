"""The therapist's caseload as plain data: one builder, rendered by the page (and later the API).

A fixed number of queries whatever the caseload size: clients with their open episode, the
episodes' sessions, the due items, the latest primary-measure scores.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.care.models import Client, Episode
from tandem.core.outcomes.alerts import Alert
from tandem.followup.models import ReturningRequest
from tandem.measures.analytics import PRIMARY, alerts_for_episodes
from tandem.measures.due import DueItem, due_for_episodes
from tandem.measures.models import Response
from tandem.safety.models import RiskAlert
from tandem.web import dates


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
    # Risk alerts not yet acknowledged (tandem.safety), oldest first.
    risks: list[RiskAlert] = field(default_factory=list)

    @property
    def risk_sentences(self) -> list[str]:
        return [risk_sentence(r) for r in self.risks]

    @property
    def attention(self) -> list[Alert | str]:
        """Everything that needs attention, most urgent first: open risk alerts, alerts, then
        requests."""
        return [*self.risk_sentences, *self.alerts, *self.requests]

    @property
    def urgency(self) -> int:
        """Lower is more urgent: an open risk alert before anything; then the most urgent alert;
        a pause request ranks with a rupture."""
        if self.risks:
            return -1
        levels = [a.priority for a in self.alerts] + [2 for _ in self.requests]
        return min(levels, default=99)

    @property
    def status(self) -> str:
        return self.episode.status if self.episode else "ended"

    @property
    def status_label(self) -> str:
        """Active, Paused, Ended — or Graduated, when that is how the episode ended."""
        return status_label(self.episode)

    def as_dict(self) -> dict[str, Any]:
        return {
            "client_id": self.client.pk,
            "client": self.client.display_name,
            "episode_id": self.episode.pk if self.episode else None,
            "status": self.status,
            "status_label": self.status_label,
            "last_session": self.last_session_date.isoformat() if self.last_session_date else None,
            "sessions_so_far": self.sessions_so_far,
            "client_due": [d.instrument.id for d in self.client_due],
            "therapist_due": [d.instrument.id for d in self.therapist_due],
            "primary_scores": self.primary_scores,
            "attention": [str(getattr(a, "sentence", a)) for a in self.attention],
            "open_risk_alerts": len(self.risks),
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


def risk_sentence(alert: RiskAlert) -> str:
    """An open risk alert as the caseload row says it."""
    sentence = _(
        "Open risk alert since %(date)s: %(label)s (answered “%(answer)s”). Review and "
        "acknowledge it."
    ) % {
        "date": dates.day(alert.raised_at),
        # The topic, not the label: it continues the sentence after the colon.
        "label": alert.shown_topic,
        "answer": alert.answer_label,
    }
    if alert.escalated_at:
        sentence += " " + _("Escalated to the supervisor and practice lead.")
    return sentence


def status_label(episode: Episode | None) -> str:
    if episode is None:
        return _("No episode")
    return episode.status_label


def build_caseload(
    therapist: User, include_ended: bool = False, only: Iterable[int] | None = None
) -> list[CaseloadRow]:
    """The therapist's rows, those needing attention first. ``only``: client ids (or a queryset
    of them) to keep; nothing of any other client is read (a supervisor sees only the clients
    who agreed to share)."""
    found = Client.objects.filter(practice_id=therapist.practice_id, therapist=therapist)
    if only is not None:
        found = found.filter(pk__in=only)
    clients = list(found.select_related("user").order_by("display_name"))
    # Each client's open episode; with ended clients included, a client with none open shows
    # their latest ended episode, so its history (sessions, scores) is there, not an empty row.
    episodes_by_client: dict[int, Episode] = {}
    found_episodes = Episode.objects.filter(client__in=clients).select_related("client")
    if not include_ended:
        found_episodes = found_episodes.exclude(status=Episode.ENDED)
    for episode in found_episodes.order_by("number"):
        kept = episodes_by_client.get(episode.client_id)
        if kept is None or not kept.is_open:
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
            # Scores at sessions: a follow-up check-in after the ending has none.
            session__isnull=False,
        )
        .order_by("session__number", "submitted_at")
        .values_list("episode_id", "total")
    ):
        scores[episode_id].append(total)
    risks: dict[int, list[RiskAlert]] = defaultdict(list)
    for alert in RiskAlert.objects.filter(
        client__in=clients, acknowledged_at__isnull=True
    ).order_by("raised_at", "id"):
        risks[alert.client_id].append(alert)
    # Former clients asking to come back after a follow-up check-in (tandem.followup): shown
    # even without an open episode, since that is the point.
    returning: dict[int, list[str]] = defaultdict(list)
    for request in ReturningRequest.objects.filter(
        client__in=clients, closed_at__isnull=True
    ).select_related("follow_up"):
        returning[request.client_id].append(request.sentence)
    rows = []
    for client in clients:
        episode = episodes_by_client.get(client.pk)
        closed = episode is None or not episode.is_open
        if closed and not include_ended and client.pk not in returning:
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
        row.risks = risks.get(client.pk, [])
        if episode is not None and episode.pause_requested_at:
            row.requests.append(_("Asked to pause therapy: talk it through together."))
        row.requests.extend(returning.get(client.pk, []))
        rows.append(row)
    # Who needs attention first (most urgent alert), then who has something due, then by name.
    rows.sort(
        key=lambda r: (r.urgency, not (r.client_due or r.therapist_due), r.client.display_name)
    )
    return rows
