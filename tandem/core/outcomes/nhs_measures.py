"""Which measures an episode is judged on under the NHS Talking Therapies rules, and their
thresholds.

NHS Talking Therapies pairs the PHQ-9 with the anxiety-disorder-specific measure (ADSM) for the
episode's problem descriptor, with the GAD-7 as the back-up when the ADSM lacks scores:

* Clark DM (2018). Realizing the mass public benefit of evidence-based psychological therapies:
  the IAPT program. Annu Rev Clin Psychol 14:159-183, Table 2 ("Main mental health problem
  (primary problem descriptor)" -> depression measure, recommended anxiety measure, back-up);
  PMC5942544. (The brief calls this "Clark et al. 2018"; Clark, Canvin et al. 2018, Lancet
  391:679-686, uses the same definitions for its service figures.)
* NHS England, *The NHS Talking Therapies for anxiety and depression manual* (formerly the IAPT
  manual), appendices on outcome measures, which name the PCL-5 beside the IES-R for PTSD.

The thresholds of each measure are in :data:`MEASURES`, each with its source. Every cutoff is
inclusive and in the same direction: a score **at or above** ``caseness`` is a case, a change of
**at least** ``reliable_change`` is reliable (all these measures are higher-is-worse).

This module is the one place that says which anxiety measure an episode is judged on
(:func:`anxiety_measure`); the outcome figures, the expected bands and the not-on-track alerts all
call it so that they use the same pair.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# The problem descriptors of Clark (2018) Table 2, as Tandem stores them.
PROBLEMS: tuple[str, ...] = (
    "depression",
    "gad",
    "mixed",
    "none",
    "social_anxiety",
    "ptsd",
    "agoraphobia",
    "ocd",
    "panic",
    "health_anxiety",
)
PROBLEM_LABELS: dict[str, str] = {
    "depression": "Depression",
    "gad": "Generalised anxiety disorder",
    "mixed": "Mixed anxiety and depression",
    "none": "No problem descriptor",
    "social_anxiety": "Social anxiety disorder",
    "ptsd": "Post-traumatic stress disorder (PTSD)",
    "agoraphobia": "Agoraphobia",
    "ocd": "Obsessive-compulsive disorder (OCD)",
    "panic": "Panic disorder",
    "health_anxiety": "Health anxiety",
}
DEFAULT_PROBLEM = "none"

DEPRESSION_MEASURE = "phq9"
BACKUP_ANXIETY_MEASURE = "gad7"

# Clark (2018) Table 2: the recommended anxiety measure for each problem descriptor, in order of
# preference. Depression, GAD, mixed and no descriptor use the GAD-7 itself. For PTSD the table
# names the IES-R; the current NHS Talking Therapies manual names the PCL-5 as well, so Tandem
# takes the PCL-5 when it was used and the IES-R otherwise.
ADSM_FOR_PROBLEM: dict[str, tuple[str, ...]] = {
    "social_anxiety": ("spin",),
    "ptsd": ("pcl5", "iesr"),
    "agoraphobia": ("mi",),
    "ocd": ("oci",),
    "panic": ("pdss",),
    "health_anxiety": ("hai",),
}

# A measure counts towards a finished course's pair when it was scored at two or more distinct
# sessions (a first and a last score), as for the PHQ-9 and GAD-7.
PAIRED_SESSIONS = 2


@dataclass(frozen=True)
class NhsMeasure:
    """One measure's facts for the NHS Talking Therapies rules (all higher-is-worse)."""

    id: str
    label: str
    min: float
    max: float
    caseness: float  # a score at or above this is a case
    reliable_change: float  # a change of at least this much is reliable
    decimal: bool = False  # the total is a mean (the MI), so scores need not be whole
    verified: bool = True  # False: the thresholds could not be checked against the source text
    source: str = ""


