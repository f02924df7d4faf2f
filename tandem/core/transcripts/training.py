"""Fitting the classifiers and the quality model with scikit-learn (build_model and evaluate only).

The classifiers are multinomial logistic regressions with balanced class weights on the features
of :mod:`.features`; their coefficients are copied into plain arrays (:class:`.linear.LinearModel`).
Cross-validation is always grouped by source video (AnnoMI's ``video_url``): several transcripts
share a video, and splitting them across folds would leak.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from .analysis import Predictions, label_session, summarise
from .data import FILE_NAME, LabelledSession
from .features import session_features
from .linear import Csr, LinearModel, Vocabulary, build_vocabulary
from .metrics import Labelled, session_metrics
from .model import Model, QualityModel
from .quality import QUALITY_FEATURES, quality_features
from .transcript import Transcript, Utterance

# Chosen by grouped cross-validation (docs/transcripts.md, "What was tried").
BLOCK_WEIGHTS: dict[str, float] = {
    "w": 1.0, "c": 1.0, "p": 0.5, "n": 0.5, "m": 1.0, "q": 0.4, "s": 0.3,
}  # fmt: skip
MIN_DF = 2
C_BY_TASK: dict[str, float] = {
    "behaviour": 1.0, "talk_type": 1.0, "question": 1.0, "reflection": 1.0, "input": 1.0,
}  # fmt: skip
QUALITY_C = 0.3
N_FOLDS = 5

Progress = Callable[[str], None]


@dataclass
class Corpus:
    """Every utterance of the training sessions, flattened, with its labels per task."""

    sessions: list[LabelledSession]
    features: list[list[str]] = field(default_factory=list)
    session_of: list[int] = field(default_factory=list)
    labels: dict[str, list[str | None]] = field(default_factory=dict)

    @classmethod
    def build(cls, sessions: list[LabelledSession]) -> Corpus:
        corpus = cls(sessions, labels={t: [] for t in ("behaviour", "talk_type", "question",
                                                        "reflection", "input")})  # fmt: skip
        for s_index, s in enumerate(sessions):
            speakers = [u.speaker for u in s.utterances]
            texts = [u.text for u in s.utterances]
            corpus.features.extend(session_features(speakers, texts))
            for u in s.utterances:
                corpus.session_of.append(s_index)
                therapist = u.speaker == "therapist"
                corpus.labels["behaviour"].append(u.behaviour if therapist else None)
                corpus.labels["talk_type"].append(u.talk_type if not therapist else None)
                corpus.labels["question"].append(
                    u.question if therapist and u.behaviour == "question" else None
                )
                corpus.labels["reflection"].append(
                    u.reflection if therapist and u.behaviour == "reflection" else None
                )
                corpus.labels["input"].append(
                    u.input if therapist and u.behaviour == "therapist_input" else None
                )
        return corpus

    def groups(self) -> npt.NDArray[np.str_]:
        return np.asarray([self.sessions[s].video_url for s in self.session_of])


def _scipy(x: Csr) -> Any:
    import scipy.sparse as sp  # type: ignore[import-untyped]

    return sp.csr_matrix((x.data, x.indices, x.indptr), shape=(x.n_rows, x.n_cols))


def _logistic_regression(**options: Any) -> Any:
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    return LogisticRegression(class_weight="balanced", max_iter=2000, **options)


def fit_classifiers(
    corpus: Corpus, rows: Sequence[int], progress: Progress | None = None
) -> tuple[Vocabulary, dict[str, LinearModel]]:
    vocabulary = build_vocabulary([corpus.features[i] for i in rows], MIN_DF, BLOCK_WEIGHTS)
    x_all = _scipy(vocabulary.transform([corpus.features[i] for i in rows]))
    classifiers: dict[str, LinearModel] = {}
    for task, labels in corpus.labels.items():
        if progress:
            progress(task)
        keep = [k for k, i in enumerate(rows) if labels[i] is not None]
        y = np.asarray([labels[rows[k]] for k in keep])
        clf = _logistic_regression(C=C_BY_TASK[task])
        clf.fit(x_all[keep], y)
        classifiers[task] = LinearModel(
            tuple(str(c) for c in clf.classes_),
            np.asarray(clf.coef_, dtype=np.float64),
            np.asarray(clf.intercept_, dtype=np.float64),
        )
    return vocabulary, classifiers


def to_transcript(session: LabelledSession) -> Transcript:
    return Transcript(
        session.transcript_id,
        tuple(
            Utterance(u.utterance_id, "therapist" if u.speaker == "therapist" else "client", u.text)
            for u in session.utterances
        ),
    )


_SHARED: dict[str, Any] = {}


def _fold(fold: int) -> list[tuple[int, Predictions]]:
    from .analysis import predict

    corpus: Corpus = _SHARED["corpus"]
    folds: list[int] = _SHARED["folds"]
    train = [i for i, s in enumerate(corpus.session_of) if folds[s] != fold]
    vocabulary, classifiers = fit_classifiers(corpus, train)
    model = Model(vocabulary, classifiers, QualityModel((), (), (), (), 0.0))
    held = [s for s in range(len(corpus.sessions)) if folds[s] == fold]
    transcripts = [to_transcript(corpus.sessions[s]) for s in held]
    return list(zip(held, predict(model, transcripts, every_subtype=True), strict=True))


def _full() -> tuple[Vocabulary, dict[str, LinearModel]]:
    corpus: Corpus = _SHARED["corpus"]
    return fit_classifiers(corpus, list(range(len(corpus.features))))


def out_of_fold(
    corpus: Corpus, progress: Progress | None = None, full: list[Any] | None = None
) -> list[Predictions]:
    """Each session's class probabilities from the models of the fold that held its video out.

    The folds are fitted in parallel worker processes (forked, so the corpus is not copied). With
    ``full`` (a list), the model on all the data is fitted alongside and appended to it.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    _SHARED.update(corpus=corpus, folds=session_folds(corpus))
    result: list[Predictions | None] = [None] * len(corpus.sessions)
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=N_FOLDS + 1, mp_context=context) as pool:
        final = pool.submit(_full) if full is not None else None
        jobs = [pool.submit(_fold, fold) for fold in range(N_FOLDS)]
        for done, job in enumerate(as_completed(jobs), start=1):
            for s, p in job.result():
                result[s] = p
            if progress:
                progress(f"fold {done} of {N_FOLDS} done")
        if final is not None and full is not None:
            full.append(final.result())
            if progress:
                progress("model on all data done")
    return [p for p in result if p is not None]


