"""Reliable change and clinical significance (Jacobson & Truax, 1991).

Jacobson, N. S. & Truax, P. (1991). Clinical significance: a statistical approach to defining
meaningful change in psychotherapy research. Journal of Consulting and Clinical Psychology,
59(1), 12-19.

A change is *reliable* when it is larger than measurement error alone would plausibly produce;
it is *clinically significant* when the person also moves from the clinical to the non-clinical
side of a cutoff. Every function here works on one pair of scores or, vectorised, on arrays.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

Direction = Literal["higher_is_worse", "higher_is_better"]
Category = Literal["improved", "deteriorated", "no_change"]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
Int8Array = npt.NDArray[np.int8]


def reliable_change_threshold(sd: float, reliability: float, z: float = 1.96) -> float:
    """Smallest raw change that counts as reliable, from a norm SD and a reliability.

    Jacobson & Truax (1991): the standard error of measurement is ``SD * sqrt(1 - r)``, the
    standard error of a difference between two such scores is ``sqrt(2) * SE``, and a change is
    reliable when it exceeds ``1.96`` of those (a 95% two-sided criterion).
    Use it only where an instrument has no published threshold.
    """
    if sd <= 0:
        raise ValueError("sd must be positive")
    if not 0 <= reliability < 1:
        raise ValueError("reliability must be in [0, 1)")
    standard_error = sd * math.sqrt(1.0 - reliability)
    return z * math.sqrt(2.0) * standard_error


def reliable_change_index(before: float, after: float, sd: float, reliability: float) -> float:
    """The RC statistic itself: (after - before) / S_diff (Jacobson & Truax, 1991, p. 14)."""
    s_diff = math.sqrt(2.0) * sd * math.sqrt(1.0 - reliability)
    return (after - before) / s_diff


def criterion_c(
    clinical_mean: float, clinical_sd: float, normal_mean: float, normal_sd: float
) -> float:
    """Cutoff between a clinical and a non-clinical population (Jacobson & Truax, 1991, criterion c).

    The point where a score is equally likely to come from either population once each is weighted
    by its own spread: ``(sd_clin * mean_norm + sd_norm * mean_clin) / (sd_clin + sd_norm)``.
    """
    return (clinical_sd * normal_mean + normal_sd * clinical_mean) / (clinical_sd + normal_sd)


def is_clinical(score: FloatArray | float, cutoff: float, direction: Direction) -> BoolArray | bool:
    """Whether a score is on the clinical side of ``cutoff``.

    For higher-is-worse measures the cutoff is the first clinical score (PHQ-9 ``>= 10``, GAD-7
    ``>= 8``, NHS Talking Therapies manual caseness definitions); for higher-is-better measures
    scores below the cutoff are clinical.
    """
    if direction == "higher_is_worse":
        result = np.asarray(score) >= cutoff
    else:
        result = np.asarray(score) < cutoff
    if result.ndim == 0:
        return bool(result)
    return result


def classify_arrays(
    before: FloatArray,
    after: FloatArray,
    threshold: float,
    cutoff: float | None,
    direction: Direction,
) -> tuple[Int8Array, BoolArray]:
    """Vectorised :func:`classify`: ``(category, reliable_and_clinically_significant)``.

    ``category`` is +1 improved, -1 deteriorated, 0 no reliable change. A change of exactly
    ``threshold`` counts as reliable (the NHS Talking Therapies manual states the PHQ-9 and GAD-7
    thresholds as "6 or more" and "4 or more").
    """
    before = np.asarray(before, dtype=np.float64)
    after = np.asarray(after, dtype=np.float64)
    improvement = before - after if direction == "higher_is_worse" else after - before
    category = np.zeros(before.shape, dtype=np.int8)
    category[improvement >= threshold] = 1
    category[improvement <= -threshold] = -1
    if cutoff is None:
        significant = np.zeros(before.shape, dtype=np.bool_)
    else:
        # Jacobson & Truax (1991): reliably improved AND moved from the clinical to the
        # non-clinical side of the cutoff.
        significant = (
            (category == 1)
            & np.asarray(is_clinical(before, cutoff, direction))
            & ~np.asarray(is_clinical(after, cutoff, direction))
        )
    return category, significant


@dataclass(frozen=True)
class ChangeResult:
    """The classification of one before/after pair."""

    category: Category
    change: float
    reliable_and_clinically_significant: bool

    @property
    def reliable(self) -> bool:
        return self.category != "no_change"


def classify(
    before: float,
    after: float,
    threshold: float,
    cutoff: float | None = None,
    direction: Direction = "higher_is_worse",
) -> ChangeResult:
    """Classify one change as improved, deteriorated or no (reliable) change."""
    category, significant = classify_arrays(
        np.array([before], dtype=np.float64),
        np.array([after], dtype=np.float64),
        threshold,
        cutoff,
        direction,
    )
    names: dict[int, Category] = {1: "improved", -1: "deteriorated", 0: "no_change"}
    return ChangeResult(
        category=names[int(category[0])],
        change=float(after - before),
        reliable_and_clinically_significant=bool(significant[0]),
    )
