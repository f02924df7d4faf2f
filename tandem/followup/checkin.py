"""What a follow-up check-in asks, what is left, and the scores it is compared with.

The check-in asks every client questionnaire the practice collects at that follow-up timepoint
(tandem.core.schedule), the PHQ-9 first; the GAD-7 is asked as the episode's paired anxiety
measure (its anxiety-disorder-specific measure when the episode was judged on one,
tandem.core.outcomes.nhs_measures.anxiety_measure), so the follow-up is compared like with like;
and it always ends with "Would you like to talk to your therapist again?".
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.utils import timezone

from tandem.care.models import Client, Episode
from tandem.core.instruments import Instrument
from tandem.core.outcomes.nhs_measures import (
    ANXIETY_IDS,
    BACKUP_ANXIETY_MEASURE,
    DEPRESSION_MEASURE,
    anxiety_measure,
)
from tandem.core.schedule import follow_up_open
from tandem.followup.models import FollowUp
from tandem.measures import registry
from tandem.measures.models import Response, Schedule

# Which endings are followed up: a planned ending (graduated, or ended by mutual agreement).
# A client who withdrew or was referred on is not sent check-ins about a therapy they left.
FOLLOWED_ENDINGS = ("graduated", "mutual")


def episode_anxiety_measure(episode: Episode) -> str:
    """The anxiety measure the episode is judged on (the same rule as the outcome figures)."""
    sessions: dict[str, set[int]] = defaultdict(set)
    for instrument_id, session_id in Response.objects.filter(
        episode=episode, instrument_id__in=ANXIETY_IDS, session__isnull=False, total__isnull=False
    ).values_list("instrument_id", "session_id"):
        sessions[instrument_id].add(session_id)
    return anxiety_measure(episode.problem, {k: len(v) for k, v in sessions.items()})


def instruments_for(follow_up: FollowUp) -> list[Instrument]:
    """The questionnaires of this check-in, in the order they are asked."""
    episode = follow_up.episode
    timepoint = f"follow_up_{follow_up.months}m"
    scheduled = [
        s.instrument_id
        for s in Schedule.objects.filter(practice_id=episode.client.practice_id, active=True)
        if timepoint in (s.timepoints or [])
    ]
    anxiety = episode_anxiety_measure(episode)
    ids = [anxiety if i == BACKUP_ANXIETY_MEASURE else i for i in scheduled]
    ids.sort(key=lambda i: (i != DEPRESSION_MEASURE, i != anxiety, i))
    found: list[Instrument] = []
    for instrument_id in dict.fromkeys([*ids, registry.TALK_AGAIN]):
        instrument = registry.get(instrument_id)
        if instrument is None or instrument.respondent != "client" or instrument.private:
            continue
        found.append(instrument)
    return found


def answered_ids(follow_up: FollowUp) -> set[str]:
    return set(follow_up.responses.values_list("instrument_id", flat=True))


def remaining(follow_up: FollowUp) -> list[Instrument]:
    done = answered_ids(follow_up)
    return [i for i in instruments_for(follow_up) if i.id not in done]


def is_open(follow_up: FollowUp, today: date | None = None) -> bool:
    """Not yet answered and still within its weeks (tandem.core.schedule.follow_up_open)."""
    today = today or timezone.localdate()
    return follow_up.answered_at is None and follow_up_open(follow_up.due_on, today)


def open_for(client: Client) -> list[FollowUp]:
    """The client's check-ins they can answer now."""
    found = FollowUp.objects.filter(episode__client=client, answered_at__isnull=True)
    return [f for f in found.select_related("episode__therapist") if is_open(f)]


def last_scores(episode: Episode, measures: list[str]) -> dict[str, float]:
    """Each measure's last score in the episode (its highest-numbered session scored)."""
    scores: dict[str, float] = {}
    for instrument_id, total in (
        Response.objects.filter(
            episode=episode, instrument_id__in=measures, session__isnull=False, total__isnull=False
        )
        .order_by("session__number", "submitted_at")
        .values_list("instrument_id", "total")
    ):
        scores[instrument_id] = float(total)
    return scores


def follow_up_scores(follow_up: FollowUp) -> dict[str, float]:
    return {
        r.instrument_id: float(r.total)
        for r in follow_up.responses.filter(total__isnull=False).order_by("instrument_id")
    }
