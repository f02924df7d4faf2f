"""What is due now: which questionnaires a client or therapist should fill in, for which session.

Computed in bulk (a fixed number of queries for any number of episodes) so that a caseload of
150 clients costs the same handful of queries as one client.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone

from tandem.care.models import Episode, Session
from tandem.core.instruments import Instrument
from tandem.core.schedule import due_at_session, last_session_open
from tandem.measures import registry
from tandem.measures.models import Response, Schedule


@dataclass(frozen=True)
class DueItem:
    instrument: Instrument
    session: Session

    @property
    def label(self) -> str:
        return f"{self.instrument.short_title} for session {self.session.number}"


@dataclass
class EpisodeDue:
    episode: Episode
    last_session: Session | None = None
    sessions_so_far: int = 0
    client: list[DueItem] = field(default_factory=list)
    therapist: list[DueItem] = field(default_factory=list)


def due_for_episodes(
    episodes: Iterable[Episode], respondent: str | None = None
) -> dict[int, EpisodeDue]:
    """Due items per episode id. ``respondent`` limits the result to one side ("client"/"therapist")."""
    episodes = list(episodes)
    result = {e.pk: EpisodeDue(e) for e in episodes}
    if not episodes:
        return result
    # How many sessions each episode attended and which was the last, from plain rows; only the
    # last session of each episode is loaded as an object (a caseload of 150 clients with ten
    # sessions each then builds 150 sessions, not 1,500).
    counts: dict[int, int] = defaultdict(int)
    last_pks: dict[int, int] = {}
    for pk, episode_id in (
        Session.objects.filter(episode__in=episodes, attendance=Session.ATTENDED)
        .order_by("number")
        .values_list("pk", "episode_id")
    ):
        counts[episode_id] += 1
        last_pks[episode_id] = pk
    last_sessions = {
        s.episode_id: s for s in Session.objects.filter(pk__in=list(last_pks.values()))
    }
    answered = set(
        Response.objects.filter(session__in=list(last_sessions.values())).values_list(
            "session_id", "instrument_id", "respondent_role"
        )
    )
    today = timezone.localdate()
    practice_ids = {e.client.practice_id for e in episodes}
    schedules = defaultdict(list)
    for schedule in Schedule.objects.filter(practice_id__in=practice_ids, active=True):
        schedules[schedule.practice_id].append(schedule)
    for episode in episodes:
        entry = result[episode.pk]
        entry.sessions_so_far = counts.get(episode.pk, 0)
        last = last_sessions.get(episode.pk)
        entry.last_session = last
        if last is None or episode.status == Episode.PAUSED:
            continue
        # An ended episode's last attended session is its last session (tandem.core.schedule):
        # what the practice collects there stays due for a while after the ending, and nothing
        # else is due once an episode has ended.
        ended = episode.status == Episode.ENDED
        if ended and (episode.ended_on is None or not last_session_open(episode.ended_on, today)):
            continue
        for schedule in schedules[episode.client.practice_id]:
            instrument = registry.get(schedule.instrument_id)
            if instrument is None or (respondent and instrument.respondent != respondent):
                continue
            timepoints = schedule.timepoints or []
            if ended and "last_session" not in timepoints:
                continue
            if not due_at_session(timepoints, last.number, schedule.every_n, is_last=ended):
                continue
            if (last.pk, instrument.id, instrument.respondent) in answered:
                continue
            item = DueItem(instrument, last)
            (entry.client if instrument.respondent == "client" else entry.therapist).append(item)
        # The session scale always comes first: it is the one that takes under a minute.
        entry.client.sort(key=lambda d: d.instrument.id != registry.SESSION_SCALE)
    return result
