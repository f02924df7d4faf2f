"""Practices and the people in them.

A person belongs to one practice. Roles are flags because one person can hold several (a practice
lead who also sees clients is both admin and therapist). A client is a person with a client record
(``tandem.care.Client``); the flag is kept here too so the permission policy can tell cheaply.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Practice(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    require_two_factor = models.BooleanField(
        default=False, help_text="Staff must use a one-time code from an app to sign in."
    )
    # When two-factor sign-in became required, staff without it have until then to set it up
    # (tandem.accounts.twofactor.GRACE_DAYS); risk alerts stay reachable in the meantime.
    two_factor_grace_until = models.DateTimeField(null=True, blank=True)
    # The language of the practice's people who have chosen none and whose browser asks for
    # none Tandem has, and of their emails; empty: English (tandem.accounts.language). A code
    # from settings.LANGUAGES, checked by the action that sets it (no choices here, so adding a
    # language needs no migration).
    language = models.CharField(max_length=16, blank=True, default="", db_default="")

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200, blank=True)
    practice = models.ForeignKey(
        Practice, null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    is_practice_admin = models.BooleanField(default=False)
    is_therapist = models.BooleanField(default=False)
    is_supervisor = models.BooleanField(default=False)
    is_client = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="Can use the Django admin site.")
    date_joined = models.DateTimeField(default=timezone.now)
    # The language the person chose to read Tandem in; empty: none chosen (their browser's, else
    # their practice's: tandem.accounts.language).
    language = models.CharField(max_length=16, blank=True, default="", db_default="")

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def name(self) -> str:
        return self.full_name or self.email

    @property
    def is_staff_member(self) -> bool:
        """Works in the practice (as opposed to being one of its clients)."""
        return self.is_practice_admin or self.is_therapist or self.is_supervisor

    def role_names(self) -> list[str]:
        roles = []
        if self.is_practice_admin:
            roles.append("admin")
        if self.is_therapist:
            roles.append("therapist")
        if self.is_supervisor:
            roles.append("supervisor")
        if self.is_client:
            roles.append("client")
        return roles


class Supervision(models.Model):
    """A supervisor follows a therapist's work (clients only where each client consented)."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE)
    supervisor = models.ForeignKey(User, on_delete=models.CASCADE, related_name="supervisees")
    therapist = models.ForeignKey(User, on_delete=models.CASCADE, related_name="supervisors")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["supervisor", "therapist"], name="one_supervision_link")
        ]

    def __str__(self) -> str:
        return f"{self.supervisor} supervises {self.therapist}"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(models.Model):
    """A one-time link. Only the token's hash is stored.

    For an address without an account it creates the account (the person chooses a password). For
    a person who already has an account in the practice it can only offer a role, which they accept
    while signed in (it never touches their password). For an address whose account is elsewhere
    it is a blank (``user`` is empty): it looks the same to the inviter but can never be used, so
    that inviting an address does not reveal whether it has an account with another practice.
    """

    ROLE_CHOICES = [
        ("admin", _("Practice admin")),
        ("therapist", _("Therapist")),
        ("supervisor", _("Supervisor")),
        ("client", _("Client")),
    ]

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="invitations"
    )
    # The address and name as the inviter typed them (staff invitations; shown on the people page).
    email = models.EmailField(blank=True)
    full_name = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=20, choices=ROLE_CHOICES)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation for {self.user} as {self.role}"

    @classmethod
    def new_token(cls) -> tuple[str, str]:
        token = secrets.token_urlsafe(32)
        return token, hash_token(token)

    @classmethod
    def default_expiry(cls) -> Any:
        return timezone.now() + timedelta(days=settings.TANDEM_INVITATION_DAYS)

    @property
    def is_open(self) -> bool:
        """Not yet accepted, withdrawn or replaced (it may have expired)."""
        return self.accepted_at is None and self.revoked_at is None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return (
            self.user_id is not None
            and self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )


class UserSession(models.Model):
    """A signed-in browser, so that a person can see where they are signed in and end it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="signed_in_sessions")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_seen = models.DateTimeField(default=timezone.now)
    ip = models.CharField(max_length=64, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-last_seen"]

    def __str__(self) -> str:
        return f"{self.user} signed in since {self.created_at:%d %b %Y %H:%M}"


class TwoFactor(models.Model):
    """Time-based one-time passwords (RFC 6238) and single-use recovery codes for one person."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="two_factor")
    secret = models.CharField(max_length=64)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # sha256 of each unused recovery code; a used code is removed.
    recovery_hashes = models.JSONField(default=list)
    # The last 30-second time step accepted, so a code cannot be replayed.
    last_step = models.BigIntegerField(default=0)
    # Wrong codes in a row, counted in the database with one UPDATE (never read-then-write), and
    # the time until which no code is accepted after too many (tandem.accounts.twofactor).
    failed_attempts = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Two-factor sign-in for {self.user}"

    @property
    def is_on(self) -> bool:
        return self.confirmed_at is not None


# A role in a sentence ("You are now also a therapist in …").
ROLE_WORDS = {
    "admin": pgettext_lazy("a role", "practice admin"),
    "therapist": pgettext_lazy("a role", "therapist"),
    "supervisor": pgettext_lazy("a role", "supervisor"),
    "client": pgettext_lazy("a role", "client"),
}
