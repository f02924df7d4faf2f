"""The parsed transcript: who said what, in order."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Role = Literal["therapist", "client"]
ROLES: tuple[Role, ...] = ("therapist", "client")


@dataclass(frozen=True)
class Utterance:
    """One turn. ``id`` is the source's own id (AnnoMI ``utterance_id``) or its 0-based position."""

    id: str
    speaker: Role
    text: str
    line: int = 0
    name: str | None = None
    start: str | None = None


@dataclass(frozen=True)
class Transcript:
    """One session. ``id`` is AnnoMI's ``transcript_id`` when given, else ``"1"``, ``"2"`` …"""

    id: str
    utterances: tuple[Utterance, ...]
    meta: dict[str, str] = field(default_factory=dict)

    def speakers(self) -> set[Role]:
        return {u.speaker for u in self.utterances}
