"""Which handover this browser holds: kept in the server-side session, checked in the database."""

from __future__ import annotations

from django.http import HttpRequest

from tandem.room.models import HOLDING, Handover

HANDOVER = "_tandem_room_handover"
# The only pages a handed-over device reaches (each checks the handover again).
ROOM_PAGES = frozenset(
    {"room", "room_respond", "room_still_here", "room_lock", "room_unlock", "room_support"}
)


def open_handover(request: HttpRequest) -> Handover | None:
    """The handover this browser holds, or None: an open one, or one Tandem closed after it was
    left, whose device still shows only the locked screen until it is unlocked."""
    session = getattr(request, "session", None)
    user = getattr(request, "user", None)
    if session is None or HANDOVER not in session:
        return None
    found = None
    if user is not None and user.is_authenticated:
        found = (
            Handover.objects.select_related(
                "session__episode__client", "client__practice", "client__user", "therapist"
            )
            .filter(HOLDING, pk=session[HANDOVER], therapist_id=user.pk)
            .first()
        )
    if found is None:
        session.pop(HANDOVER, None)
    return found
