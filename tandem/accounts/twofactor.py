"""Two-factor sign-in for staff: a code from an authenticator app, or a single-use recovery code."""

from __future__ import annotations

import hashlib
import secrets
import time
from typing import Any

import pyotp
import segno
from django.db import transaction
from django.utils import timezone

from tandem.accounts.models import TwoFactor, User
from tandem.audit.chain import record

RECOVERY_CODES = 10
STEP = 30  # seconds per code (RFC 6238 default, what authenticator apps use)


def _hash(code: str) -> str:
    return hashlib.sha256(code.replace("-", "").replace(" ", "").lower().encode()).hexdigest()


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_svg(user: User, secret: str) -> str:
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name="Tandem")
    return str(
        segno.make(uri, error="m").svg_inline(scale=5, title="Scan with your authenticator app")
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


@transaction.atomic
def verify(user: User, code: str, request: Any = None) -> bool:
    """Check a code at sign-in: a fresh authenticator code or an unused recovery code."""
    factor = (
        TwoFactor.objects.select_for_update().filter(user=user, confirmed_at__isnull=False).first()
    )
    if factor is None:
        return False
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
def turn_off(user: User, request: Any = None) -> None:
    TwoFactor.objects.filter(user=user).delete()
    record(actor=user, action="two_factor.off", request=request)


def is_on(user: Any) -> bool:
    return bool(
        user.is_authenticated
        and TwoFactor.objects.filter(user=user, confirmed_at__isnull=False).exists()
    )


def required_for(user: Any) -> bool:
    return bool(
        user.is_authenticated
        and user.is_staff_member
        and user.practice
        and user.practice.require_two_factor
    )
