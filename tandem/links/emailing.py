"""An email that carries a personal questionnaire link, sent once (tandem.tasks.delivery): the
session reminder's and the follow-up check-in's. The caller has claimed the delivery key; this
makes the link, writes and sends the email, and records it as sent. A failure anywhere gives the
claim back, so that the job's next try sends, and withdraws the link, which nobody received and
so nobody is to use (the next try makes a link of its own)."""

from __future__ import annotations

from collections.abc import Callable

from django.core.mail import send_mail

from tandem.links.actions import MadeLink, revoke_link
from tandem.links.models import QuestionnaireLink
from tandem.tasks.delivery import mark_sent, release


def send_claimed_email(
    key: str,
    address: str,
    make_link: Callable[[], MadeLink | None],
    write: Callable[[MadeLink | None], tuple[str, str]],
    not_sent: str,
) -> MadeLink | None:
    """Send the email claimed as ``key`` to ``address``: ``make_link`` gives its link (None for
    the portal's address instead), ``write`` its subject and body. ``not_sent`` is the reason the
    audit trail gives for withdrawing the link when sending failed. Returns the link sent."""
    made: MadeLink | None = None
    try:
        made = make_link()
        subject, body = write(made)
        send_mail(subject, body, None, [address])
    except Exception:
        try:
            if made is not None:
                revoke_link(None, made.link, why=QuestionnaireLink.NOT_SENT, reason=not_sent)
        finally:
            release(key)
        raise
    mark_sent(key)
    return made
