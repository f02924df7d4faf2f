"""Reading the AnnoMI training data with its labels (for :mod:`.build_model` and :mod:`.evaluate`).

AnnoMI: Wu, Z., Balloccu, S., Kumar, V., Helaoui, R., Reforgiato Recupero, D. & Riboni, D.
(2022). Anno-MI: A Dataset of Expert-Annotated Counselling Dialogues. ICASSP 2022; and (2023)
Creation, Analysis and Evaluation of AnnoMI, a Dataset of Expert-Annotated Counselling Dialogues.
Future Internet 15(3):110. Public domain. The data is never copied into this repository.

Seven transcripts were labelled by all ten annotators; each utterance is kept once, with the
label most annotators gave (ties go to the label that comes first in the file, for determinism).
A subtype is the majority among the annotators who gave its behaviour; "n/a" is no label.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

FILE_NAME = "annomi-full-train.csv"


@dataclass
class LabelledUtterance:
    utterance_id: str
    speaker: str
    text: str
    behaviour: str | None = None
    question: str | None = None  # open / closed
    reflection: str | None = None  # simple / complex
    input: str | None = None  # information / advice / negotiation / options
    talk_type: str | None = None


@dataclass
class LabelledSession:
    transcript_id: str
    video_url: str
    quality: str
    utterances: list[LabelledUtterance] = field(default_factory=list)


def _majority(values: list[str]) -> str | None:
    kept = [v for v in values if v and v.lower() not in ("nan", "n/a")]
    if not kept:
        return None
    counts = Counter(kept)
    best = max(counts.values())
    return next(v for v in kept if counts[v] == best)


def load_annomi(folder: Path) -> list[LabelledSession]:
    path = folder / FILE_NAME if folder.is_dir() else folder
    rows: dict[tuple[str, str], list[dict[str, str]]] = {}
    sessions: dict[str, LabelledSession] = {}
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            tid = row["transcript_id"]
            if tid not in sessions:
                sessions[tid] = LabelledSession(tid, row["video_url"], row["mi_quality"])
            rows.setdefault((tid, row["utterance_id"]), []).append(row)
    for (tid, uid), group in sorted(rows.items(), key=lambda kv: (int(kv[0][0]), int(kv[0][1]))):
        first = group[0]
        behaviour = _majority([r["main_therapist_behaviour"] for r in group])

        def subtype(column: str, of: str, group: list[dict[str, str]] = group) -> str | None:
            # only the annotators who gave the behaviour say which kind it is ("n/a" otherwise)
            return _majority([r[column] for r in group if r["main_therapist_behaviour"] == of])

        sessions[tid].utterances.append(
            LabelledUtterance(
                utterance_id=uid,
                speaker=first["interlocutor"],
                text=first["utterance_text"],
                behaviour=behaviour,
                question=subtype("question_subtype", "question"),
                reflection=subtype("reflection_subtype", "reflection"),
                input=subtype("therapist_input_subtype", "therapist_input"),
                talk_type=_majority([r["client_talk_type"] for r in group]),
            )
        )
    return sorted(sessions.values(), key=lambda s: int(s.transcript_id))
