"""The committed model: a JSON file (vocabulary, classes, quality model) and an .npz of arrays.

Plain arrays and JSON rather than a pickle, so that loading depends on numpy alone and no
scikit-learn upgrade can break it. Rebuilt by ``make model`` (:mod:`.build_model`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from .linear import LinearModel, Vocabulary

MODEL_DIR = Path(__file__).resolve().parent / "model"
JSON_NAME = "transcripts.json"
ARRAYS_NAME = "transcripts.npz"
# 2: uncompressed arrays (decompressing took longer than reading) and each feature prefix's
# column range, so that loading builds no per-feature strings
FORMAT_VERSION = 2

# The classifiers, with the utterances each is trained on and applied to.
TASKS: tuple[str, ...] = ("behaviour", "talk_type", "question", "reflection", "input")


@dataclass(frozen=True)
class QualityModel:
    """Logistic regression on standardised session metrics; probability of "high" quality."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    # Platt scaling of the regression's log-odds, (slope, intercept), fitted on grouped
    # out-of-fold scores so that a shown probability means what it says (docs/transcripts.md,
    # "Calibration"); (1, 0) leaves the regression's own probability.
    calibration: tuple[float, float] = (1.0, 0.0)

    def to_json(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "mean": list(self.mean),
            "scale": list(self.scale),
            "coef": list(self.coef),
            "intercept": self.intercept,
            "calibration": list(self.calibration),
        }


@dataclass(frozen=True)
class Model:
    vocabulary: Vocabulary
    classifiers: dict[str, LinearModel]
    quality: QualityModel
    info: dict[str, Any] = field(default_factory=dict)

    def save(self, folder: Path = MODEL_DIR) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        features = sorted(self.vocabulary.index, key=self.vocabulary.index.__getitem__)
        meta = {
            "format_version": FORMAT_VERSION,
            "features": features,
            "prefixes": self.vocabulary.prefix_ranges(),
            "block_weights": self.vocabulary.block_weights,
            "classes": {name: list(m.classes) for name, m in self.classifiers.items()},
            "quality": self.quality.to_json(),
            "info": self.info,
        }
        (folder / JSON_NAME).write_text(json.dumps(meta, separators=(",", ":")) + "\n")
        arrays: dict[str, Any] = {"idf": self.vocabulary.idf.astype(np.float32)}
        for name, m in self.classifiers.items():
            arrays[f"{name}_coef"] = m.coef.astype(np.float32)
            arrays[f"{name}_intercept"] = m.intercept.astype(np.float64)
        np.savez(folder / ARRAYS_NAME, **arrays)


def load_model(folder: Path = MODEL_DIR) -> Model:
    meta = json.loads((folder / JSON_NAME).read_text())
    if meta.get("format_version") != FORMAT_VERSION:
        raise ValueError(f"model format {meta.get('format_version')} is not {FORMAT_VERSION}")
    with np.load(folder / ARRAYS_NAME) as arrays:
        vocabulary = Vocabulary.from_sorted(
            meta["features"],
            arrays["idf"].astype(np.float64),
            {k: float(v) for k, v in meta["block_weights"].items()},
            {k: (int(lo), int(hi)) for k, (lo, hi) in meta["prefixes"].items()},
        )
        classifiers = {
            name: LinearModel(
                tuple(classes),
                arrays[f"{name}_coef"].astype(np.float64),
                arrays[f"{name}_intercept"].astype(np.float64),
            )
            for name, classes in meta["classes"].items()
        }
    q = meta["quality"]
    quality = QualityModel(
        tuple(q["features"]),
        tuple(q["mean"]),
        tuple(q["scale"]),
        tuple(q["coef"]),
        float(q["intercept"]),
        (float(q.get("calibration", (1.0, 0.0))[0]), float(q.get("calibration", (1.0, 0.0))[1])),
    )
    return Model(vocabulary, classifiers, quality, meta.get("info", {}))


@lru_cache(maxsize=1)
def default_model() -> Model:
    return load_model()
