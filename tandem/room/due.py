"""What the client still has to answer on a handed-over device: their side only, this session only."""

from __future__ import annotations

from tandem.care.models import Session
from tandem.measures.due import DueItem, due_for_episodes


def due_in_room(session: Session) -> list[DueItem]:
    """The client's questionnaires due for ``session`` (the session scale first), or none when it
    is not the episode's latest attended session or the episode is not active."""
    due = due_for_episodes([session.episode], respondent="client").get(session.episode_id)
    return [item for item in (due.client if due else []) if item.session.pk == session.pk]
