"""The emails the accounts app sends, and the tasks that send them.

Actions queue these tasks in the transaction that asks for the email (``tandem.tasks.queue``);
the worker sends each once, however often it runs (``tandem.tasks.delivery``). No email carries
clinical detail.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.mail import send_mail
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import TaskContext, task

from tandem.accounts.language import recipient_language, writing_to
from tandem.accounts.models import Invitation, Practice, User
from tandem.tasks.delivery import already_sent, forget_arguments, mark_sent
from tandem.web.shortcuts import emails_are_printed

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SentInvitation:
    """What the inviter is told: the same for every address, whatever account it has.

    ``invitation`` is empty for a client invitation to an address that cannot be used here (see
    ``invite_person``); ``link`` then is a link that opens the same "cannot be used" page as an
    expired one.
    """

    invitation: Invitation | None
    link: str
    email: str


def mail_invitation(user: User, practice: Practice, link: str) -> None:
    """The invitation email: who invites, and the link, in the invited person's language (their
    own if they have one, else their practice's: tandem.accounts.language)."""
    with writing_to(user):
        # Plain and warm, with no clinical detail: only who invites and where to go.
        hello = _("Hello %(name)s,") % {"name": user.full_name} if user.full_name else _("Hello,")
        if user.has_usable_password():
            # An existing account is only offered a role; the password stays as it is.
            body = _(
                "%(practice)s invites you to take on a new role in Tandem. Open this link, sign "
                "in as you usually do, and confirm:\n\n%(link)s\n\n"
                "Your password does not change. If you did not expect this, ignore this email."
            ) % {"practice": practice.name, "link": link}
        else:
            body = _(
                "%(practice)s has invited you to Tandem. Open this link to choose your password "
                "and sign in:\n\n%(link)s"
            ) % {"practice": practice.name, "link": link}
        days = settings.TANDEM_INVITATION_DAYS
        lasts = ngettext(
            "The link works once and for %(days)s day.",
            "The link works once and for %(days)s days.",
            days,
        ) % {"days": days}
        send_mail(
            subject=_("You are invited to %(practice)s on Tandem") % {"practice": practice.name},
            message=f"{hello}\n\n{body}\n\n{lasts}\n",
            from_email=None,
            recipient_list=[user.email],
        )


def mail_address_in_use(email: str, practice: Practice) -> None:
    """Why no invitation arrived, to an address that has an account elsewhere."""
    # To the owner of an address that already has an account elsewhere: they learn why no
    # invitation arrived; the practice that invited them is told nothing (see invite_person).
    # Their account (elsewhere) is not looked at, so its language is not known: the practice's.
    with translation.override(recipient_language(None, reading=practice.language or None)):
        send_mail(
            subject=_("%(practice)s tried to invite you to Tandem") % {"practice": practice.name},
            message=_(
                "Hello,\n\n%(practice)s tried to invite this email address to Tandem, but it is "
                "already used for a Tandem account on this server, and one address can only "
                "belong to one account.\n\n"
                "If you would like to join %(practice)s too, please give them a different email "
                "address of yours. If you did not expect this, you can ignore this email; "
                "nothing about your account has changed.\n"
            )
            % {"practice": practice.name},
            from_email=None,
            recipient_list=[email],
        )


@task(takes_context=True)
def send_invitation_email(context: TaskContext, invitation_id: int, link: str) -> str:
    key = f"invitation:{invitation_id}"
    invitation = (
        Invitation.objects.select_related("user", "practice").filter(pk=invitation_id).first()
    )
    if invitation is None or not invitation.is_usable:
        outcome = "not usable"
    elif already_sent(key):
        outcome = "already sent"
    else:
        assert invitation.user is not None  # a usable invitation has its person
        mail_invitation(invitation.user, invitation.practice, link)
        mark_sent(key)
        outcome = "sent"
    # The link carries the one-time token that the database otherwise keeps only as a hash:
    # once the email is out, it does not stay behind in the queue table.
    forget_arguments(context, {"invitation_id": None, "link": "(sent)"})
    logger.info("invitation email %s", outcome, extra={"invitation": invitation_id})
    return outcome


@task(takes_context=True)
def send_address_in_use_email(context: TaskContext, email: str, practice_id: int) -> str:
    """Tell an address's owner that an invitation to it could not be used (it has an account
    elsewhere). The practice that invited is not told; the address leaves the queue once sent."""
    key = f"address-in-use:{context.task_result.id}"
    practice = Practice.objects.filter(pk=practice_id).first()
    if practice is None or not email:
        outcome = "nothing to send"
    elif already_sent(key):
        outcome = "already sent"
    else:
        mail_address_in_use(email, practice)
        mark_sent(key)
        outcome = "sent"
    forget_arguments(context, {"email": "(sent)", "practice_id": practice_id})
    logger.info("address-in-use email %s", outcome)
    return outcome


def announce_invitation(request: HttpRequest, sent: SentInvitation) -> None:
    """Tell the inviter, on the page, that the invitation's email is on its way (or, with no
    mail server, show them the link to pass on)."""
    who = sent.email
    if emails_are_printed():
        # No mail server on this machine (the demo): the email is printed to the server's console,
        # and the link is shown so it can be passed on. The same words for every address.
        messages.info(
            request,
            _(
                "Invitation for %(email)s created. Email is printed to the console on this server "
                "(no mail server is set up), so pass on this one-time link yourself: %(link)s"
            )
            % {"email": who, "link": sent.link},
            extra_tags="invitation-link",
        )
    else:
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": who})
