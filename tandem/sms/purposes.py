"""What a text message is for, when it is not this app's own (a code, a session reminder):
supplied by the app that owns the thing it is about.

A follow-up check-in's notice goes by text to a client who chose texts for their reminders. The
follow-up app imports this one (to queue the text), so this app cannot import it back. Instead the
follow-up app registers a ``TextPurpose`` when Django starts (``tandem.followup.apps``), as it
registers what a link opens (``tandem.links.purposes``), and the send job asks it whether the text
is still wanted, for a link and the words around it, and to email the same notice instead when
the text does not reach the client. The number, its verification, STOP, quiet hours, the gateway, sending once and the
audit records stay here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tandem.links.actions import MadeLink
    from tandem.sms.models import TextMessage


@dataclass(frozen=True)
class TextPurpose:
    # Why the text about ``message.about_id`` must not go out now, or be emailed instead ("" when
    # it may): the thing is answered or closed, or the client no longer wants reminders.
    why_not: Callable[[TextMessage], str]
    # A new personal link for the text, whose token is ``token`` (made by the send job from a
    # seed the text keeps), or None to send the portal's address: withdrawn by the send job if
    # the text is not sent. A try after one the gateway may have taken reuses the link instead.
    link: Callable[[TextMessage, str], MadeLink | None]
    # The words, in the active language (the send job writes them inside writing_to(client)),
    # carrying ``made`` (the text's link), or the portal's address when it is None.
    words: Callable[[TextMessage, MadeLink | None], str]
    # Email the same notice instead, once (a failure to send raises: the job is tried again).
    # False when it had been emailed already (the client chose both, or a retry).
    email_instead: Callable[[TextMessage], bool]


_purposes: dict[str, TextPurpose] = {}


def register(name: str, purpose: TextPurpose) -> None:
    _purposes[name] = purpose


def purpose_of(message: TextMessage) -> TextPurpose | None:
    """The registered purpose of a text that is neither a code nor a session reminder."""
    return _purposes.get(message.purpose)
