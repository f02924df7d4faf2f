"""Who is calling: a personal access token (``Authorization: Bearer …``) or the browser session.

Session authentication is ninja's ``django_auth``, which checks the CSRF token on writes, so the
app's own pages can call the API and a forged cross-site form cannot.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, django_auth

from tandem.api.errors import ApiError
from tandem.api.models import AccessToken, hash_token

# Writing last_used_at on every request would turn every read into a write; a minute is precise
# enough to tell a person whether a token is still in use.
_LAST_USED_PRECISION = timedelta(minutes=1)


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if not token or len(token) > 200:
            return None
        found = (
            AccessToken.objects.select_related("user")
            .filter(token_hash=hash_token(token), revoked_at__isnull=True)
            .first()
        )
        if found is None or not found.user.is_active:
            return None
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at > _LAST_USED_PRECISION:
            AccessToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.api_token = found  # type: ignore[attr-defined]
        request.user = found.user
        return found.user


AUTH = [TokenAuth(), django_auth]


def require_write(request: HttpRequest) -> None:
    token = getattr(request, "api_token", None)
    if token is not None and token.read_only:
        raise ApiError(
            403,
            "This token can only read. Create a token without “read only” to make changes.",
        )
