"""Grouped cross-validation of the transcript models: ``make evaluate`` writes docs/transcripts.md.

Usage: ``python -m tandem.core.transcripts.evaluate --data ../shared/data/annomi --out FILE``.

Every figure comes from 5-fold cross-validation grouped by source video (``video_url``): no video
has transcripts on both sides of a split. Session-level figures compare metrics computed from
out-of-fold predicted labels with the same metrics computed from the annotators' labels.
"""

from __future__ import annotations

import os

# One BLAS thread per process, set before numpy loads: the folds are fitted in parallel processes,
# and on a busy machine spinning BLAS threads made training ten times slower.
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import argparse  # noqa: E402
import math  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Sequence  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402

from .data import LabelledSession, load_annomi  # noqa: E402
from .quality import MIN_THERAPIST_TURNS  # noqa: E402
from .training import (  # noqa: E402
    N_FOLDS,
    OOF_CACHE,
    Corpus,
    fit_quality,
    gold_metrics,
    load_oof,
    macro_f1,
    offsets_from,
    out_of_fold,
    predicted_metrics,
    quality_matrix,
    reweighted,
    session_folds,
)

BEHAVIOURS = ("question", "reflection", "therapist_input", "other")
TALK_TYPES = ("change", "neutral", "sustain")
SUBTYPES = {
    "question": ("question", ("open", "closed")),
    "reflection": ("reflection", ("simple", "complex")),
    "input": ("therapist_input", ("information", "advice", "negotiation", "options")),
}
DOC_MARKER = "<!-- evaluation -->"


def f1_table(gold: Sequence[str], pred: Sequence[str], classes: Sequence[str]) -> tuple[str, float]:
    lines = ["| class | precision | recall | F1 | support |", "|---|---:|---:|---:|---:|"]
    f1s = []
    for c in classes:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == c and p == c)
        n_pred = sum(1 for p in pred if p == c)
        n_gold = sum(1 for g in gold if g == c)
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        f1s.append(f1)
        lines.append(f"| {c} | {precision:.3f} | {recall:.3f} | {f1:.3f} | {n_gold} |")
    macro = sum(f1s) / len(f1s)
    accuracy = sum(1 for g, p in zip(gold, pred, strict=True) if g == p) / len(gold)
    lines.append(f"| **macro** | | | **{macro:.3f}** | {len(gold)} (accuracy {accuracy:.3f}) |")
    return "\n".join(lines), macro


def confusion(gold: Sequence[str], pred: Sequence[str], classes: Sequence[str]) -> str:
    lines = [
        "| gold ↓ / predicted → | " + " | ".join(classes) + " |",
        "|---|" + "---:|" * len(classes),
    ]
    for g in classes:
        row = [
            sum(1 for a, b in zip(gold, pred, strict=True) if a == g and b == p) for p in classes
        ]
        lines.append(f"| {g} | " + " | ".join(str(v) for v in row) + " |")
    return "\n".join(lines)


def agreement(gold: Sequence[float | None], pred: Sequence[float | None]) -> str:
    pairs = [(g, p) for g, p in zip(gold, pred, strict=True) if g is not None and p is not None]
    if len(pairs) < 3:
        return "too few sessions"
    a = np.asarray([g for g, _ in pairs], dtype=np.float64)
    b = np.asarray([p for _, p in pairs], dtype=np.float64)
    r = float(np.corrcoef(a, b)[0, 1])
    mae = float(np.mean(np.abs(a - b)))
    return f"Pearson r = {r:.3f}, MAE = {mae:.3f} ({len(pairs)} sessions)"


def auc(labels: Sequence[int], scores: Sequence[float]) -> float:
    pos = [s for s, y in zip(scores, labels, strict=True) if y == 1]
    neg = [s for s, y in zip(scores, labels, strict=True) if y == 0]
    wins = sum(1.0 if p > n else 0.5 if p == n else 0.0 for p in pos for n in neg)
    return wins / (len(pos) * len(neg)) if pos and neg else math.nan


TRUNCATIONS = (1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30)


def truncated(session: LabelledSession, therapist_turns: int) -> LabelledSession:
    """The session cut after its first ``therapist_turns`` therapist turns."""
    kept, seen = [], 0
    for u in session.utterances:
        if u.speaker == "therapist":
            if seen == therapist_turns:
                break
            seen += 1
        kept.append(u)
    return LabelledSession(session.transcript_id, session.video_url, session.quality, kept)


