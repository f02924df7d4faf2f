"""Side effects for practices and people: each function is one transaction and is audited."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from tandem.accounts.models import Invitation, Practice, Supervision, User
from tandem.audit.chain import record


class ActionError(Exception):
    """A request that cannot be carried out, with a message for the person who asked."""


ROLE_FLAGS = {
    "admin": "is_practice_admin",
    "therapist": "is_therapist",
    "supervisor": "is_supervisor",
    "client": "is_client",
}


@dataclass(frozen=True)
class SentInvitation:
    invitation: Invitation
    link: str


def invitation_link(token: str) -> str:
    return settings.TANDEM_BASE_URL + reverse("accept_invitation", args=[token])


@transaction.atomic
def create_practice(name: str, admin_email: str, admin_name: str = "") -> SentInvitation:
    name = name.strip()
    if not name:
        raise ActionError("The practice needs a name.")
    base = slugify(name)[:70] or "practice"
    slug, n = base, 1
    while Practice.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    practice = Practice.objects.create(name=name, slug=slug)
    from tandem.measures.actions import install_default_schedule

    install_default_schedule(practice)
    record(actor=None, action="practice.create", obj=practice, practice_id=practice.pk)
    return invite_person(None, practice, admin_email, "admin", full_name=admin_name)


def _send_invitation_email(user: User, practice: Practice, link: str) -> None:
    # Plain and warm, with no clinical detail: only who invites and where to go.
    send_mail(
        subject=f"You are invited to {practice.name} on Tandem",
        message=(
            f"Hello{(' ' + user.full_name) if user.full_name else ''},\n\n"
            f"{practice.name} has invited you to Tandem. Open this link to choose your "
            f"password and sign in:\n\n{link}\n\n"
            f"The link works once and for {settings.TANDEM_INVITATION_DAYS} days.\n"
        ),
        from_email=None,
        recipient_list=[user.email],
    )


@transaction.atomic
def invite_person(
    actor: User | None,
    practice: Practice,
    email: str,
    role: str,
    *,
    full_name: str = "",
    request: Any = None,
) -> SentInvitation:
    """Create (or reuse) the person's account, inactive until they set a password, and invite them."""
    if role not in ROLE_FLAGS:
        raise ActionError(f"Unknown role “{role}”.")
    email = User.objects.normalize_email(email.strip()).lower()
    if not email or "@" not in email:
        raise ActionError("Please give a valid email address.")
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, None, practice=practice, full_name=full_name.strip())
        user.is_active = False
    elif user.practice_id != practice.pk:
        # Deliberately the same wording as any other refusal, so that an invitation form cannot be
        # used to discover who has an account elsewhere.
        raise ActionError("This email address cannot be invited to this practice.")
    if role == "client" and user.is_staff_member:
        raise ActionError("A member of staff cannot also be invited as a client.")
    if role != "client" and user.is_client:
        raise ActionError("A client cannot also be invited as staff.")
    setattr(user, ROLE_FLAGS[role], True)
    if full_name and not user.full_name:
        user.full_name = full_name.strip()
    user.save()
    Invitation.objects.filter(user=user, accepted_at=None, revoked_at=None).update(
        revoked_at=timezone.now()
    )
    token, token_hash = Invitation.new_token()
    invitation = Invitation.objects.create(
        practice=practice,
        user=user,
        role=role,
        token_hash=token_hash,
        invited_by=actor,
        expires_at=Invitation.default_expiry(),
    )
    link = invitation_link(token)
    from tandem.tasks.jobs import send_invitation_email
    from tandem.tasks.queue import after_commit

    # Sent by the worker, from a task queued in this transaction (see tandem.tasks.queue).
    after_commit(send_invitation_email, invitation.pk, link)
    record(
        actor=actor,
        action="invitation.create",
        obj=invitation,
        practice_id=practice.pk,
        request=request,
        detail={"role": role},
    )
    return SentInvitation(invitation, link)


@transaction.atomic
def accept_invitation(invitation: Invitation, password: str, request: Any = None) -> User:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable:
        raise ActionError("This invitation link has already been used or has expired.")
    user = invitation.user
    user.set_password(password)
    user.is_active = True
    user.save()
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    record(actor=user, action="invitation.accept", obj=invitation, request=request)
    return user


@transaction.atomic
def set_supervision(actor: User, supervisor: User, therapist: User, active: bool) -> None:
    practice_id = actor.practice_id
    if supervisor.practice_id != practice_id or therapist.practice_id != practice_id:
        raise ActionError("Both people must be in your practice.")
    if not supervisor.is_supervisor or not therapist.is_therapist:
        raise ActionError("Choose a supervisor and a therapist.")
    if active:
        Supervision.objects.get_or_create(
            practice_id=practice_id, supervisor=supervisor, therapist=therapist
        )
    else:
        Supervision.objects.filter(supervisor=supervisor, therapist=therapist).delete()
    record(
        actor=actor,
        action="supervision.set" if active else "supervision.remove",
        obj=therapist,
        detail={"supervisor": supervisor.pk},
    )


@transaction.atomic
def end_sessions(user: User, keys: list[str] | None = None, keep: str | None = None) -> int:
    """End some (``keys``) or all of a person's signed-in sessions, except ``keep``."""
    from django.contrib.sessions.models import Session

    from tandem.accounts.models import UserSession

    sessions = UserSession.objects.filter(user=user)
    if keys is not None:
        sessions = sessions.filter(session_key__in=keys)
    if keep:
        sessions = sessions.exclude(session_key=keep)
    ended = list(sessions.values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=ended).delete()
    sessions.delete()
    record(actor=user, action="sessions.end", detail={"count": len(ended)})
    return len(ended)