# Where a figure is marked verified=False, Tandem's authors could not check it against the text of
# the NHS manual while writing this (the manual's appendix table was not available to them); the
# figure is the one commonly reported for the IAPT programme and is listed as unverified in
# docs/outcomes.md. Do not treat it as checked until someone has compared it with the manual.
MEASURES: dict[str, NhsMeasure] = {
    m.id: m
    for m in (
        # PHQ-9, range 0-27 (Kroenke, Spitzer & Williams 2001): caseness >= 10, reliable change 6
        # (NHS Talking Therapies manual; IAPT Data Handbook v2.0.1).
        NhsMeasure("phq9", "PHQ-9", 0, 27, 10, 6, source="NHS Talking Therapies manual"),
        # GAD-7, range 0-21 (Spitzer et al. 2006): caseness >= 8, reliable change 4 (same manual).
        NhsMeasure("gad7", "GAD-7", 0, 21, 8, 4, source="NHS Talking Therapies manual"),
        # SPIN, 17 items 0-4, range 0-68 (Connor et al. 2000): caseness >= 19, reliable change 10
        # (IAPT Data Handbook v2.0.1 appendix D / NHS Talking Therapies manual; unverified here).
        NhsMeasure("spin", "SPIN", 0, 68, 19, 10, verified=False, source="IAPT Data Handbook"),
        # PCL-5, 20 items 0-4, range 0-80 (Weathers et al. 2013): caseness >= 32, reliable change
        # 10 (NHS Talking Therapies manual; unverified here).
        NhsMeasure("pcl5", "PCL-5", 0, 80, 32, 10, verified=False, source="NHS TT manual"),
        # IES-R, 22 items 0-4, range 0-88 (Weiss & Marmar 1997): caseness >= 33, reliable change
        # 9 (IAPT Data Handbook v2.0.1 appendix D10, as corrected in June 2011; unverified here).
        NhsMeasure("iesr", "IES-R", 0, 88, 33, 9, verified=False, source="IAPT Data Handbook"),
        # Mobility Inventory, avoidance when alone: the mean of 27 items rated 1-5 (Chambless et
        # al. 1985): caseness >= 2.3, reliable change 0.73 (IAPT Data Handbook; unverified here).
        NhsMeasure(
            "mi",
            "MI",
            1,
            5,
            2.3,
            0.73,
            decimal=True,
            verified=False,
            source="IAPT Data Handbook",
        ),
        # OCI, 42 items 0-4, range 0-168 (Foa et al. 1998): caseness >= 40, reliable change 32
        # (IAPT Data Handbook; unverified here).
        NhsMeasure("oci", "OCI", 0, 168, 40, 32, verified=False, source="IAPT Data Handbook"),
        # PDSS, 7 items 0-4, range 0-28 (Shear et al. 2001): caseness >= 8, reliable change 5
        # (IAPT Data Handbook; unverified here).
        NhsMeasure("pdss", "PDSS", 0, 28, 8, 5, verified=False, source="IAPT Data Handbook"),
        # HAI short week, 18 items 0-3, range 0-54 (Salkovskis et al. 2002): caseness >= 18,
        # reliable change 4 (IAPT Data Handbook; unverified here).
        NhsMeasure("hai", "HAI", 0, 54, 18, 4, verified=False, source="IAPT Data Handbook"),
    )
}
ADSM_IDS: tuple[str, ...] = ("spin", "pcl5", "iesr", "mi", "oci", "pdss", "hai")
ANXIETY_IDS: tuple[str, ...] = (BACKUP_ANXIETY_MEASURE, *ADSM_IDS)


def normalise_problem(problem: object) -> str | None:
    """The stored descriptor for ``problem`` (case and spaces ignored; empty = ``none``), or
    None when it is not one of :data:`PROBLEMS`."""
    if problem is None:
        return DEFAULT_PROBLEM
    if not isinstance(problem, str):
        return None
    text = problem.strip().lower().replace("-", "_").replace(" ", "_")
    if text == "":
        return DEFAULT_PROBLEM
    return text if text in PROBLEMS else None


def anxiety_measures(problem: str | None) -> tuple[str, ...]:
    """The anxiety measures for a problem descriptor, most preferred first, ending with the
    GAD-7 back-up (Clark 2018, Table 2)."""
    return (*ADSM_FOR_PROBLEM.get(problem or DEFAULT_PROBLEM, ()), BACKUP_ANXIETY_MEASURE)


def anxiety_measure(
    problem: str | None,
    scored_sessions: Mapping[str, int],
    min_sessions: int = PAIRED_SESSIONS,
) -> str:
    """The anxiety measure an episode is judged on.

    ``scored_sessions`` maps instrument id -> number of distinct sessions it was scored at. The
    recommended ADSM for the problem descriptor when it has at least ``min_sessions`` scored
    sessions (two for a finished course's first and last score; a live view may pass 1),
    otherwise the GAD-7 (the back-up of Clark 2018, Table 2).
    """
    for measure in anxiety_measures(problem)[:-1]:
        if scored_sessions.get(measure, 0) >= min_sessions:
            return measure
    return BACKUP_ANXIETY_MEASURE


# Mean scores (the MI) are decimals: 2.73 - 2.00 may come out a hair below 0.73 in binary
# floating point, so comparisons allow this much rounding error.
TOLERANCE = 1e-9


def is_case(measure: str, score: float) -> bool:
    """At or above the measure's caseness threshold (inclusive, see :data:`MEASURES`)."""
    return score >= MEASURES[measure].caseness - TOLERANCE


def is_reliable_change(measure: str, change: float) -> bool:
    """A change (either direction) of at least the measure's reliable-change threshold."""
    return abs(change) >= MEASURES[measure].reliable_change - TOLERANCE
