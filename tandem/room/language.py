"""Which language a handed-over device speaks.

The device is the therapist's and signed in with their language, but while it is in the client's
hands its pages are the client's (tandem.care.language: their choice, else the practice's
default, else Tandem's). The locked screen's unlock form, which only the therapist uses, and what
the therapist reads once it is unlocked, are in the therapist's language again.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import translation

from tandem.care.language import client_language
from tandem.room.models import Handover

# Where the middleware keeps the language of the device's own account (its staff member's).
STAFF_LANGUAGE = "tandem_staff_language"


def handover_language(handover: Handover) -> str:
    return client_language(handover.client)


def staff_language(request: HttpRequest) -> str:
    """The staff member's language, as it was before the handover took over the request."""
    return getattr(request, STAFF_LANGUAGE, None) or translation.get_language()
