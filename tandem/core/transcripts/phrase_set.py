"""Tandem's own labelled phrase set: how well advice without permission and self-disclosure are found.

AnnoMI labels neither judgement, so they are measured on short invented exchanges written for the
purpose (``phrases/development.txt`` for tuning the rules, ``phrases/held_out.txt`` only for
measuring). Each exchange is analysed exactly as a pasted transcript is (the trained model and the
rules together), and its last, therapist's, line is compared with the label.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .transcript import Role, Transcript, Utterance

HERE = Path(__file__).parent / "phrases"
SETS = {"development": HERE / "development.txt", "held out": HERE / "held_out.txt"}
ADVICE = ("unasked", "asked", "none")
SPEAKERS: dict[str, Role] = {"T": "therapist", "C": "client"}


@dataclass(frozen=True)
class Item:
    id: str
    lines: tuple[tuple[Role, str], ...]  # (speaker, text)
    advice: str
    disclosure: bool

    @property
    def last(self) -> str:
        return self.lines[-1][1]


def parse(text: str, source: str = "phrase set") -> list[Item]:
    """The items of one file; a malformed one stops with its line number."""
    items: list[Item] = []
    header: tuple[str, str, bool, int] | None = None
    lines: list[tuple[Role, str]] = []

    def close() -> None:
        if header is None:
            return
        ident, advice, disclosure, at = header
        if not lines or lines[-1][0] != "therapist":
            raise ValueError(f"{source} line {at}: item {ident} must end with a therapist line")
        items.append(Item(ident, tuple(lines), advice, disclosure))

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("=="):
            close()
            lines = []
            parts = [p.strip() for p in line[2:].split("|")]
            fields = dict(p.split(":", 1) for p in parts[1:] if ":" in p)
            advice = fields.get("advice", "").strip()
            disclosure = fields.get("disclosure", "").strip()
            if advice not in ADVICE or disclosure not in ("yes", "no"):
                raise ValueError(f"{source} line {number}: labels must be advice and disclosure")
            header = (parts[0], advice, disclosure == "yes", number)
            continue
        speaker, _, said = line.partition(":")
        if speaker not in SPEAKERS or not said.strip() or header is None:
            raise ValueError(f"{source} line {number}: expected 'T: …' or 'C: …' inside an item")
        lines.append((SPEAKERS[speaker], said.strip()))
    close()
    return items


def load(name: str) -> list[Item]:
    path = SETS[name]
    return parse(path.read_text(encoding="utf-8"), path.name)


@dataclass(frozen=True)
class Found:
    item: Item
    unasked_advice: bool
    disclosure: bool


def judge(items: Sequence[Item]) -> list[Found]:
    """Analyse every item as its own transcript and read off the last line's two judgements."""
    from .analysis import analyse_sessions

    transcripts = [
        Transcript(
            item.id,
            tuple(Utterance(str(i), s, t) for i, (s, t) in enumerate(item.lines)),
        )
        for item in items
    ]
    out = []
    for item, session in zip(items, analyse_sessions(transcripts), strict=True):
        last = session.utterances[-1]
        out.append(Found(item, bool(last.advice_without_permission), bool(last.self_disclosure)))
    return out


@dataclass(frozen=True)
class Score:
    true_positive: int
    predicted: int
    actual: int

    @property
    def precision(self) -> float:
        return self.true_positive / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positive / self.actual if self.actual else 0.0


def score(found: Sequence[Found]) -> dict[str, Score]:
    def tally(gold: Sequence[bool], said: Sequence[bool]) -> Score:
        both = sum(1 for g, s in zip(gold, said, strict=True) if g and s)
        return Score(both, sum(said), sum(gold))

    return {
        "advice without permission": tally(
            [f.item.advice == "unasked" for f in found], [f.unasked_advice for f in found]
        ),
        "self-disclosure": tally([f.item.disclosure for f in found], [f.disclosure for f in found]),
    }


def table() -> list[str]:
    """The markdown table for docs/transcripts.md: precision and recall on each half."""
    out = [
        "| judgement | set | items | precision | recall |",
        "|---|---|---:|---:|---:|",
    ]
    for name in SETS:
        items = load(name)
        for judgement, s in score(judge(items)).items():
            out.append(
                f"| {judgement} | {name} | {len(items)} ({s.actual} positive) | "
                f"{s.precision:.2f} | {s.recall:.2f} |"
            )
    return out


def mistakes(name: str) -> list[str]:
    """Each item of a set that is judged wrongly, for tuning (``python -m … development``)."""
    out = []
    for f in judge(load(name)):
        if (f.item.advice == "unasked") != f.unasked_advice:
            out.append(
                f"{f.item.id} advice: gold {f.item.advice}, said {f.unasked_advice}: {f.item.last}"
            )
        if f.item.disclosure != f.disclosure:
            out.append(f"{f.item.id} disclosure: gold {f.item.disclosure}: {f.item.last}")
    return out


if __name__ == "__main__":
    import sys

    for line in table():
        print(line)
    for name in sys.argv[1:]:
        print(f"\n{name}:")
        print("\n".join(mistakes(name)))
