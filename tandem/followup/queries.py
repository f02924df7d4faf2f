"""Reading check-ins and returning-client requests for another app (the API): which state a
check-in is in, and the rows of a list narrowed the way its caller asked. Who may see which rows
is the policy's (``tandem.policy``): every function here narrows a queryset it is given."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from tandem.care.models import Episode
from tandem.core.schedule import FOLLOW_UP_OPEN_DAYS
from tandem.followup.checkin import is_open
from tandem.followup.models import FollowUp, ReturningRequest
from tandem.measures.models import Response

OPEN, ANSWERED, CLOSED = "open", "answered", "closed"


def state(follow_up: FollowUp, today: date | None = None) -> str:
    """``answered`` once every questionnaire is in; ``open`` while it can still be answered;
    ``closed`` when its weeks passed unanswered (tandem.core.schedule.follow_up_open)."""
    if follow_up.answered_at is not None:
        return ANSWERED
    return OPEN if is_open(follow_up, today or timezone.localdate()) else CLOSED


def last_day(follow_up: FollowUp) -> date:
    """The last day it can be answered."""
    return follow_up.due_on + timedelta(days=FOLLOW_UP_OPEN_DAYS - 1)


def follow_ups_of(episodes: QuerySet[Episode], responses: QuerySet[Response]) -> QuerySet[FollowUp]:
    """The check-ins of ``episodes``, each with its returning-client request and, of its answers,
    only those in ``responses`` (the ones the caller may read), in one query each."""
    return (
        FollowUp.objects.filter(episode__in=episodes.values("pk"))
        .select_related("episode", "returning_request")
        .prefetch_related(
            Prefetch(
                "responses",
                queryset=responses.order_by("submitted_at", "id"),
                to_attr="readable_responses",
            )
        )
        .order_by("due_on", "id")
    )


def requests_in(found: QuerySet[ReturningRequest], which: str) -> QuerySet[ReturningRequest]:
    """``found`` narrowed to ``open`` (not yet closed), ``closed`` or ``all``, oldest first."""
    if which == OPEN:
        found = found.filter(closed_at__isnull=True)
    elif which == CLOSED:
        found = found.filter(closed_at__isnull=False)
    return found.select_related("follow_up", "episode").order_by("created_at", "id")


def request_of(follow_up: FollowUp) -> ReturningRequest | None:
    """The returning-client request the check-in raised, if it raised one."""
    try:
        return follow_up.returning_request
    except ReturningRequest.DoesNotExist:
        return None
