"""Build the committed transcript model from AnnoMI: the command behind ``make model``.

Usage: ``python -m tandem.core.transcripts.build_model --data ../shared/data/annomi [--out DIR]``.

The fitting itself is in :mod:`.training`; this command runs it and writes the model. The
utterance classifiers are fitted on every transcript; the intercepts of the two main ones are then
shifted by offsets tuned for macro-F1 on out-of-fold predictions (:func:`.training.tune_offsets`).
The quality model is fitted on session metrics computed from out-of-fold predictions (5 folds
grouped by video), so that it learns from the same kind of noisy labels it will see in use; its
probabilities are then Platt-scaled on grouped out-of-fold log-odds
(:func:`.training.fit_calibration`).
"""

from __future__ import annotations

import os

# One BLAS thread per process, set before numpy loads: the folds are fitted in parallel processes,
# and on a busy machine spinning BLAS threads made training ten times slower.
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import argparse  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from dataclasses import replace  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from .data import load_annomi  # noqa: E402
from .linear import LinearModel  # noqa: E402
from .model import MODEL_DIR, Model  # noqa: E402
from .training import (  # noqa: E402
    N_FOLDS,
    Corpus,
    fit_calibration,
    fit_quality,
    offsets_from,
    oof_quality_logits,
    out_of_fold,
    predicted_metrics,
    reweighted,
    save_oof,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, required=True, help="folder with the AnnoMI CSV")
    parser.add_argument("--out", type=Path, default=MODEL_DIR, help="where to write the model")
    args = parser.parse_args(argv)

    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    started = time.perf_counter()
    sessions = load_annomi(args.data)
    corpus = Corpus.build(sessions)
    steps = N_FOLDS + 2
    with Progress(
        TextColumn("{task.description:<32}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
    ) as bar:  # fmt: skip
        job = bar.add_task("cross-validation folds", total=steps)

        def step(label: str) -> None:
            bar.update(job, advance=1, description=label)

        full: list[Any] = []
        predictions = out_of_fold(corpus, step, full)
        save_oof(args.data, predictions)
        offsets = offsets_from(corpus, predictions, range(len(sessions)))
        predictions = [reweighted(p, offsets) for p in predictions]
        vocabulary, classifiers = full[0]
        for task, shift in offsets.items():
            clf = classifiers[task]
            bump = [shift.get(c, 0.0) for c in clf.classes]
            classifiers[task] = LinearModel(clf.classes, clf.coef, clf.intercept + bump)
        bar.update(job, description="quality model")
        metrics = predicted_metrics(corpus, predictions)
        labels = [s.quality for s in sessions]
        quality = fit_quality(metrics, labels)
        logits = oof_quality_logits(metrics, labels, [s.video_url for s in sessions])
        quality = replace(quality, calibration=fit_calibration(logits, labels))
        bar.update(job, advance=1)
    model = Model(
        vocabulary,
        classifiers,
        quality,
        {
            "trained_on": "AnnoMI (annomi-full-train.csv)",
            "sessions": len(sessions),
            "utterances": len(corpus.features),
            "features": len(vocabulary.index),
            "intercept_offsets": offsets,
        },
    )
    model.save(args.out)
    size = sum(p.stat().st_size for p in args.out.iterdir() if p.is_file())
    print(
        f"Model written to {args.out} ({size / 1e6:.1f} MB, {len(vocabulary.index)} features) "
        f"in {time.perf_counter() - started:.0f} s from {len(sessions)} sessions."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
