"""The session page's part about questionnaire links, as plain data (the care app shows it)."""

from __future__ import annotations

from typing import Any

from tandem.accounts.models import User
from tandem.care.models import Session
from tandem.links.actions import open_links, policy_for
from tandem.policy import can_make_link, links_withdrawable_by


def session_links(user: User, session: Session) -> dict[str, Any] | None:
    """What the therapist sees about links on a session's page; None for anyone else."""
    if not can_make_link(user, session):
        return None
    client = session.episode.client
    return {
        "open": list(open_links(links_withdrawable_by(user).filter(session=session))),
        "valid_days": policy_for(client.practice_id).valid_days,
        "has_login": client.user_id is not None,
    }
