"""Who is calling: a personal access token (``Authorization: Bearer …``) or the browser session.

Session authentication is ninja's ``django_auth``, which checks the CSRF token on writes, so the
app's own pages can call the API and a forged cross-site form cannot.
"""

from __future__ import annotations

from datetime import timedelta
from functools import cache
from typing import Any

from django.db import connection
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, django_auth

from tandem.accounts.models import User
from tandem.api.errors import ApiError
from tandem.api.models import AccessToken, hash_token
from tandem.db.rows import Table, fixed_cursor

# Writing last_used_at on every request would turn every read into a write; a minute is precise
# enough to tell a person whether a token is still in use.
_LAST_USED_PRECISION = timedelta(minutes=1)


@cache
def _lookup() -> tuple[Table[AccessToken], Table[User], str, str]:
    """Fixed SQL for the token and its user: one statement, composed once per process.

    On PostgreSQL the same statement also notes the token's use when the last note is older than
    ``_LAST_USED_PRECISION``. A client sends a questionnaire once a week or so, so nearly every
    submission is a token's first use in a minute; noting it separately would cost a transaction
    and a disk flush of its own. A "last used" time lost in a database crash is harmless, so that
    one statement commits without waiting for the disk (``synchronous_commit`` off for its own
    transaction only); every clinical write still waits for the disk. The UPDATE in the WITH
    clause runs whether or not the SELECT reads it, and the SELECT sees the row as it was.
    """
    tokens, users = Table(AccessToken, "t"), Table(User, "u")
    select = (
        f"SELECT {tokens.columns}, {users.columns} FROM {tokens.table} t "
        f"JOIN {users.table} u ON u.id = t.user_id "
        "WHERE t.token_hash = %s AND t.revoked_at IS NULL"
    )
    touch_and_select = (
        f"WITH touched AS (UPDATE {tokens.table} SET last_used_at = %s "
        "WHERE token_hash = %s AND revoked_at IS NULL "
        "AND (last_used_at IS NULL OR last_used_at < %s) "
        f"AND user_id IN (SELECT id FROM {users.table} WHERE is_active) "
        "RETURNING set_config('synchronous_commit', 'off', true)) " + select
    )
    return tokens, users, select, touch_and_select


def _find(token_hash: str) -> AccessToken | None:
    """The live token with this hash and its user (loaded with it), its use noted."""
    tokens, users, select, touch_and_select = _lookup()
    now = timezone.now()
    # One statement that also notes the use: PostgreSQL, outside any transaction (a test's
    # transaction must not have its commit made asynchronous).
    combined = connection.vendor == "postgresql" and not connection.in_atomic_block
    with fixed_cursor() as cursor:
        if combined:
            cursor.execute(
                touch_and_select, [now, token_hash, now - _LAST_USED_PRECISION, token_hash]
            )
        else:
            cursor.execute(select, [token_hash])
        row = cursor.fetchone()
    if row is None:
        return None
    found = tokens.load(row)
    found.user = users.load(row, len(tokens))
    if not found.user.is_active:
        return None
    if found.last_used_at is None or now - found.last_used_at > _LAST_USED_PRECISION:
        if not combined:
            AccessToken.objects.filter(pk=found.pk).update(last_used_at=now)
        found.last_used_at = now
    return found


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if not token or len(token) > 200:
            return None
        found = _find(hash_token(token))
        if found is None:
            return None
        _second_factor_if_required(found.user)
        request.api_token = found  # type: ignore[attr-defined]
        request.user = found.user
        return found.user


def _second_factor_if_required(user: User) -> None:
    """Where the practice requires two-factor sign-in and the grace period is over, a member of
    staff without it is refused here as on every page: a token made with the password alone
    (before the requirement, or by someone who had the password) must not outlast it."""
    from tandem.accounts import twofactor

    if not user.is_staff_member:  # clients are not asked; and no query on their busy path
        return
    required = twofactor.required_for(user) and not twofactor.grace_ends(user)
    if required and not twofactor.is_on(user):
        raise ApiError(
            403,
            "Your practice requires two-factor sign-in: set it up in Tandem (Account, then "
            "Two-factor sign-in) and this token works again.",
        )


AUTH = [TokenAuth(), django_auth]


def require_write(request: HttpRequest) -> None:
    token = getattr(request, "api_token", None)
    if token is not None and token.read_only:
        raise ApiError(
            403,
            "This token can only read. Create a token without “read only” to make changes.",
        )
