"""Which handover this browser holds: kept in the server-side session, checked in the database."""

from __future__ import annotations

from django.http import HttpRequest

from tandem.room.models import Handover

HANDOVER = "_tandem_room_handover"
# The only pages a handed-over device reaches (each checks the handover again).
ROOM_PAGES = frozenset(
    {"room", "room_respond", "room_still_here", "room_lock", "room_unlock", "room_support"}
)


def open_handover(request: HttpRequest) -> Handover | None:
    """The open handover of this browser, or None."""
    session = getattr(request, "session", None)
    user = getattr(request, "user", None)
    if session is None or HANDOVER not in session:
        return None
    found = None
    if user is not None and user.is_authenticated:
        found = (
            Handover.objects.select_related("session__episode__client", "client", "therapist")
            .filter(pk=session[HANDOVER], therapist_id=user.pk, ended_at__isnull=True)
            .first()
        )
    if found is None:
        session.pop(HANDOVER, None)
    return found
