"""What the demo plans before any rows exist: a course per episode, a person per client."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.utils import timezone

from tandem.care.models import Episode


@dataclass
class Course:
    """The plan for one episode, before any rows exist."""

    kind: str  # recover | improve | stall | deteriorate | dropout
    intake: int | None = None  # PHQ-9 at the first session; drawn when not given
    status: str = Episode.ACTIVE
    end_reason: str = ""
    contacts: int = 8
    planned: int = 12
    last_date: date | None = None
    ended_on: date | None = None
    rupture: bool = False
    riser: bool = False
    pause_request: bool = False
    practice_plan: bool | None = None  # None: about three in four courses have one
    client_pending: bool = False  # the client has not yet given feedback on the last session
    therapist_pending: bool = False
    attendance: list[str] = field(default_factory=list)


@dataclass
class Person:
    name: str
    email: str
    therapist: str
    courses: list[Course]
    share: bool = False
    language: str = ""  # the language they chose ("es"); none: their browser's


def ascii_name(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def clip(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))
