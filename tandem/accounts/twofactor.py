"""Two-factor sign-in for staff: a code from an authenticator app, or a single-use recovery code."""

from __future__ import annotations

import hashlib
import secrets
import time
from datetime import datetime, timedelta

import pyotp
import segno
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import Practice, TwoFactor, User
from tandem.audit.chain import record

RECOVERY_CODES = 10
# When a practice starts requiring two-factor sign-in, staff without it have this long to set it
# up. A week: long enough for everyone to be in at least once on their usual days (part-time
# staff included) and to get help installing an app, short enough that the requirement is real.
GRACE_DAYS = 7
STEP = 30  # seconds per code (RFC 6238 default, what authenticator apps use)


def _hash(code: str) -> str:
    return hashlib.sha256(code.replace("-", "").replace(" ", "").lower().encode()).hexdigest()


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_svg(user: User, secret: str) -> str:
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name="Tandem")
    return str(
        segno.make(uri, error="m").svg_inline(scale=5, title=_("Scan with your authenticator app"))
    )


def _accepted_step(secret: str, code: str, after_step: int) -> int | None:
    """The time step the code belongs to (now, or one step either side for clock drift)."""
    code = code.strip().replace(" ", "")
    if not code.isdigit() or len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    now_step = int(time.time()) // STEP
    for step in (now_step - 1, now_step, now_step + 1):
        if step > after_step and secrets.compare_digest(totp.at(step * STEP), code):
            return step
    return None


@transaction.atomic
def confirm_setup(user: User, secret: str, code: str) -> list[str] | None:
    """Turn two-factor on if ``code`` matches ``secret``; returns the recovery codes (shown once)."""
    step = _accepted_step(secret, code, 0)
    if step is None:
        return None
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODES)]
    TwoFactor.objects.update_or_create(
        user=user,
        defaults={
            "secret": secret,
            "confirmed_at": timezone.now(),
            "last_step": step,
            "recovery_hashes": [_hash(c) for c in codes],
        },
    )
    record(actor=user, action="two_factor.on")
    return codes


def _limit() -> int:
    # Wrong codes are limited like wrong passwords (TANDEM_LOGIN_FAILURE_LIMIT), per account.
    return int(settings.AXES_FAILURE_LIMIT)


def lock_ends(user: User) -> datetime | None:
    """When the second factor of a locked account opens again (None: not locked)."""
    ends = (
        TwoFactor.objects.filter(user=user, locked_until__gt=timezone.now())
        .values_list("locked_until", flat=True)
        .first()
    )
    return ends


def verify(user: User, code: str, request: HttpRequest | None = None) -> bool:
    """Check a code: a fresh authenticator code or an unused recovery code.

    At most ``_limit()`` wrong codes in a row, then no code is accepted, right or wrong, for
    TANDEM_LOGIN_COOLOFF_MINUTES. The count is kept on the account (signing in again does not
    reset it) and each attempt is charged *before* the code is checked, by one conditional
    UPDATE: parallel requests cannot all read the same count and slip past it, on SQLite or
    PostgreSQL, because none reads it first.
    """
    now = timezone.now()
    mine = TwoFactor.objects.filter(user=user, confirmed_at__isnull=False)
    with transaction.atomic():
        # A lock that has run out starts a fresh count.
        mine.filter(locked_until__lte=now).update(failed_attempts=0, locked_until=None)
        charged = mine.filter(locked_until__isnull=True, failed_attempts__lt=_limit()).update(
            failed_attempts=F("failed_attempts") + 1
        )
    if not charged:
        return False
    with transaction.atomic():
        factor = mine.select_for_update().first()
        if factor is None:
            return False
        if _check(user, factor, code, request):
            mine.update(failed_attempts=0, locked_until=None)
            return True
        locked = mine.filter(failed_attempts__gte=_limit(), locked_until__isnull=True).update(
            locked_until=now + settings.AXES_COOLOFF_TIME
        )
        if locked:
            record(actor=user, action="two_factor.locked", request=request, outcome="denied")
    return False


def _check(user: User, factor: TwoFactor, code: str, request: HttpRequest | None) -> bool:
    step = _accepted_step(factor.secret, code, factor.last_step)
    if step is not None:
        factor.last_step = step
        factor.save(update_fields=["last_step"])
        return True
    hashed = _hash(code)
    if hashed in factor.recovery_hashes:
        factor.recovery_hashes = [h for h in factor.recovery_hashes if h != hashed]
        factor.save(update_fields=["recovery_hashes"])
        record(
            actor=user,
            action="two_factor.recovery_code_used",
            request=request,
            detail={"left": len(factor.recovery_hashes)},
        )
        return True
    return False


@transaction.atomic
def turn_off(user: User, request: HttpRequest | None = None) -> None:
    TwoFactor.objects.filter(user=user).delete()
    record(actor=user, action="two_factor.off", request=request)


def is_on(user: User | AnonymousUser) -> bool:
    return bool(
        user.is_authenticated
        and TwoFactor.objects.filter(user=user, confirmed_at__isnull=False).exists()
    )


def required_for(user: User | AnonymousUser) -> bool:
    return bool(
        user.is_authenticated
        and user.is_staff_member
        and user.practice
        and user.practice.require_two_factor
    )


def grace_ends(user: User | AnonymousUser) -> datetime | None:
    """Until when ``user`` may still work without two-factor where it is required (or None)."""
    practice = getattr(user, "practice", None)
    ends = getattr(practice, "two_factor_grace_until", None)
    return ends if ends is not None and ends > timezone.now() else None


def staff_without(practice: Practice) -> list[User]:
    """Active staff of ``practice`` who have not set up two-factor sign-in."""
    with_it = TwoFactor.objects.filter(confirmed_at__isnull=False).values("user_id")
    return list(
        User.objects.filter(practice=practice, is_active=True)
        .exclude(is_practice_admin=False, is_therapist=False, is_supervisor=False)
        .exclude(pk__in=with_it)
    )


@transaction.atomic
def set_required(actor: User, require: bool, request: HttpRequest | None = None) -> datetime | None:
    """Require (or stop requiring) two-factor sign-in for the actor's practice; audited.

    Requiring it starts a grace period of GRACE_DAYS for staff who have not set it up; returns
    its end.
    """
    practice = Practice.objects.select_for_update().get(pk=actor.practice_id)
    practice.require_two_factor = require
    practice.two_factor_grace_until = (
        timezone.now() + timedelta(days=GRACE_DAYS) if require else None
    )
    practice.save(update_fields=["require_two_factor", "two_factor_grace_until"])
    record(
        actor=actor,
        action="practice.two_factor",
        practice_id=practice.pk,
        request=request,
        detail={"require": require, "grace_days": GRACE_DAYS if require else 0},
    )
    return practice.two_factor_grace_until
