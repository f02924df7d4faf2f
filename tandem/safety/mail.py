"""The email the safety app sends (a risk alert or its escalation), and the task that sends it.

Actions queue the task in the transaction that raises or escalates the alert; the worker sends
it once per key. The email says only that something needs attention: no answer, no question,
no client's name. Each recipient reads it in their own language (tandem.accounts.language):
recipients who share a language get one email together, as they did before languages existed.
"""

from __future__ import annotations

from django.core.mail import send_mail
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from tandem.accounts.language import recipient_language
from tandem.accounts.models import User
from tandem.tasks.delivery import already_sent, mark_sent

# What each kind of email says in its subject. A task queued before kinds existed carries its
# English subject instead, and is sent with it as it is.
SUBJECTS = {
    "risk": gettext_lazy("Tandem: something to review"),
    "escalation": gettext_lazy("Tandem: an alert needs review"),
}


def mail_notification(recipients: list[str], kind: str, link: str) -> None:
    """Tell staff something needs their attention, and nothing more, each in their language."""
    from django.utils import translation

    people = {u.email: u for u in User.objects.filter(email__in=recipients)}
    by_language: dict[str, list[str]] = {}
    for address in recipients:
        by_language.setdefault(recipient_language(people.get(address)), []).append(address)
    for language, addresses in by_language.items():
        with translation.override(language):
            # No clinical detail in email: not the answer, not the question, not the client's name.
            send_mail(
                subject=str(SUBJECTS.get(kind, kind)),
                message=_(
                    "There is something in Tandem that needs your attention.\n\n"
                    "Please sign in to review it:\n%(link)s\n\n"
                    "For privacy, this email does not say what it is about.\n"
                )
                % {"link": link},
                from_email=None,
                recipient_list=addresses,
            )


@task()
def notify_staff(recipients: list[str], kind: str, link: str, key: str) -> str:
    if already_sent(key):
        return "already sent"
    mail_notification(recipients, kind, link)
    mark_sent(key)
    return "sent"