def predicted_metrics(corpus: Corpus, predictions: Sequence[Predictions]) -> list[dict[str, Any]]:
    placeholder = Model(Vocabulary({}, np.zeros(0), {}), {}, QualityModel((), (), (), (), 0.0))
    out = []
    for session, p in zip(corpus.sessions, predictions, strict=True):
        t = to_transcript(session)
        out.append(summarise(t, label_session(t, p), placeholder).metrics)
    return out


def gold_metrics(session: LabelledSession) -> dict[str, Any]:
    labelled = []
    for u in session.utterances:
        subtype = {"question": u.question, "reflection": u.reflection,
                   "therapist_input": u.input}.get(u.behaviour or "")  # fmt: skip
        labelled.append(Labelled(u.speaker, u.text, u.behaviour, subtype, u.talk_type))
    return session_metrics(labelled)


def quality_matrix(metrics: Sequence[dict[str, Any]]) -> npt.NDArray[np.float64]:
    names = list(QUALITY_FEATURES)
    raw = np.asarray(
        [[np.nan if (v := quality_features(m)[n]) is None else v for n in names] for m in metrics],
        dtype=np.float64,
    )
    return raw


def fit_quality(metrics: Sequence[dict[str, Any]], labels: Sequence[str]) -> QualityModel:
    raw = quality_matrix(metrics)
    mean = np.nanmean(raw, axis=0)
    filled = np.where(np.isnan(raw), mean, raw)
    scale = filled.std(axis=0)
    scale[scale == 0] = 1.0
    z = (filled - mean) / scale
    y = np.asarray([1 if label == "high" else 0 for label in labels])
    clf = _logistic_regression(C=QUALITY_C).fit(z, y)
    return QualityModel(
        tuple(QUALITY_FEATURES),
        tuple(float(v) for v in mean),
        tuple(float(v) for v in scale),
        tuple(float(v) for v in clf.coef_[0]),
        float(clf.intercept_[0]),
    )


