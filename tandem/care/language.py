"""The language a client reads Tandem in: the one they chose, else their practice's default, else
Tandem's (settings.LANGUAGE_CODE). Pages a client sees on someone else's device (the room) and
what is sent to them (the check-in email) use it."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from tandem.care.models import Client


def _supported(code: object) -> str | None:
    if not isinstance(code, str) or not code:
        return None
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return None


def client_language(client: Client) -> str:
    user = getattr(client, "user", None)
    for choice in (
        getattr(client, "language", None),
        getattr(user, "language", None),
        getattr(client.practice, "language", None),
    ):
        found = _supported(choice)
        if found:
            return found
    return str(settings.LANGUAGE_CODE)
