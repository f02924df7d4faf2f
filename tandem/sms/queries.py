"""Reading a client's texts for another app (the API): how reminders reach them and what became
of each text. Never the number, and texts keep no words. Who may ask is the policy's."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from tandem.care.models import Client
from tandem.sms.actions import reminder_channels, texts_offered
from tandem.sms.models import TextMessage, TextNumber

# A run of digits that could be a phone number (a gateway may echo the number in its error):
# seven or more digits, with the spaces, dashes, dots and brackets people write between them.
_NUMBER_LIKE = re.compile(r"\+?\d[\d\s().-]{5,}\d")


@dataclass(frozen=True)
class TextStatus:
    offered: bool  # the server sends texts and the practice allows them
    number_given: bool
    verified_at: datetime | None
    stopped_at: datetime | None
    reminders_by: str  # what the client chose: email, text or both
    reminders_reach_by: tuple[str, ...]  # how a reminder goes now (email while it cannot text)


def text_status(client: Client) -> TextStatus:
    number = (
        TextNumber.objects.filter(client=client)
        .only("verified_at", "stopped_at", "reminders_by")
        .first()
    )
    return TextStatus(
        offered=texts_offered(client),
        number_given=number is not None,
        verified_at=number.verified_at if number else None,
        stopped_at=number.stopped_at if number else None,
        reminders_by=number.reminders_by if number else TextNumber.EMAIL,
        reminders_reach_by=reminder_channels(client),
    )


def texts_of(client: Client) -> QuerySet[TextMessage]:
    """The client's texts, newest first, without the number each went to."""
    return (
        TextMessage.objects.filter(client=client)
        .defer("to", "gateway_id")
        .order_by("-created_at", "-id")
    )


def reason_shown(reason: str) -> str:
    """Why a text failed or was not sent, with anything that looks like a phone number taken out."""
    return _NUMBER_LIKE.sub("(a number)", reason)
