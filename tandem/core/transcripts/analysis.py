"""Analysing sessions: label every utterance, then compute the session's metrics and quality."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .metrics import WordCounts, session_metrics
from .model import Model, default_model
from .quality import estimate_quality
from .rules import (
    NO_DISCLOSURE,
    asked_permission,
    gives_directions,
    self_disclosure_probability,
)
from .transcript import Transcript

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from .vectorise import Tokens

SUBTYPE_TASK = {"question": "question", "reflection": "reflection", "therapist_input": "input"}


@dataclass(frozen=True)
class UtteranceAnalysis:
    id: str
    speaker: str
    text: str
    start: str | None = None
    behaviour: str | None = None
    behaviour_probability: float | None = None
    behaviour_probabilities: dict[str, float] | None = None
    subtype: str | None = None
    subtype_probability: float | None = None
    advice_without_permission: bool | None = None
    self_disclosure: bool | None = None
    self_disclosure_probability: float | None = None
    talk_type: str | None = None
    talk_type_probability: float | None = None
    talk_type_probabilities: dict[str, float] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "speaker": self.speaker,
            "text": self.text,
            "start": self.start,
            "behaviour": self.behaviour,
            "behaviour_probability": self.behaviour_probability,
            "behaviour_probabilities": self.behaviour_probabilities,
            "subtype": self.subtype,
            "subtype_probability": self.subtype_probability,
            "advice_without_permission": self.advice_without_permission,
            "self_disclosure": self.self_disclosure,
            "self_disclosure_probability": self.self_disclosure_probability,
            "talk_type": self.talk_type,
            "talk_type_probability": self.talk_type_probability,
            "talk_type_probabilities": self.talk_type_probabilities,
        }


@dataclass(frozen=True)
class SessionAnalysis:
    id: str
    utterances: tuple[UtteranceAnalysis, ...]
    metrics: dict[str, Any]
    quality: dict[str, Any]
    meta: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """One element of the ``"sessions"`` list of ``tandem analyze --json``."""
        return {
            "id": self.id,
            "utterances": [u.to_dict() for u in self.utterances],
            "metrics": self.metrics,
            "quality": self.quality,
        }


@dataclass(frozen=True)
class Predictions:
    """Per-utterance class probabilities for one session, as ``{task: [row per utterance]}``."""

    rows: dict[str, list[dict[str, float] | None]]
    # the same rounded to 3 places, as the output shows them, and the top class (or None)
    shown: dict[str, list[tuple[str, dict[str, float]] | None]] | None = None


def predict(
    model: Model,
    sessions: Sequence[Transcript],
    every_subtype: bool = False,
    tokens: Tokens | None = None,
    exact: bool = True,
) -> list[Predictions]:
    """Run the classifiers over all utterances of all sessions (one sparse matrix).

    The session block (the client's words over the whole session) is the same for every client
    utterance of a session, so its share of each score is computed once per session and added.
    The matrix is built by :mod:`.vectorise` (the same features as training, without strings).
    A subtype classifier runs only on the utterances given its behaviour, unless
    ``every_subtype`` (evaluation scores subtypes on the annotators' behaviour labels).
    Without ``exact``, ``rows`` holds the probabilities rounded as the output shows them (the
    analysis needs no more, and building both was a noticeable part of its time).
    """
    import numpy as np

    from .linear import stacked_scores
    from .vectorise import session_matrices

    x, x_shared = session_matrices(model.vocabulary, sessions, tokens)
    sizes = [len(t.utterances) for t in sessions]
    speaker = np.asarray([u.speaker for t in sessions for u in t.utterances])
    flat: dict[str, list[dict[str, float] | None]] = {
        task: [None] * len(speaker) for task in model.classifiers
    }
    shown: dict[str, list[tuple[str, dict[str, float]] | None]] = {
        task: [None] * len(speaker) for task in model.classifiers
    }

    def fill(task: str, rows: npt.NDArray[np.int64], scores: npt.NDArray[np.float64]) -> None:
        clf = model.classifiers[task]
        column, shown_column, classes = flat[task], shown[task], clf.classes
        probabilities = clf.probabilities_from(scores)
        top = np.asarray(classes)[np.argmax(probabilities, axis=1)].tolist()
        rounded = np.round(probabilities, 3).tolist()
        if not exact:
            for r, t, q in zip(rows.tolist(), top, rounded, strict=True):
                column[r] = shown_probs = dict(zip(classes, q, strict=True))
                shown_column[r] = (t, shown_probs)
            return
        for r, p, t, q in zip(rows.tolist(), probabilities.tolist(), top, rounded, strict=True):
            column[r] = dict(zip(classes, p, strict=True))
            shown_column[r] = (t, dict(zip(classes, q, strict=True)))

    client = np.flatnonzero(speaker == "client").astype(np.int64)
    if "talk_type" in model.classifiers and len(client):
        clf = model.classifiers["talk_type"]
        session_of = np.repeat(np.arange(len(sessions)), sizes)
        [scores] = stacked_scores(x, client, [clf])
        [shared] = stacked_scores(x_shared, None, [clf])
        fill("talk_type", client, scores + shared[session_of[client]])
    therapist = np.flatnonzero(speaker == "therapist").astype(np.int64)
    if "behaviour" in model.classifiers and len(therapist):
        clf = model.classifiers["behaviour"]
        subtasks = [t for t in SUBTYPE_TASK.values() if t in model.classifiers]
        if every_subtype:
            together = [clf, *(model.classifiers[t] for t in subtasks)]
            scores, *rest = stacked_scores(x, therapist, together)
            for task, sub in zip(subtasks, rest, strict=True):
                fill(task, therapist, sub)
        else:
            [scores] = stacked_scores(x, therapist, [clf])
        fill("behaviour", therapist, scores)
        if not every_subtype:
            top = np.asarray(clf.classes)[np.argmax(scores + clf.intercept, axis=1)]
            for behaviour, task in SUBTYPE_TASK.items():
                if task in model.classifiers:
                    rows = therapist[top == behaviour]
                    [sub] = stacked_scores(x, rows, [model.classifiers[task]])
                    fill(task, rows, sub)
    out, start = [], 0
    for size in sizes:
        out.append(
            Predictions(
                {task: rows[start : start + size] for task, rows in flat.items()},
                {task: rows[start : start + size] for task, rows in shown.items()},
            )
        )
        start += size
    return out


def _analysis(values: dict[str, Any]) -> UtteranceAnalysis:
    """An :class:`UtteranceAnalysis` from a value for every field, in the fields' order.

    The same object the constructor makes, without its one ``object.__setattr__`` per field
    that a frozen dataclass needs (15 calls for each of thousands of utterances: about 0.01 s
    for all of AnnoMI).
    """
    made: UtteranceAnalysis = object.__new__(UtteranceAnalysis)
    made.__dict__.update(values)
    return made


def _top(probs: dict[str, float]) -> tuple[str, float]:
    label = max(probs, key=probs.__getitem__)
    return label, round(probs[label], 3)


def _rounded(probs: dict[str, float]) -> dict[str, float]:
    return {k: round(v, 3) for k, v in probs.items()}


def label_session(
    transcript: Transcript,
    predictions: Predictions,
    first_person: Sequence[bool] | None = None,
) -> list[UtteranceAnalysis]:
    """Each utterance's labels; ``first_person[i]``: utterance ``i`` has an "I"/"me"/"my" word.

    Without any first-person word an utterance is no self-disclosure (see ``rules``), so
    ``first_person`` spares most of the rule's searches.
    """
    speakers = [u.speaker for u in transcript.utterances]
    texts = [u.text for u in transcript.utterances]
    shown = predictions.shown

    def label(task: str, i: int) -> tuple[str, float, dict[str, float]] | None:
        if shown is not None:
            top = shown[task][i]
            return None if top is None else (top[0], top[1][top[0]], top[1])
        probs = predictions.rows[task][i]
        if not probs:
            return None
        name, p = _top(probs)
        return name, p, _rounded(probs)

    out = []
    for i, u in enumerate(transcript.utterances):
        if u.speaker == "client":
            talk, p, rounded = label("talk_type", i) or ("", 0.0, {})
            out.append(
                _analysis(
                    {
                        "id": u.id,
                        "speaker": u.speaker,
                        "text": u.text,
                        "start": u.start,
                        "behaviour": None,
                        "behaviour_probability": None,
                        "behaviour_probabilities": None,
                        "subtype": None,
                        "subtype_probability": None,
                        "advice_without_permission": None,
                        "self_disclosure": None,
                        "self_disclosure_probability": None,
                        "talk_type": talk,
                        "talk_type_probability": p,
                        "talk_type_probabilities": rounded,
                    }
                )  # fmt: skip
            )
            continue
        behaviour, p, rounded = label("behaviour", i) or ("", 0.0, {})
        subtype: str | None = None
        subtype_p: float | None = None
        task = SUBTYPE_TASK.get(behaviour)
        if task is not None:
            sub = label(task, i)
            if sub is not None:
                subtype, subtype_p = sub[0], sub[1]
        if first_person is None or first_person[i]:
            disclosure = self_disclosure_probability(u.text)
        else:
            disclosure = NO_DISCLOSURE
        # Advice: the model's reading, or a turn that plainly tells the client what to do
        # (rules.gives_directions; the model, trained on AnnoMI, misses many short ones). A
        # self-disclosure that tells the client nothing to do is not persuasion (rules.py).
        directs = gives_directions(u.text)
        model_advice = behaviour == "therapist_input" and subtype == "advice"
        unpermitted = (directs or (model_advice and disclosure < 0.5)) and not asked_permission(
            speakers, texts, i
        )
        out.append(
            _analysis(
                {
                    "id": u.id,
                    "speaker": u.speaker,
                    "text": u.text,
                    "start": u.start,
                    "behaviour": behaviour,
                    "behaviour_probability": p,
                    "behaviour_probabilities": rounded,
                    "subtype": subtype,
                    "subtype_probability": subtype_p,
                    "advice_without_permission": unpermitted,
                    "self_disclosure": disclosure >= 0.5,
                    "self_disclosure_probability": disclosure,
                    "talk_type": None,
                    "talk_type_probability": None,
                    "talk_type_probabilities": None,
                }
            )  # fmt: skip
        )
    return out


def summarise(
    transcript: Transcript,
    utterances: Sequence[UtteranceAnalysis],
    model: Model,
    counts: WordCounts | None = None,
) -> SessionAnalysis:
    metrics = session_metrics(utterances, counts)
    return SessionAnalysis(
        transcript.id,
        tuple(utterances),
        metrics,
        estimate_quality(model.quality, metrics),
        dict(transcript.meta),
    )


def analyse_sessions(
    transcripts: Sequence[Transcript], model: Model | None = None
) -> list[SessionAnalysis]:
    """Label every utterance and summarise every session, with the committed model by default."""
    from .vectorise import all_texts, session_word_counts, tokenise

    model = model or default_model()
    tokens = tokenise(all_texts(transcripts))
    predictions = predict(model, transcripts, tokens=tokens, exact=False)
    counts, first_person = session_word_counts(tokens, [len(t.utterances) for t in transcripts])
    out, start = [], 0
    for t, p, c in zip(transcripts, predictions, counts, strict=True):
        end = start + len(t.utterances)
        out.append(summarise(t, label_session(t, p, first_person[start:end]), model, c))
        start = end
    return out
