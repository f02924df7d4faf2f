"""The demo's pending questionnaire link: the demo client's session two days ago is not yet
rated, and `tandem seed-demo` prints a link that opens it without signing in."""

from __future__ import annotations

from tandem.care.models import Client
from tandem.errors import ActionError
from tandem.links.actions import create_link
from tandem.links.models import QuestionnaireLink

CLIENT = "client@example.org"


def pending_link() -> str | None:
    """A new link to the demo client's waiting questionnaires; None when nothing is waiting."""
    client = Client.objects.filter(user__email=CLIENT).first()
    episode = client.current_episode() if client else None
    session = episode.sessions.order_by("-number").first() if episode else None
    if session is None:
        return None
    try:
        return create_link(None, session, via=QuestionnaireLink.COMMAND_LINE).url
    except ActionError:
        return None
