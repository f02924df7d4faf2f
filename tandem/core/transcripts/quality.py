"""An estimate of overall MI quality (AnnoMI's high / low label) from the session metrics.

A logistic regression on a few standardised session figures, trained on AnnoMI transcripts with
metrics computed from out-of-fold *predicted* labels (the same noise the estimate meets in use).
The three features whose contribution (coefficient × standardised value) is largest are given in
words, as the reasons for the estimate.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from .model import QualityModel

# name -> (how it reads in a sentence, unit for the value)
QUALITY_FEATURES: dict[str, tuple[str, str]] = {
    "reflection_to_question": ("reflections per question", "ratio"),
    "percent_complex_reflections": ("the share of reflections that are complex", "percent"),
    "percent_open_questions": ("the share of questions that are open", "percent"),
    "reflection_rate": ("the share of therapist turns that are reflections", "fraction"),
    "question_rate": ("the share of therapist turns that are questions", "fraction"),
    "input_rate": ("the share of therapist turns giving information or advice", "fraction"),
    "unpermitted_advice_rate": ("advice given without permission, per therapist turn", "fraction"),
    "therapist_word_share": ("the therapist's share of the words spoken", "fraction"),
    "change_talk_share": ("change talk as a share of change and sustain talk", "fraction"),
    "language_style_matching": ("language style matching between the two", "ratio"),
}


def quality_features(metrics: Mapping[str, Any]) -> dict[str, float | None]:
    turns = metrics["therapist_utterances"] or 0

    def rate(key: str) -> float | None:
        return float(metrics[key]) / turns if turns else None

    r_to_q = metrics["reflection_to_question"]
    return {
        "reflection_to_question": None if r_to_q is None else min(float(r_to_q), 5.0),
        "percent_complex_reflections": metrics["percent_complex_reflections"],
        "percent_open_questions": metrics["percent_open_questions"],
        "reflection_rate": rate("reflections"),
        "question_rate": rate("questions"),
        "input_rate": rate("therapist_inputs"),
        "unpermitted_advice_rate": rate("advice_without_permission"),
        "therapist_word_share": metrics["therapist_word_share"],
        "change_talk_share": metrics["change_talk_share"],
        "language_style_matching": metrics["language_style_matching"],
    }


def _shown(value: float, unit: str) -> str:
    if unit == "percent":
        return f"{value:.0f}%"
    if unit == "fraction":
        return f"{100 * value:.0f}%"
    return f"{value:.2f}"


def estimate_quality(model: QualityModel, metrics: Mapping[str, Any]) -> dict[str, Any]:
    """``{"label", "probability", "probability_high", "reasons": [three sentences]}``."""
    values = quality_features(metrics)
    score = model.intercept
    contributions: list[tuple[float, str, float]] = []
    for name, mean, scale, coef in zip(
        model.features, model.mean, model.scale, model.coef, strict=True
    ):
        value = values.get(name)
        z = 0.0 if value is None else (float(value) - mean) / scale
        score += coef * z
        if value is not None:
            contributions.append((coef * z, name, float(value)))
    p_high = 1.0 / (1.0 + math.exp(-score))
    label = "high" if p_high >= 0.5 else "low"
    contributions.sort(key=lambda c: -abs(c[0]))
    reasons = []
    for contribution, name, value in contributions[:3]:
        words, unit = QUALITY_FEATURES[name]
        mean = model.mean[model.features.index(name)]
        side = "above" if value >= mean else "below"
        towards = "high" if contribution > 0 else "low"
        reasons.append(
            f"{words[0].upper()}{words[1:]} is {_shown(value, unit)}, {side} the typical "
            f"{_shown(mean, unit)}, which points to {towards} quality."
        )
    return {
        "label": label,
        "probability": round(p_high if label == "high" else 1.0 - p_high, 3),
        "probability_high": round(p_high, 3),
        "reasons": reasons,
    }
