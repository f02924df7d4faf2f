"""The language a client reads Tandem in away from their own browser: on a device handed to them
in the room, and in what is sent to them. Their choice (their login's), else their practice's,
else English: tandem.accounts.language.recipient_language, which a client without a login yet
reaches through their practice."""

from __future__ import annotations

from django.conf import settings

from tandem.accounts.language import recipient_language, supported
from tandem.care.models import Client


def client_language(client: Client) -> str:
    if client.user is not None:
        return recipient_language(client.user)
    return supported(client.practice.language) or str(settings.LANGUAGE_CODE)
