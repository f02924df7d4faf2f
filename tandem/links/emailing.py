"""An email that carries a personal questionnaire link, sent once (tandem.tasks.delivery): the
session reminder's and the follow-up check-in's. The caller has claimed the delivery key; this
makes the link, writes the email in the client's language and sends it, and records it as sent. A
failure anywhere gives the claim back, so that the job's next try sends, and withdraws the link,
which nobody received and so nobody is to use (the next try makes a link of its own)."""

from __future__ import annotations

from collections.abc import Callable

from django.core.mail import send_mail

from tandem.accounts.language import writing_to
from tandem.accounts.models import User
from tandem.links.actions import MadeLink, revoke_link
from tandem.links.models import QuestionnaireLink
from tandem.tasks.delivery import mark_sent, release
from tandem.web import dates

# Subject and body from the client's first name, and the personal link with the day it stops
# working ("" and "" for the portal's address instead): reminders.due.reminder_email,
# followup.mail.follow_up_email.
Writer = Callable[[str, str, str], tuple[str, str]]


def send_claimed_email(
    key: str,
    user: User,
    make_link: Callable[[], MadeLink | None],
    write: Writer,
    not_sent: str,
) -> MadeLink | None:
    """Send the email claimed as ``key`` to ``user``: ``make_link`` gives its link (None for the
    portal's address instead), ``write`` its words. ``not_sent`` is the reason the audit trail
    gives for withdrawing the link when sending failed. Returns the link sent."""
    first_name = (user.full_name.split() or [""])[0]
    made: MadeLink | None = None
    try:
        made = make_link()
        # In the client's language (the day too), whichever job sends it and whoever's request
        # queued it, and only for this email: the worker's next task starts from its own
        # (docs/i18n.md).
        with writing_to(user):
            if made is None:
                subject, body = write(first_name, "", "")
            else:
                subject, body = write(first_name, made.url, dates.day(made.link.expires_at))
        send_mail(subject, body, None, [user.email])
    except Exception:
        try:
            if made is not None:
                revoke_link(None, made.link, why=QuestionnaireLink.NOT_SENT, reason=not_sent)
        finally:
            release(key)
        raise
    mark_sent(key)
    return made