def truncation_rows(
    sessions: Sequence[LabelledSession],
) -> list[tuple[str, int, float, float, float, float]]:
    """How the estimate holds up on short transcripts: ``(kept, n, accuracy, AUC, Brier, base)``.

    ``base`` is the Brier score of giving every transcript the row's share of high quality (an
    estimate that knows nothing about the transcript).

    Grouped 5-fold CV: the quality model is fitted on the training folds' whole transcripts and
    scored on the test folds' transcripts cut after their first k therapist turns. Metrics come
    from the annotators' utterance labels, so this isolates what length alone does (the
    classifiers' own noise adds to it in use).
    """
    from sklearn.model_selection import GroupKFold  # type: ignore[import-untyped]

    from .quality import score_quality

    groups = np.asarray([s.video_url for s in sessions])
    whole = [gold_metrics(s) for s in sessions]
    labels = [s.quality for s in sessions]
    lengths = [sum(u.speaker == "therapist" for u in s.utterances) for s in sessions]
    rows = []
    for k in (*TRUNCATIONS, None):
        scored: list[tuple[float, int]] = []
        for train, test in GroupKFold(N_FOLDS).split(whole, groups=groups):
            model = fit_quality([whole[i] for i in train], [labels[i] for i in train])
            for i in test.tolist():
                if k is not None and lengths[i] < k:
                    continue  # too short to cut at k: it would repeat a shorter row
                m = whole[i] if k is None else gold_metrics(truncated(sessions[i], k))
                p = score_quality(model, m)["probability_high"]
                scored.append((p, 1 if labels[i] == "high" else 0))
        n = len(scored)
        accuracy = sum((p >= 0.5) == (y == 1) for p, y in scored) / n
        brier = sum((p - y) ** 2 for p, y in scored) / n
        rate = sum(y for _, y in scored) / n  # saying the row's share of high for everyone
        area = auc([y for _, y in scored], [p for p, _ in scored])
        kept = "whole transcript" if k is None else str(k)
        rows.append((kept, n, accuracy, area, brier, rate * (1 - rate)))
    return rows


def truncation_table(sessions: Sequence[LabelledSession]) -> list[str]:
    out = [
        "### Quality estimate on short transcripts",
        "",
        "Grouped 5-fold CV (group = video): the quality model fitted on whole transcripts, scored "
        "on the held-out transcripts cut after their first k therapist turns (metrics from the "
        "annotators' labels; transcripts shorter than k are left out of that row). Below "
        f"{MIN_THERAPIST_TURNS} therapist turns the page gives no estimate.",
        "",
        "| therapist turns kept | transcripts | accuracy | ROC AUC | Brier score | Brier of the base rate |",
        "|---|---|---|---|---|---|",
    ]
    for kept, n, accuracy, area, brier, base in truncation_rows(sessions):
        out.append(f"| {kept} | {n} | {accuracy:.3f} | {area:.3f} | {brier:.3f} | {base:.3f} |")
    return [*out, ""]


def reliability(probabilities: Sequence[float], y: Sequence[int], bins: int = 5) -> list[str]:
    """Rows ``| range | transcripts | mean probability | share high |`` for equal-width bins."""
    rows = []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [
            (p, t)
            for p, t in zip(probabilities, y, strict=True)
            if lo <= p < hi or (b == bins - 1 and p == 1.0)
        ]
        if not inside:
            rows.append(f"| {lo:.1f}–{hi:.1f} | 0 | | |")
            continue
        mean = sum(p for p, _ in inside) / len(inside)
        share = sum(t for _, t in inside) / len(inside)
        rows.append(f"| {lo:.1f}–{hi:.1f} | {len(inside)} | {mean:.2f} | {share:.2f} |")
    return rows


