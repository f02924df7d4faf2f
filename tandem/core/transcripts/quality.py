"""An estimate of overall MI quality (AnnoMI's high / low label) from the session metrics.

A logistic regression on a few standardised session figures, trained on AnnoMI transcripts with
metrics computed from out-of-fold *predicted* labels (the same noise the estimate meets in use).
The (up to) three features whose contribution (coefficient × standardised value) is largest are
given in words as the reasons for the estimate, among the features whose direction in the MI
literature the model agrees with (:data:`LITERATURE_DIRECTION`).
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


# Which way each figure points in the MI literature: +1 more is better, -1 less is better, 0 no
# settled direction. A reason is given only for a figure with a direction that the fitted model
# agrees with; the model is fitted on 100 sessions, and a coefficient that says, for example,
# that less style matching means better quality is noise to a clinician, not a finding.
# * R:Q, % complex reflections, reflections, advice without permission: MITI 4.2.1 (Moyers,
#   Manuel & Ernst, 2014/2015) - more reflection, more complex reflection and persuading only
#   with permission are the adherent direction.
# * % open questions: MITI 3.1.1 (Moyers, Martin, Manuel, Miller & Ernst, 2010) summary score.
# * Change-talk share: Magill et al. (2014), "A meta-analysis of motivational interviewing
#   process: technical, relational, and conditional process models of change", J Consult Clin
#   Psychol 82(4) - MI-consistent practice goes with more client change talk.
# * Language style matching: Lord, Sheng, Imel, Baer & Atkins (2015), "More than reflections:
#   empathy in motivational interviewing includes language style synchrony between therapist and
#   client", Behavior Therapy 46(3) - higher synchrony in sessions rated more empathic.
# * Questions, input and the therapist's share of words: no settled direction on their own.
LITERATURE_DIRECTION: dict[str, int] = {
    "reflection_to_question": 1,
    "percent_complex_reflections": 1,
    "percent_open_questions": 1,
    "reflection_rate": 1,
    "question_rate": 0,
    "input_rate": 0,
    "unpermitted_advice_rate": -1,
    "therapist_word_share": 0,
    "change_talk_share": 1,
    "language_style_matching": 1,
}


# Below this many therapist turns no overall-quality estimate is given: the page says the
# transcript is too short to judge. Chosen by measurement on AnnoMI (grouped CV, transcripts cut
# after their first k therapist turns; table in docs/transcripts.md, `make evaluate`): with 1 or 2
# turns the estimate is worse than knowing nothing (Brier 0.165 and 0.145 against 0.141 for the
# base rate, ROC AUC 0.72); from 3 it beats the base rate (0.112) and from 4 its AUC (0.84) and
# accuracy (0.86) are level with every cut up to 10 turns. 4, one turn of margin, because in use
# the labels come from the classifiers, which are noisier than the annotators' labels measured.
MIN_THERAPIST_TURNS = 4


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


def too_short(turns: int) -> str:
    said = (
        "no therapist turns"
        if turns == 0
        else f"{turns} therapist turn" + ("" if turns == 1 else "s")
    )
    return (
        f"Too short to judge overall quality: the transcript has {said}; an estimate needs at "
        f"least {MIN_THERAPIST_TURNS}."
    )


def _shown(value: float, unit: str) -> str:
    if unit == "percent":
        return f"{value:.0f}%"
    if unit == "fraction":
        return f"{100 * value:.0f}%"
    return f"{value:.2f}"


def estimate_quality(model: QualityModel, metrics: Mapping[str, Any]) -> dict[str, Any]:
    """``{"label", "probability", "probability_high", "reasons": [up to three sentences]}``.

    Below :data:`MIN_THERAPIST_TURNS` therapist turns the label and probabilities are ``None``
    and the one reason says the transcript is too short to judge.
    """
    turns = int(metrics["therapist_utterances"] or 0)
    if turns < MIN_THERAPIST_TURNS:
        return {
            "label": None,
            "probability": None,
            "probability_high": None,
            "reasons": [too_short(turns)],
        }
    return score_quality(model, metrics)


def quality_logit(
    model: QualityModel, metrics: Mapping[str, Any]
) -> tuple[float, list[tuple[float, str, float]]]:
    """The regression's log-odds of high quality (before calibration), and each feature's
    ``(contribution, name, value)``."""
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
    return score, contributions


def calibrated(model: QualityModel, logit: float) -> float:
    """The probability of high quality after the model's Platt scaling."""
    slope, shift = model.calibration
    x = slope * logit + shift
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))


def score_quality(model: QualityModel, metrics: Mapping[str, Any]) -> dict[str, Any]:
    """The estimate whatever the length (for measuring what length does; see `estimate_quality`)."""
    score, contributions = quality_logit(model, metrics)
    p_high = calibrated(model, score)
    label = "high" if p_high >= 0.5 else "low"
    contributions.sort(key=lambda c: -abs(c[0]))
    reasons: list[str] = []
    for contribution, name, value in contributions:
        if len(reasons) == 3:
            break
        coef = model.coef[model.features.index(name)]
        direction = LITERATURE_DIRECTION.get(name, 0)
        if direction == 0 or coef * direction <= 0 or contribution == 0:
            continue  # no settled direction, or the model disagrees with the literature
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