def macro_f1(gold: Sequence[str], pred: Sequence[str], classes: Sequence[str]) -> float:
    scores = []
    for c in classes:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == c and p == c)
        n_pred = sum(1 for p in pred if p == c)
        n_gold = sum(1 for g in gold if g == c)
        scores.append(2 * tp / (n_pred + n_gold) if n_pred + n_gold else 0.0)
    return sum(scores) / len(scores)


def shifted(probs: Sequence[dict[str, float]], offsets: dict[str, float]) -> list[str]:
    """The top class after adding ``offsets`` to the log-probabilities (a change of intercept)."""
    out = []
    for p in probs:
        out.append(max(p, key=lambda c: np.log(max(p[c], 1e-12)) + offsets.get(c, 0.0)))
    return out


def tune_offsets(
    probs: Sequence[dict[str, float]], gold: Sequence[str], classes: Sequence[str]
) -> dict[str, float]:
    """Per-class intercept shifts that maximise macro-F1 on out-of-fold predictions.

    Balanced class weights already even out the classes; this small coordinate search (two
    passes over a grid of shifts) corrects what is left, so rare classes such as sustain talk are
    neither under- nor over-predicted.
    """
    logs = np.log(np.clip(np.asarray([[p[c] for c in classes] for p in probs]), 1e-12, None))
    offsets = np.zeros(len(classes))
    grid = np.linspace(-1.0, 1.0, 21)

    def score(o: npt.NDArray[np.float64]) -> float:
        pred = [classes[k] for k in np.argmax(logs + o, axis=1)]
        return macro_f1(gold, pred, classes)

    best = score(offsets)
    for _ in range(2):
        for k in range(1, len(classes)):  # the first class is the reference
            for value in grid:
                trial = offsets.copy()
                trial[k] = value
                s = score(trial)
                if s > best + 1e-9:
                    best, offsets = s, trial
    return {c: float(o) for c, o in zip(classes, offsets, strict=True)}


OFFSET_TASKS: dict[str, tuple[str, ...]] = {
    "behaviour": ("question", "reflection", "therapist_input", "other"),
    "talk_type": ("change", "neutral", "sustain"),
}


def session_folds(corpus: Corpus) -> list[int]:
    """The fold (0…N_FOLDS-1) that holds each session out, as in :func:`out_of_fold`."""
    from sklearn.model_selection import GroupKFold  # type: ignore[import-untyped]

    folds = [0] * len(corpus.sessions)
    n = len(corpus.features)
    for fold, (_, test) in enumerate(
        GroupKFold(N_FOLDS).split(np.zeros(n), groups=corpus.groups())
    ):
        for i in test.tolist():
            folds[corpus.session_of[i]] = fold
    return folds


def offsets_from(
    corpus: Corpus, predictions: Sequence[Predictions], sessions: Sequence[int]
) -> dict[str, dict[str, float]]:
    """Tune each main task's intercept shifts on the given sessions' out-of-fold predictions."""
    out: dict[str, dict[str, float]] = {}
    starts = np.cumsum([0] + [len(s.utterances) for s in corpus.sessions])
    for task, classes in OFFSET_TASKS.items():
        probs: list[dict[str, float]] = []
        gold: list[str] = []
        for s in sessions:
            for i, p in enumerate(predictions[s].rows[task]):
                label = corpus.labels[task][int(starts[s]) + i]
                if p is not None and label is not None:
                    probs.append(p)
                    gold.append(label)
        out[task] = tune_offsets(probs, gold, classes)
    return out