def calibration_section(
    metrics: Sequence[dict[str, Any]], labels: Sequence[str], groups: Sequence[str]
) -> list[str]:
    """Brier score and reliability of the quality probability, before and after Platt scaling.

    Both from grouped 5-fold CV: each transcript's log-odds come from a quality model fitted on
    the other folds' videos; the calibration applied to a fold is fitted on the other folds'
    out-of-fold log-odds.
    """
    from sklearn.model_selection import GroupKFold

    from .training import fit_calibration, oof_quality_logits

    logits = oof_quality_logits(metrics, labels, groups)
    y = [1 if label == "high" else 0 for label in labels]
    raw = [1.0 / (1.0 + math.exp(-v)) for v in logits]
    scaled = [0.0] * len(logits)
    for train, test in GroupKFold(N_FOLDS).split(np.zeros(len(logits)), groups=list(groups)):
        slope, shift = fit_calibration([logits[i] for i in train], [labels[i] for i in train])
        for i in test.tolist():
            scaled[i] = 1.0 / (1.0 + math.exp(-(slope * logits[i] + shift)))

    def brier(ps: Sequence[float]) -> float:
        return sum((p - t) ** 2 for p, t in zip(ps, y, strict=True)) / len(y)

    def log_loss(ps: Sequence[float]) -> float:
        eps = 1e-12
        return -sum(
            math.log(max(p, eps)) if t else math.log(max(1 - p, eps))
            for p, t in zip(ps, y, strict=True)
        ) / len(y)

    rate = sum(y) / len(y)
    out = [
        "### Calibration of the quality probability",
        "",
        "Grouped 5-fold CV (group = video), features from out-of-fold predicted labels. The "
        "quality regression is fitted with balanced class weights, which pulls its probabilities "
        "towards the rarer label (low); Platt scaling of its log-odds (fitted on the other folds) "
        "maps them to observed rates. The committed model carries the scaling fitted on all "
        "transcripts' out-of-fold log-odds.",
        "",
        "| | Brier score | log loss |",
        "|---|---:|---:|",
        f"| regression as fitted | {brier(raw):.3f} | {log_loss(raw):.3f} |",
        f"| after Platt scaling | {brier(scaled):.3f} | {log_loss(scaled):.3f} |",
        f"| the base rate for everyone ({rate:.2f} high) | {rate * (1 - rate):.3f} | "
        f"{-(rate * math.log(rate) + (1 - rate) * math.log(1 - rate)):.3f} |",
        "",
        "Reliability (probability of high quality, in bins):",
        "",
        "| probability | transcripts (as fitted) | mean probability | share high "
        "| transcripts (scaled) | mean probability | share high |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for a, b in zip(reliability(raw, y), reliability(scaled, y), strict=True):
        cells_b = b.split("|")[2:5]
        out.append(a + "|".join(cells_b) + "|")
    return [*out, ""]


def phrase_set_section() -> list[str]:
    from .phrase_set import table

    return [
        "### Advice without permission and self-disclosure (our phrase set)",
        "",
        "AnnoMI labels neither, so both are measured on Tandem's own labelled exchanges "
        "(`tandem/core/transcripts/phrases/`): the development half was used to write the rules, "
        "the held-out half was written blind by a team member who had not seen them and is used "
        "only here. Each exchange is analysed as a pasted transcript is.",
        "",
        *table(),
        "",
    ]


def evaluate(data: Path) -> str:
    from sklearn.model_selection import GroupKFold

    from .model import QualityModel
    from .quality import score_quality

    started = time.perf_counter()
    sessions = load_annomi(data)
    corpus = Corpus.build(sessions)
    cached = load_oof(data)
    if cached is None:
        raw_predictions = out_of_fold(corpus, lambda label: print(f"  {label}", flush=True))
    else:
        print(f"Reusing the out-of-fold predictions saved by `make model` in {OOF_CACHE}")
        raw_predictions = cached
    # Intercept offsets are cross-fitted: each fold's are tuned on the other folds' predictions.
    folds = session_folds(corpus)
    predictions = list(raw_predictions)
    for fold in range(N_FOLDS):
        others = [s for s, f in enumerate(folds) if f != fold]
        offsets = offsets_from(corpus, raw_predictions, others)
        for s, f in enumerate(folds):
            if f == fold:
                predictions[s] = reweighted(raw_predictions[s], offsets)
    raw_flat: dict[str, list[dict[str, float] | None]] = {t: [] for t in corpus.labels}
    for p in raw_predictions:
        for task in raw_flat:
            raw_flat[task].extend(p.rows[task])
    out: list[str] = []
    flat: dict[str, list[dict[str, float] | None]] = {task: [] for task in corpus.labels}
    for p in predictions:
        for task in flat:
            flat[task].extend(p.rows[task])

    def top(probs: dict[str, float] | None) -> str:
        return max(probs, key=probs.__getitem__) if probs else ""

    summary: dict[str, float] = {}
    main_tasks: list[tuple[str, str, tuple[str, ...]]] = [
        ("behaviour", "Therapist behaviour", BEHAVIOURS),
        ("talk_type", "Client talk type", TALK_TYPES),
    ]
    for task, title, classes in main_tasks:
        idx = [i for i, g in enumerate(corpus.labels[task]) if g is not None]
        gold = [str(corpus.labels[task][i]) for i in idx]
        pred = [top(flat[task][i]) for i in idx]
        table, macro = f1_table(gold, pred, classes)
        summary[task] = macro
        summary[f"{task}_raw"] = macro_f1(gold, [top(raw_flat[task][i]) for i in idx], classes)
        out += [
            f"### {title}: macro-F1 {macro:.3f}",
            "",
            table,
            "",
            confusion(gold, pred, classes),
            "",
        ]

    out += ["### Subtypes", "",
            "Each subtype classifier is scored on the utterances whose *gold* main behaviour is its "
            "behaviour (so this isolates the subtype decision from the main one).", ""]  # fmt: skip
    for task, (behaviour, classes) in SUBTYPES.items():
        idx = [i for i, g in enumerate(corpus.labels[task]) if g is not None]
        gold = [str(corpus.labels[task][i]) for i in idx]
        pred = [top(flat[task][i]) for i in idx]
        table, macro = f1_table(gold, pred, classes)
        out += [f"#### {behaviour}: macro-F1 {macro:.3f}", "", table, ""]

    predicted = predicted_metrics(corpus, predictions)
    gold_m = [gold_metrics(s) for s in sessions]
    out += [
        "### Session-level agreement with the annotators' labels",
        "",
        "| metric | agreement (predicted vs gold labels) |",
        "|---|---|",
    ]
    for key in ("reflection_to_question", "percent_complex_reflections", "percent_open_questions",
                "change_talk_share", "therapist_word_share"):  # fmt: skip
        out.append(
            f"| `{key}` | {agreement([g[key] for g in gold_m], [p[key] for p in predicted])} |"
        )
    out.append("")

    labels = [s.quality for s in sessions]
    groups = np.asarray([s.video_url for s in sessions])
    y = [1 if label == "high" else 0 for label in labels]
    scores = [0.0] * len(sessions)
    raw = quality_matrix(predicted)
    for train, test in GroupKFold(N_FOLDS).split(raw, groups=groups):
        model: QualityModel = fit_quality([predicted[i] for i in train], [labels[i] for i in train])
        for i in test.tolist():
            scores[i] = score_quality(model, predicted[i])["probability_high"]
    hits = sum(1 for s, t in zip(scores, y, strict=True) if (s >= 0.5) == (t == 1))
    sens = sum(1 for s, t in zip(scores, y, strict=True) if t == 0 and s < 0.5) / max(1, y.count(0))
    spec = sum(1 for s, t in zip(scores, y, strict=True) if t == 1 and s >= 0.5) / max(
        1, y.count(1)
    )
    out += [
        "### Quality estimate (session level)",
        "",
        f"Grouped 5-fold CV over {len(sessions)} transcripts ({y.count(0)} low quality), features "
        "from out-of-fold predicted labels: "
        f"ROC AUC {auc(y, scores):.3f}, accuracy {hits / len(y):.3f}, "
        f"low-quality sessions found {sens:.2f}, high-quality sessions kept {spec:.2f}.",
        "",
    ]
    out += calibration_section(predicted, labels, [s.video_url for s in sessions])
    out += truncation_table(sessions)
    out += phrase_set_section()
    head = (
        f"_{len(sessions)} transcripts, {len(corpus.features)} utterances, "
        f"{len(set(groups.tolist()))} videos; {N_FOLDS}-fold CV grouped by video; "
        f"{time.perf_counter() - started:.0f} s._\n\n"
        f"**Therapist behaviour macro-F1 {summary['behaviour']:.3f}** (target ≥ 0.76); "
        f"**client talk type macro-F1 {summary['talk_type']:.3f}** (target ≥ 0.56). "
        f"Without the cross-fitted intercept offsets: {summary['behaviour_raw']:.3f} and "
        f"{summary['talk_type_raw']:.3f}.\n"
    )
    return head + "\n" + "\n".join(out)


def write(doc: Path, body: str) -> None:
    text = doc.read_text() if doc.exists() else ""
    block = f"{DOC_MARKER}\n{body.strip()}\n<!-- /evaluation -->"
    pattern = re.compile(re.escape(DOC_MARKER) + r".*?<!-- /evaluation -->", re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _m: block, text)
    else:
        text = text.rstrip() + "\n\n## Evaluation\n\n" + block + "\n"
    doc.write_text(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Grouped CV of the transcript models.")
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    body = evaluate(args.data)
    write(args.out, body)
    print(body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
