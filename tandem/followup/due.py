"""Which follow-up check-ins fall due now, across every practice (the periodic job's scan).

An episode is followed up when it ended with a planned ending (checkin.FOLLOWED_ENDINGS), its
practice collects something at a follow-up timepoint, and its client can sign in. Whether each
1-, 3- or 6-month check-in is due and still open, and whether a later episode (the client came
back) stops it, is the core's rule (tandem.core.schedule.follow_ups_to_open).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from tandem.care.models import Episode
from tandem.core.schedule import (
    FOLLOW_UP_MONTHS,
    follow_up_due_on,
    follow_ups_to_open,
)
from tandem.followup.checkin import FOLLOWED_ENDINGS
from tandem.followup.models import FollowUp
from tandem.measures.models import Schedule

# The longest follow-up plus the weeks it stays open, with room to spare: older endings are not read.
_LOOK_BACK_MONTHS = max(FOLLOW_UP_MONTHS.values()) + 2


@dataclass(frozen=True)
class DueFollowUp:
    episode_id: int
    months: int
    due_on: date


def follow_up_timepoints() -> dict[int, set[str]]:
    """Per practice, the follow-up timepoints any of its active schedules has."""
    found: dict[int, set[str]] = defaultdict(set)
    for practice_id, timepoints in Schedule.objects.filter(active=True).values_list(
        "practice_id", "timepoints"
    ):
        found[practice_id] |= {t for t in timepoints or [] if t in FOLLOW_UP_MONTHS}
    return {p: t for p, t in found.items() if t}


def falling_due(today: date) -> list[DueFollowUp]:
    """Every check-in due and open today that has not been opened yet."""
    practices = follow_up_timepoints()
    if not practices:
        return []
    earliest = today - timedelta(days=31 * _LOOK_BACK_MONTHS)
    episodes = list(
        Episode.objects.filter(
            status=Episode.ENDED,
            end_reason__in=FOLLOWED_ENDINGS,
            ended_on__gte=earliest,
            client__practice_id__in=list(practices),
            client__user__is_active=True,
        ).values_list("pk", "client_id", "client__practice_id", "number", "ended_on")
    )
    if not episodes:
        return []
    # When each client came back, if they did: the start of any later episode.
    later: dict[int, list[tuple[int, date]]] = defaultdict(list)
    for client_id, number, started_on in Episode.objects.filter(
        client_id__in={e[1] for e in episodes}
    ).values_list("client_id", "number", "started_on"):
        later[client_id].append((number, started_on))
    opened = set(
        FollowUp.objects.filter(episode_id__in=[e[0] for e in episodes]).values_list(
            "episode_id", "months"
        )
    )
    found = []
    for pk, client_id, practice_id, number, ended_on in episodes:
        returns = [started for n, started in later[client_id] if n > number]
        reopened_on = min(returns) if returns else None
        for months in follow_ups_to_open(practices[practice_id], ended_on, today, reopened_on):
            if (pk, months) not in opened:
                found.append(DueFollowUp(pk, months, follow_up_due_on(ended_on, months)))
    return found
