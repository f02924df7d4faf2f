"""Reading the hand-overs of a session for another app (the API): when the device was handed
over, by whom, why it locked, how it ended, and which questionnaires were answered on it. Who
may ask is the policy's; the answers listed are narrowed to those the caller may read."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils import timezone

from tandem.care.models import Session
from tandem.measures.models import Response
from tandem.room.models import Handover


def handovers_of(session: Session) -> QuerySet[Handover]:
    return Handover.objects.filter(session=session).order_by("started_at", "id")


def answered_on(
    handovers: list[Handover], responses: QuerySet[Response]
) -> dict[int, list[Response]]:
    """Per hand-over, the answers given on it, read from ``responses`` in one query."""
    if not handovers:
        return defaultdict(list)
    rows = list(
        responses.filter(
            session_id__in={h.session_id for h in handovers}, entry_method=Response.ROOM
        ).order_by("submitted_at", "id")
    )
    return given_on(handovers, rows)


def given_on(handovers: list[Handover], rows: Iterable[Response]) -> dict[int, list[Response]]:
    """Per hand-over, which of ``rows`` were given on it: the session's answers typed in the room
    on that therapist's device while it was handed over (between its start and its lock, or its
    end). A device answers nothing once locked (tandem.room.actions.answer), so the windows of one
    session's hand-overs do not overlap."""
    found: dict[int, list[Response]] = defaultdict(list)
    in_room = sorted(
        (r for r in rows if r.entry_method == Response.ROOM), key=lambda r: (r.submitted_at, r.pk)
    )
    now = timezone.now()
    for handover in handovers:
        until = handover.locked_at or handover.ended_at or now
        found[handover.pk] = [
            r
            for r in in_room
            if r.session_id == handover.session_id
            and r.entered_by_id == handover.therapist_id
            and handover.started_at <= r.submitted_at <= until
        ]
    return found
