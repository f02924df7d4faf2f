"""Reading transcripts: plain text, WebVTT, SRT, CSV and the AnnoMI CSV, with auto-detection.

Every parser is all-or-nothing: it returns complete transcripts or raises
:class:`~.errors.TranscriptError` with the line and the reason. Speakers become roles by their
label (``T``/``Therapist``/``Counsellor`` …, ``C``/``Client``/``Patient`` …) or through
``speaker_map`` (a person's name to ``"therapist"`` or ``"client"``).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .errors import TranscriptError
from .transcript import Role, Transcript, Utterance

FORMATS: tuple[str, ...] = ("auto", "text", "vtt", "srt", "csv", "annomi")

THERAPIST_LABELS = frozenset(
    {"t", "th", "therapist", "counsellor", "counselor", "clinician", "interviewer",
     "practitioner", "provider", "psychologist", "psychotherapist", "doctor", "dr"}
)  # fmt: skip
CLIENT_LABELS = frozenset(
    {"c", "cl", "client", "patient", "pt", "participant", "interviewee", "service user"}
)

# "Name: text", optionally after a time stamp such as "[00:01:02]" or "00:01:02". A label is at
# most four words so that a sentence with a colon in it is not mistaken for a speaker.
LABELLED = re.compile(
    r"^\s*(?:\[?(?P<time>(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d+)?)\]?\s*[-–]?\s*)?"
    r"(?P<label>[^\W\d][\w.'’-]*(?:\s+[\w.'’-]+){0,3})\s*:\s?(?P<text>.*)$"
)
VOICE = re.compile(r"^\s*<v(?:\.[\w.-]+)?\s+(?P<label>[^>]+)>(?P<text>.*)$")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")
TIMING = re.compile(
    r"^\s*(?P<start>(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})\s*-->\s*(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3}"
)

SPEAKER_COLUMNS = ("speaker", "interlocutor", "role", "who", "name", "participant")
TEXT_COLUMNS = ("text", "utterance_text", "utterance", "content", "transcript", "line", "said")
SESSION_COLUMNS = ("transcript_id", "session_id", "session", "transcript")
ID_COLUMNS = ("utterance_id", "id", "turn")
ANNOMI_COLUMNS = ("transcript_id", "utterance_id", "interlocutor", "utterance_text")


def parse_transcript(
    text: str, format: str = "auto", speaker_map: dict[str, str] | None = None
) -> list[Transcript]:
    """Parse ``text`` into one or more transcripts (several only for CSV with a session column).

    >>> [t.id for t in parse_transcript("T: How are you?\\nC: Fine.")]
    ['1']
    """
    if format not in FORMATS:
        raise TranscriptError(0, f"unknown format {format!r}; use one of {', '.join(FORMATS)}")
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise TranscriptError(0, "the transcript is empty")
    _refuse_control_characters(text)
    roles = _Roles(speaker_map)
    chosen = detect_format(text) if format == "auto" else format
    if chosen == "text":
        return [_one(_parse_text(text, roles), "1")]
    if chosen in ("vtt", "srt"):
        return [_one(_parse_cues(text, roles, chosen), "1")]
    return _parse_csv(text, roles, annomi=chosen == "annomi")


# Control characters other than tab and newline never occur in a transcript: they mean a binary
# file (a recording, a word-processor file) was given by mistake.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_CHARS = [
    *map(chr, range(0x00, 0x09)),
    "\x0b",
    "\x0c",
    *map(chr, range(0x0E, 0x20)),
    "\x7f",
]


def _refuse_control_characters(text: str) -> None:
    # one fast substring scan per character is several times quicker than the regex over a
    # large file; the regex then finds the first one for the message
    if not any(c in text for c in _CONTROL_CHARS):
        return
    found = _CONTROL.search(text)
    if found is not None:
        line = text.count("\n", 0, found.start()) + 1
        raise TranscriptError(
            line, "contains characters that are not text: is this a recording or a binary file?"
        )


def detect_format(text: str) -> str:
    """Which format ``text`` is in, from its first lines."""
    lines = [line for line in text.lstrip("\ufeff").splitlines() if line.strip()][:3]
    if not lines:
        return "text"
    first = lines[0].strip()
    if first.startswith("WEBVTT"):
        return "vtt"
    if first.isdigit() and len(lines) > 1 and "-->" in lines[1]:
        return "srt"
    if "-->" in first:
        return "srt"
    try:
        header = next(csv.reader([lines[0]]))
    except csv.Error:
        return "text"
    names = {h.strip().lower() for h in header}
    if len(header) >= 2:
        if all(c in names for c in ANNOMI_COLUMNS):
            return "annomi"
        if names & set(SPEAKER_COLUMNS) and names & set(TEXT_COLUMNS):
            return "csv"
    return "text"


class _Roles:
    def __init__(self, speaker_map: dict[str, str] | None) -> None:
        self.map: dict[str, Role] = {}
        self.seen: dict[str, Role] = {}
        for name, role in (speaker_map or {}).items():
            self.map[_key(name)] = _role_word(role, f"speaker_map[{name!r}]")

    def role(self, label: str) -> Role | None:
        key = _key(label)
        if key in self.map:
            return self.map[key]
        if key in THERAPIST_LABELS:
            return "therapist"
        if key in CLIENT_LABELS:
            return "client"
        return None

    def require(self, label: str, line: int) -> Role:
        role = self.seen.get(label)  # a file names the same few speakers over and over
        if role is not None:
            return role
        role = self.role(label)
        if role is not None:
            self.seen[label] = role
        if role is None:
            raise TranscriptError(
                line,
                f"speaker {label.strip()!r} is neither therapist nor client; map the name to a "
                f"role (speaker_map, or --speaker '{label.strip()}=therapist' on the command line)",
            )
        return role


def _key(label: str) -> str:
    return " ".join(label.strip().strip(".").lower().split())


def _role_word(value: str, where: str) -> Role:
    word = value.strip().lower()
    if word in ("therapist", "t"):
        return "therapist"
    if word in ("client", "c"):
        return "client"
    raise TranscriptError(0, f"{where} is {value!r}; a role is 'therapist' or 'client'")


@dataclass
class _Turn:
    speaker: Role
    name: str
    line: int
    parts: list[str]
    start: str | None = None
    id: str | None = None


def _one(turns: list[_Turn], transcript_id: str) -> Transcript:
    utterances = []
    for i, turn in enumerate(turns):
        parts = turn.parts
        if len(parts) == 1:
            said = parts[0].strip()
        else:
            said = " ".join(p.strip() for p in parts if p.strip())
        if not said:
            continue
        utterances.append(
            Utterance(
                id=turn.id if turn.id is not None else str(i),
                speaker=turn.speaker,
                text=said,
                line=turn.line,
                name=turn.name,
                start=turn.start,
            )
        )
    if not utterances:
        raise TranscriptError(0, "no utterances found: every turn is empty")
    return Transcript(transcript_id, tuple(utterances))


def _parse_text(text: str, roles: _Roles) -> list[_Turn]:
    turns: list[_Turn] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            continue
        match = LABELLED.match(raw)
        role = roles.role(match["label"]) if match else None
        if match and role is None and _looks_like_label(match["label"], raw, turns):
            roles.require(match["label"], number)
        if match and role is not None:
            turns.append(
                _Turn(role, match["label"].strip(), number, [match["text"]], match["time"])
            )
        elif turns:
            turns[-1].parts.append(raw)
        else:
            raise TranscriptError(
                number,
                "text before any speaker label; start each turn with 'T:' / 'C:', "
                "'Therapist:' / 'Client:' or a mapped name",
            )
    if not turns:
        raise TranscriptError(0, "no speaker labels found ('T:', 'Therapist:' …)")
    return turns


def _looks_like_label(label: str, raw: str, turns: list[_Turn]) -> bool:
    # An unknown "Word:" at the start of a line is a speaker we cannot place when it is short and
    # capitalised, or when it opens the transcript; inside a turn, "so the thing is: …" is text.
    words = label.split()
    if not turns:
        return True
    return len(words) <= 2 and all(w[:1].isupper() for w in words) and raw.lstrip()[:1].isupper()


def _cue_blocks(text: str) -> Iterator[tuple[int, list[str]]]:
    block: list[str] = []
    start = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            if not block:
                start = number
            block.append(line)
        elif block:
            yield start, block
            block = []
    if block:
        yield start, block


def _parse_cues(text: str, roles: _Roles, kind: str) -> list[_Turn]:
    turns: list[_Turn] = []
    blocks = list(_cue_blocks(text))
    if kind == "vtt":
        if not blocks or not blocks[0][1][0].strip().startswith("WEBVTT"):
            raise TranscriptError(1, "a WebVTT file must start with 'WEBVTT'")
        blocks = blocks[1:]
    for start, lines in blocks:
        head = lines[0].strip()
        if kind == "vtt" and head.split(" ")[0] in ("NOTE", "STYLE", "REGION"):
            continue
        timing_at = next((i for i, line in enumerate(lines[:2]) if "-->" in line), None)
        if timing_at is None:
            raise TranscriptError(start, f"expected a cue timing line like '00:00:01.000 --> "
                                  f"00:00:04.000', found {head[:60]!r}")  # fmt: skip
        if kind == "srt" and timing_at == 1 and not head.isdigit():
            raise TranscriptError(start, f"expected a cue number before the timing, found {head!r}")
        timing = TIMING.match(lines[timing_at])
        if timing is None:
            raise TranscriptError(
                start + timing_at, f"cannot read the cue timing {lines[timing_at].strip()!r}"
            )
        for offset, line in enumerate(lines[timing_at + 1 :], start=start + timing_at + 1):
            _cue_line(line, offset, timing["start"], roles, turns)
    if not turns:
        raise TranscriptError(0, "no cues with text found")
    return turns


def _cue_line(line: str, number: int, start: str, roles: _Roles, turns: list[_Turn]) -> None:
    voice = VOICE.match(line)
    label: str | None = None
    said = line
    if voice:
        label, said = voice["label"], voice["text"]
    else:
        clean = TAG.sub("", line)
        match = LABELLED.match(clean.lstrip("- "))
        if match and (
            roles.role(match["label"]) or _looks_like_label(match["label"], clean, turns)
        ):
            label, said = match["label"], match["text"]
        else:
            said = clean
    said = TAG.sub("", said).strip()
    if label is None:
        if not turns:
            raise TranscriptError(
                number, "the first cue names no speaker; use '<v Therapist>' or 'Therapist:'"
            )
        turns[-1].parts.append(said)
        return
    role = roles.require(label, number)
    if turns and turns[-1].speaker == role and turns[-1].name == label.strip():
        turns[-1].parts.append(said)  # a turn split over several cues is still one turn
    else:
        turns.append(_Turn(role, label.strip(), number, [said], start))


def _parse_csv(text: str, roles: _Roles, annomi: bool) -> list[Transcript]:
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise TranscriptError(1, f"cannot read the CSV header: {exc}") from exc
    names = [h.strip().lower() for h in header]

    def column(options: tuple[str, ...], what: str, required: bool) -> int | None:
        for option in options:
            if option in names:
                return names.index(option)
        if required:
            raise TranscriptError(
                1, f"no {what} column in the header; name one of: {', '.join(options)}"
            )
        return None

    if annomi:
        missing = [c for c in ANNOMI_COLUMNS if c not in names]
        if missing:
            raise TranscriptError(1, f"an AnnoMI CSV needs the column(s) {', '.join(missing)}")
    speaker_col = column(SPEAKER_COLUMNS, "speaker", True)
    text_col = column(TEXT_COLUMNS, "text", True)
    session_col = column(SESSION_COLUMNS, "session", False)
    id_col = column(ID_COLUMNS, "utterance id", False)
    time_col = column(("timestamp", "start", "time"), "time", False)
    assert speaker_col is not None and text_col is not None
    # per session: utterance id -> (role, name, line, text, start); no _Turn objects, as a CSV
    # row is always one whole turn
    sessions: dict[str, dict[str, tuple[Role, str, int, str, str | None]]] = {}
    width = len(header)
    try:
        for row in reader:
            number = reader.line_num
            if len(row) != width:
                if not any(cell.strip() for cell in row):
                    continue
                raise TranscriptError(
                    number, f"expected {width} fields as in the header, found {len(row)}"
                )
            session = row[session_col].strip() if session_col is not None else "1"
            turns = sessions.get(session)
            uid = row[id_col].strip() if id_col is not None else None
            if annomi and turns is not None and uid in turns:
                continue  # AnnoMI repeats an utterance once per annotator (checked when first seen)
            if not any(cell.strip() for cell in row):
                continue
            label = row[speaker_col]
            if not label.strip():
                raise TranscriptError(number, "the speaker is empty")
            role = roles.require(label, number)
            if not session:
                raise TranscriptError(number, "the session id is empty")
            if turns is None:
                turns = sessions[session] = {}
            if uid is None:
                uid = str(len(turns))
            if not uid:
                raise TranscriptError(number, "the utterance id is empty")
            if uid in turns:
                raise TranscriptError(number, f"utterance id {uid!r} appears twice in session")
            start = row[time_col].strip() or None if time_col is not None else None
            turns[uid] = (role, label.strip(), number, row[text_col], start)
    except csv.Error as exc:
        raise TranscriptError(reader.line_num, f"cannot read this CSV row: {exc}") from exc
    if not sessions:
        raise TranscriptError(0, "the CSV has a header but no rows")
    out = []
    # a frozen dataclass's constructor sets each field with object.__setattr__; filling the
    # instance's __dict__ at once makes the same object in a third of the time (many thousand)
    new = object.__new__
    for session, turns in sessions.items():
        utterances: list[Utterance] = []
        for uid in sorted(turns, key=_sort_key):
            role, name, line, said, start = turns[uid]
            said = said.strip()
            if said:
                made = new(Utterance)  # Utterance(uid, role, said, line, name, start), faster
                made.__dict__.update(
                    id=uid, speaker=role, text=said, line=line, name=name, start=start
                )
                utterances.append(made)
        if not utterances:
            raise TranscriptError(
                0, f"session {session!r}: no utterances found: every turn is empty"
            )
        out.append(Transcript(session, tuple(utterances)))
    return sorted(out, key=lambda t: _sort_key(t.id))


def _sort_key(value: str) -> tuple[int, int, str]:
    return (0, int(value), "") if value.isdigit() else (1, 0, value)
