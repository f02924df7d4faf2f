"""Side effects for practices and people: each function is one transaction and is audited."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

from django.conf import settings
from django.db import transaction
from django.db.models import Model
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext

from tandem.accounts.mail import SentInvitation, send_address_in_use_email, send_invitation_email
from tandem.accounts.models import Invitation, Practice, Supervision, User
from tandem.audit.chain import record
from tandem.errors import ActionError
from tandem.tasks.queue import after_commit
from tandem.web.words import kept_together

Settings = TypeVar("Settings", bound=Model)

ROLE_FLAGS = {
    "admin": "is_practice_admin",
    "therapist": "is_therapist",
    "supervisor": "is_supervisor",
    "client": "is_client",
}


def site_url(request: HttpRequest | None = None) -> str:
    """Where Tandem is served, for absolute links: TANDEM_SITE_URL if set, else the request's own
    address (its host already checked against ALLOWED_HOSTS by Django), else the default."""
    if settings.TANDEM_SITE_URL:
        return str(settings.TANDEM_SITE_URL)
    if request is not None and hasattr(request, "build_absolute_uri"):
        return str(request.build_absolute_uri("/")).rstrip("/")
    return str(settings.TANDEM_BASE_URL)


def invitation_link(token: str, request: HttpRequest | None = None) -> str:
    return site_url(request) + reverse("accept_invitation", args=[token])


@transaction.atomic
def create_practice(name: str, admin_email: str, admin_name: str = "") -> SentInvitation:
    name = name.strip()
    if not name:
        raise ActionError("The practice needs a name.")
    email = normal_email(admin_email)
    if User.objects.filter(email=email).exists():
        # Only the operator runs this (the command line), so a plain answer reveals nothing.
        raise ActionError("This email address already has a Tandem account; use another one.")
    base = slugify(name)[:70] or "practice"
    slug, n = base, 1
    while Practice.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    practice = Practice.objects.create(name=name, slug=slug)
    from tandem.measures.actions import install_default_schedule

    install_default_schedule(practice)
    record(actor=None, action="practice.create", obj=practice, practice_id=practice.pk)
    return invite_person(None, practice, email, "admin", full_name=admin_name)


def normal_email(email: str) -> str:
    """The address as Tandem keeps it (trimmed, lower case), or an error in words."""
    email = User.objects.normalize_email((email or "").strip()).lower()
    if not email or "@" not in email:
        raise ActionError(gettext("Please give a valid email address."))
    return email


def _blank_invitation(
    actor: User | None,
    practice: Practice,
    email: str,
    role: str,
    full_name: str,
    request: HttpRequest | None,
) -> SentInvitation:
    """An invitation that looks sent but can never be used (the address cannot join here).

    The inviter sees what they see for any new address; the address's owner gets a short note.
    A client invitation keeps no row (the client page shows the same either way); a staff one
    keeps a row without a person, so the people page lists it like any other invitation.
    """
    token, token_hash = Invitation.new_token()
    invitation = None
    if role != "client":
        _revoke_open(practice, email)
        invitation = Invitation.objects.create(
            practice=practice,
            user=None,
            email=email,
            full_name=full_name.strip(),
            role=role,
            token_hash=token_hash,
            invited_by=actor,
            expires_at=Invitation.default_expiry(),
        )
    after_commit(send_address_in_use_email, email, practice.pk)
    record(
        actor=actor,
        action="invitation.create",
        obj=invitation,
        practice_id=practice.pk,
        request=request,
        detail={"role": role},
    )
    return SentInvitation(invitation, invitation_link(token, request), email)


def _revoke_open(practice: Practice, email: str, user: User | None = None) -> None:
    from django.db.models import Q

    match = Q(practice=practice, email=email) | (Q(user=user) if user is not None else Q(pk=None))
    Invitation.objects.filter(match, accepted_at=None, revoked_at=None).update(
        revoked_at=timezone.now()
    )


def can_join_as_client(user: User, practice: Practice) -> bool:
    """Whether an existing account may be linked to a client record of ``practice``."""
    return user.practice_id == practice.pk and user.is_client and not user.is_staff_member


@transaction.atomic
def invite_person(
    actor: User | None,
    practice: Practice,
    email: str,
    role: str,
    *,
    full_name: str = "",
    request: HttpRequest | None = None,
    blank: bool = False,
) -> SentInvitation:
    """Invite an address to ``practice`` in ``role``.

    - No account yet: the account is made (inactive) and the link lets its owner choose a password.
    - An account in this practice that never chose a password: a new link to choose one.
    - An account in this practice with a password: the link only offers the role; its holder
      accepts it signed in, with their password (``accept_role``). Nothing about the account
      changes until then, and its password never does.
    - An account elsewhere (or ``blank``, decided by the caller): a blank invitation, which
      looks the same to the inviter and cannot be used (``_blank_invitation``).
    """
    if role not in ROLE_FLAGS:
        raise ActionError(gettext("Unknown role “%(role)s”.") % {"role": role})
    email = normal_email(email)
    user = User.objects.filter(email=email).first()
    if blank or (user is not None and user.practice_id != practice.pk):
        if actor is None:
            raise ActionError(gettext("This email address cannot be invited to this practice."))
        return _blank_invitation(actor, practice, email, role, full_name, request)
    if user is None:
        user = User.objects.create_user(email, None, practice=practice, full_name=full_name.strip())
        user.is_active = False
    if role == "client" and user.is_staff_member:
        raise ActionError(gettext("A member of staff cannot also be invited as a client."))
    if role != "client" and user.is_client:
        raise ActionError(gettext("A client cannot also be invited as staff."))
    offers_role = user.has_usable_password()
    if offers_role:
        if getattr(user, ROLE_FLAGS[role]):
            raise ActionError(
                gettext("%(name)s already has this role.") % {"name": kept_together(user.name)}
            )
    else:
        # Nobody holds this account yet: the role is theirs from the start.
        setattr(user, ROLE_FLAGS[role], True)
        if full_name and not user.full_name:
            user.full_name = full_name.strip()
        user.save()
    _revoke_open(practice, email, user)
    token, token_hash = Invitation.new_token()
    invitation = Invitation.objects.create(
        practice=practice,
        user=user,
        email=email,
        full_name=full_name.strip() or user.full_name,
        role=role,
        token_hash=token_hash,
        invited_by=actor,
        expires_at=Invitation.default_expiry(),
    )
    link = invitation_link(token, request)
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
    return SentInvitation(invitation, link, email)


@transaction.atomic
def resend_invitation(
    actor: User, invitation: Invitation, request: HttpRequest | None = None
) -> SentInvitation:
    """A fresh link for an open staff invitation (the old link stops working)."""
    if invitation.practice_id != actor.practice_id or not invitation.is_open:
        raise ActionError(gettext("This invitation was accepted or withdrawn already."))
    user = invitation.user
    email = user.email if user is not None else invitation.email
    return invite_person(
        actor,
        invitation.practice,
        email,
        invitation.role,
        full_name=invitation.full_name,
        request=request,
        blank=user is None,
    )


@transaction.atomic
def withdraw_invitation(
    actor: User, invitation: Invitation, request: HttpRequest | None = None
) -> None:
    """The link stops working; an account that never chose a password stays unusable."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.practice_id != actor.practice_id or not invitation.is_open:
        raise ActionError(gettext("This invitation was accepted or withdrawn already."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    record(
        actor=actor,
        action="invitation.withdraw",
        obj=invitation,
        practice_id=invitation.practice_id,
        request=request,
        detail={"role": invitation.role},
    )


def _usable_for_update(invitation: Invitation) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable:
        raise ActionError(gettext("This invitation link has already been used or has expired."))
    return invitation


@transaction.atomic
def accept_invitation(
    invitation: Invitation,
    password: str,
    request: HttpRequest | None = None,
    language: str = "",
) -> User:
    """A new account's owner chooses their password (and the language Tandem speaks to them in,
    "" for none). Never for an account that has one."""
    invitation = _usable_for_update(invitation)
    assert invitation.user_id is not None  # a usable invitation has its person
    user = User.objects.select_for_update().get(pk=invitation.user_id)
    if user.has_usable_password():
        # An account with a password is only ever offered a role (accept_role).
        raise ActionError(
            gettext("This account has a password already: sign in to accept the invitation.")
        )
    user.set_password(password)
    user.is_active = True
    user.language = _offered(language, blank=True)
    user.save()
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    record(actor=user, action="invitation.accept", obj=invitation, request=request)
    _give_earlier_answers(user, request)
    return user


def _give_earlier_answers(user: User, request: HttpRequest | None) -> None:
    """A client taking up their login: the answers entered for them before (on paper, by phone,
    in the room, imported) become theirs, in the acceptance's own transaction (issue 19)."""
    from tandem.measures.respondent import give_to_login

    give_to_login(user, request)


@transaction.atomic
def accept_role(
    invitation: Invitation, user: User, password: str, request: HttpRequest | None = None
) -> str:
    """The signed-in holder of an account takes on the role they were invited to (audited)."""
    invitation = _usable_for_update(invitation)
    if invitation.user_id != user.pk:
        raise ActionError(gettext("This invitation is for another account."))
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.check_password(password):
        record(actor=user, action="role.accept", obj=invitation, request=request, outcome="denied")
        raise ActionError(gettext("That is not your password, so the role was not added."))
    role = invitation.role
    if role == "client" and user.is_staff_member:
        raise ActionError(gettext("A member of staff cannot also be a client."))
    if role != "client" and user.is_client:
        raise ActionError(gettext("A client cannot also be staff."))
    setattr(user, ROLE_FLAGS[role], True)
    user.save(update_fields=[ROLE_FLAGS[role]])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    if role == "client":
        _give_earlier_answers(user, request)
    record(
        actor=user,
        action="role.add",
        obj=user,
        practice_id=invitation.practice_id,
        request=request,
        detail={
            "role": role,
            "invitation": invitation.pk,
            "invited_by": invitation.invited_by_id,
        },
    )
    return role


@transaction.atomic
def set_supervision(actor: User, supervisor: User, therapist: User, active: bool) -> None:
    practice_id = actor.practice_id
    if supervisor.practice_id != practice_id or therapist.practice_id != practice_id:
        raise ActionError(gettext("Both people must be in your practice."))
    if not supervisor.is_supervisor or not therapist.is_therapist:
        raise ActionError(gettext("Choose a supervisor and a therapist."))
    assert practice_id is not None  # role_required admits only people of a practice
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
def password_changed(
    user: User, how: str, request: HttpRequest | None = None, keep: str | None = None
) -> None:
    """After a password change or reset: revoke the person's API tokens, end their other signed-in
    sessions (all of them after a reset), and audit it. A token is a password's equal for the
    API, so whoever changes a password because it leaked must not be left with a working token."""
    from django.apps import apps

    tokens = apps.get_model("api", "AccessToken")  # looked up by name: api builds on accounts
    revoked = tokens.objects.filter(user=user, revoked_at=None).update(revoked_at=timezone.now())
    ended = end_sessions(user, keep=keep)
    record(
        actor=user,
        action=f"password.{how}",
        obj=user,
        practice_id=user.practice_id,
        request=request,
        detail={"tokens_revoked": revoked, "sessions_ended": ended},
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


def save_practice_settings(
    model: type[Settings],
    fields: Sequence[str],
    actor: User,
    data: Mapping[str, object],
    action: str,
    request: HttpRequest | None = None,
    shown: Callable[[object], object] = lambda value: value,
) -> Settings:
    """Save one of the practice's settings rows (one row per practice, made on first save) from a
    validated form's ``data``, and audit it with the new values (``shown`` makes a value fit for
    the audit record's JSON, e.g. ``str`` for a time of day). The caller is a transaction."""
    assert actor.practice_id is not None  # role_required admits only people of a practice
    row, _ = model._default_manager.get_or_create(practice_id=actor.practice_id)
    # Every settings row has an updated_at beside its fields.
    for name, value in [*((name, data[name]) for name in fields), ("updated_at", timezone.now())]:
        setattr(row, name, value)
    row.save()
    record(
        actor=actor,
        action=action,
        obj=row,
        request=request,
        detail={name: shown(data[name]) for name in fields},
    )
    return row


def _offered(language: str, *, blank: bool) -> str:
    codes = [code for code, _ in settings.LANGUAGES]
    if (blank and language == "") or language in codes:
        return language
    raise ActionError(
        gettext("Choose one of the languages offered: %(languages)s.")
        % {"languages": ", ".join(str(name) for _, name in settings.LANGUAGES)}
    )


@transaction.atomic
def set_language(user: User, language: str, request: HttpRequest | None = None) -> None:
    """The language ``user`` reads Tandem in and gets their emails in; "" for none chosen (their
    browser's, else their practice's: tandem.accounts.language). Audited."""
    language = _offered(language, blank=True)
    User.objects.filter(pk=user.pk).update(language=language)
    user.language = language
    record(
        actor=user,
        action="account.language",
        obj=user,
        request=request,
        detail={"language": language},
    )


@transaction.atomic
def set_practice_language(actor: User, language: str, request: HttpRequest | None = None) -> None:
    """The language of the practice's people who chose none and whose browser asks for none
    Tandem has, and of their emails. Audited."""
    assert actor.practice_id is not None  # role_required admits only people of a practice
    language = _offered(language, blank=False)
    Practice.objects.filter(pk=actor.practice_id).update(language=language)
    if actor.practice is not None:
        actor.practice.language = language
    record(
        actor=actor,
        action="practice.language",
        obj=actor.practice,
        request=request,
        detail={"language": language},
    )
