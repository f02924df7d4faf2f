"""The email the safety app sends (a risk alert or its escalation), and the task that sends it.

Actions queue the task in the transaction that raises or escalates the alert; the worker sends
it once per key. The email says only that something needs attention: no answer, no question,
no client's name.
"""

from __future__ import annotations

from django.core.mail import send_mail
from django_tasks import task

from tandem.tasks.delivery import already_sent, mark_sent


def mail_notification(recipients: list[str], subject: str, link: str) -> None:
    """Tell staff something needs their attention, and nothing more."""
    # No clinical detail in email: not the answer, not the question, not the client's name.
    send_mail(
        subject=subject,
        message=(
            "There is something in Tandem that needs your attention.\n\n"
            f"Please sign in to review it:\n{link}\n\n"
            "For privacy, this email does not say what it is about.\n"
        ),
        from_email=None,
        recipient_list=recipients,
    )


@task()
def notify_staff(recipients: list[str], subject: str, link: str, key: str) -> str:
    if already_sent(key):
        return "already sent"
    mail_notification(recipients, subject, link)
    mark_sent(key)
    return "sent"