def reweighted(p: Predictions, offsets: dict[str, dict[str, float]]) -> Predictions:
    rows: dict[str, list[dict[str, float] | None]] = {}
    for task, values in p.rows.items():
        shift = offsets.get(task)
        if not shift:
            rows[task] = list(values)
            continue
        new: list[dict[str, float] | None] = []
        for probs in values:
            if probs is None:
                new.append(None)
                continue
            w = {c: v * float(np.exp(shift.get(c, 0.0))) for c, v in probs.items()}
            total = sum(w.values())
            new.append({c: v / total for c, v in w.items()})
        rows[task] = new
    return Predictions(rows)


# Out-of-fold predictions are costly (five fits of every classifier), and both `make model` and
# `make evaluate` need them: build_model.py saves them here (var/ is not committed) and evaluate.py
# reuses them when the data, the features and the settings are unchanged.
OOF_CACHE = Path(__file__).resolve().parents[3] / "var" / "transcripts-oof.json"


def fingerprint(data: Path) -> str:
    import hashlib

    path = data / FILE_NAME if data.is_dir() else data
    stat = path.stat()
    here = Path(__file__).parent
    # the predictions depend on how the data is read, the features, and how they are applied
    source = b"".join(
        (here / name).read_bytes()
        for name in ("data.py", "features.py", "linear.py", "vectorise.py", "analysis.py")
    )
    settings = repr((BLOCK_WEIGHTS, MIN_DF, C_BY_TASK, N_FOLDS, stat.st_size, stat.st_mtime_ns))
    return hashlib.sha256(source + settings.encode()).hexdigest()


def save_oof(data: Path, predictions: Sequence[Predictions]) -> None:
    OOF_CACHE.parent.mkdir(parents=True, exist_ok=True)
    payload = {"fingerprint": fingerprint(data), "predictions": [p.rows for p in predictions]}
    OOF_CACHE.write_text(json.dumps(payload))


def load_oof(data: Path) -> list[Predictions] | None:
    if not OOF_CACHE.exists():
        return None
    payload = json.loads(OOF_CACHE.read_text())
    if payload.get("fingerprint") != fingerprint(data):
        return None
    return [Predictions(rows) for rows in payload["predictions"]]


def oof_quality_logits(
    metrics: Sequence[dict[str, Any]], labels: Sequence[str], groups: Sequence[str]
) -> list[float]:
    """Each session's quality log-odds from a quality model fitted on the other folds' videos."""
    from sklearn.model_selection import GroupKFold

    from .quality import quality_logit

    out = [0.0] * len(metrics)
    for train, test in GroupKFold(N_FOLDS).split(np.zeros(len(metrics)), groups=list(groups)):
        model = fit_quality([metrics[i] for i in train], [labels[i] for i in train])
        for i in test.tolist():
            out[i] = quality_logit(model, metrics[i])[0]
    return out


def fit_calibration(logits: Sequence[float], labels: Sequence[str]) -> tuple[float, float]:
    """Platt scaling: ``(slope, intercept)`` of an unweighted logistic regression of the label on
    the log-odds (Platt, 1999, "Probabilistic outputs for support vector machines"). The quality
    model is fitted with balanced class weights, which moves its probabilities towards the rarer
    label; this maps them back to the observed rates."""
    from sklearn.linear_model import LogisticRegression

    x = np.asarray(logits, dtype=np.float64).reshape(-1, 1)
    y = np.asarray([1 if label == "high" else 0 for label in labels])
    clf = LogisticRegression(C=1e6, max_iter=2000).fit(x, y)
    return float(clf.coef_[0][0]), float(clf.intercept_[0])
