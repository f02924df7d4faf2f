"""Making and revoking personal access tokens: one transaction each, audited."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from tandem.accounts.models import User
from tandem.api.models import AccessToken, hash_token
from tandem.audit.chain import record


@transaction.atomic
def create_token(
    actor: User | None,
    user: User,
    name: str,
    read_only: bool = False,
    request: HttpRequest | None = None,
) -> tuple[AccessToken, str]:
    """Make a token for ``user``; the secret is returned once and only its hash is kept."""
    name = (name or "").strip()[:100] or "API token"
    secret = AccessToken.new_secret()
    token = AccessToken.objects.create(
        user=user,
        name=name,
        token_hash=hash_token(secret),
        prefix=secret[:10],
        read_only=read_only,
    )
    record(
        actor=actor,
        action="token.create",
        obj=token,
        practice_id=user.practice_id,
        request=request,
        # The token's holder by number; its name stays on the token (personal data stays out
        # of the audit trail where the object keeps it).
        detail={"user": user.pk, "read_only": read_only},
    )
    return token, secret


@transaction.atomic
def revoke_token(
    actor: User | None, token: AccessToken, request: HttpRequest | None = None
) -> None:
    if token.revoked_at is None:
        AccessToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
        record(
            actor=actor,
            action="token.revoke",
            obj=token,
            practice_id=token.user.practice_id,
            request=request,
        )
