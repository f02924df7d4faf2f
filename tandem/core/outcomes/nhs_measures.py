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

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from tandem.core.words import Said, Value, gettext_noop

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
    """One measure's facts for the NHS Talking Therapies rules (all higher-is-worse).

    Each threshold carries its own verification: ``caseness_verified`` / ``change_verified`` are
    True only when the figure was compared with the text of a published NHS source, which is then
    named in ``caseness_source`` / ``change_source``. A False figure is the one commonly reported
    for the programme, kept because no published alternative was found, and every page that
    uses it says so (:func:`unverified_thresholds`).
    """

    id: str
    label: str
    min: float
    max: float
    caseness: float  # a score at or above this is a case
    reliable_change: float  # a change of at least this much is reliable
    decimal: bool = False  # the total is a mean (the MI), so scores need not be whole
    caseness_verified: bool = True
    change_verified: bool = True
    caseness_source: str = ""
    change_source: str = ""

    @property
    def verified(self) -> bool:
        """Both thresholds checked against a published NHS source."""
        return self.caseness_verified and self.change_verified


# Sources, checked on 2026-12-04 (the exact wording is quoted in docs/outcomes.md, "ADSM thresholds:
# what was checked"):
#
# * NHS_TT: NHS England, NHS Talking Therapies for anxiety and depression manual (outcome measures
#   appendix) and the NHS Digital annual-report glossary: PHQ-9 caseness 10 or more, reliable
#   change 6; GAD-7 caseness 8 or more, reliable change 4.
# * NHS_DD_MI: NHS Data Dictionary, NHS business definition "Agoraphobia Mobility Inventory
#   Questionnaire": 27 situations rated 1-5, scored as the average rating, "Avoidance when alone"
#   scale, "a cut-off score above an item average of 2.3 should be applied" (the same figure as
#   Tandem's caseness; on "above" against "at or above" see docs/outcomes.md: with 22-27 answered
#   items a mean of exactly 2.3 cannot occur, so the two readings never differ in practice).
# * NHS_DD_OCI: NHS Data Dictionary, data element OBSESSIVE COMPULSIVE DISORDER INVENTORY SCORE
#   (May 2015 release): "The score is in the range 0 to 168", i.e. the 42-item OCI rated 0-4 of
#   Foa et al. (1998), the version Clark (2018, Table 2) cites, not the 18-item OCI-R (0-72). It
#   confirms the version and range of oci.yaml, not the thresholds.
#
# No NHS text for the other ADSM thresholds could be reached while writing this (the manual's
# appendix table and the IAPT Data Handbook v2.0.1 appendix D were not available in full); those
# stay unverified, and no different published NHS figure was found for any of them.
NHS_TT = "NHS Talking Therapies manual, outcome measures appendix"
NHS_DD_MI = "NHS Data Dictionary: Agoraphobia Mobility Inventory Questionnaire (cut-off 2.3)"
HANDBOOK = "IAPT Data Handbook v2.0.1 appendix D, as commonly reported (not checked)"

MEASURES: dict[str, NhsMeasure] = {
    m.id: m
    for m in (
        # PHQ-9, range 0-27 (Kroenke, Spitzer & Williams 2001): caseness >= 10, reliable change 6.
        NhsMeasure("phq9", "PHQ-9", 0, 27, 10, 6, caseness_source=NHS_TT, change_source=NHS_TT),
        # GAD-7, range 0-21 (Spitzer et al. 2006): caseness >= 8, reliable change 4.
        NhsMeasure("gad7", "GAD-7", 0, 21, 8, 4, caseness_source=NHS_TT, change_source=NHS_TT),
        # SPIN, 17 items 0-4, range 0-68 (Connor et al. 2000): caseness >= 19, reliable change 10.
        # UNVERIFIED: no NHS text reached.
        NhsMeasure(
            "spin",
            "SPIN",
            0,
            68,
            19,
            10,
            caseness_verified=False,
            change_verified=False,
            caseness_source=HANDBOOK,
            change_source=HANDBOOK,
        ),
        # PCL-5, 20 items 0-4, range 0-80 (Weathers et al. 2013): caseness >= 32, reliable change
        # 10. UNVERIFIED against an NHS text; the US National Center for PTSD suggests a cut-off
        # between 31 and 33, which 32 sits inside, but that is not the NHS definition.
        NhsMeasure(
            "pcl5",
            "PCL-5",
            0,
            80,
            32,
            10,
            caseness_verified=False,
            change_verified=False,
            caseness_source="NHS Talking Therapies manual, as commonly reported (not checked)",
            change_source="NHS Talking Therapies manual, as commonly reported (not checked)",
        ),
        # IES-R, 22 items 0-4, range 0-88 (Weiss & Marmar 1997): caseness >= 33, reliable change
        # 9. UNVERIFIED: the handbook's version history says its IES-R cut-off was corrected in
        # June 2011 (v2.0.1) but the corrected figure itself was not reached.
        NhsMeasure(
            "iesr",
            "IES-R",
            0,
            88,
            33,
            9,
            caseness_verified=False,
            change_verified=False,
            caseness_source=HANDBOOK,
            change_source=HANDBOOK,
        ),
        # Mobility Inventory, avoidance when alone: the mean of 27 items rated 1-5 (Chambless et
        # al. 1985). Caseness 2.3 VERIFIED (NHS_DD_MI above); reliable change 0.73 UNVERIFIED.
        NhsMeasure(
            "mi",
            "MI",
            1,
            5,
            2.3,
            0.73,
            decimal=True,
            caseness_verified=True,
            change_verified=False,
            caseness_source=NHS_DD_MI,
            change_source=HANDBOOK,
        ),
        # OCI, 42 items 0-4, range 0-168 (Foa et al. 1998; version and range confirmed by the NHS
        # Data Dictionary, NHS_DD_OCI above): caseness >= 40, reliable change 32 UNVERIFIED.
        NhsMeasure(
            "oci",
            "OCI",
            0,
            168,
            40,
            32,
            caseness_verified=False,
            change_verified=False,
            caseness_source=HANDBOOK,
            change_source=HANDBOOK,
        ),
        # PDSS, 7 items 0-4, range 0-28 (Shear et al. 2001): caseness >= 8, reliable change 5.
        # UNVERIFIED.
        NhsMeasure(
            "pdss",
            "PDSS",
            0,
            28,
            8,
            5,
            caseness_verified=False,
            change_verified=False,
            caseness_source=HANDBOOK,
            change_source=HANDBOOK,
        ),
        # HAI short week, 18 items 0-3, range 0-54 (Salkovskis et al. 2002): caseness >= 18,
        # reliable change 4. UNVERIFIED. The handbook's version history says its HAI (short
        # week) scoring advice was corrected in March 2011 (v2.0), and the authors' department
        # scores the short version's main section on the first 14 items (0-42), the 4
        # "awfulness" items apart; whether 18 / 4 apply to that or to all 18 items is open
        # (docs/outcomes.md, "HAI scoring").
        NhsMeasure(
            "hai",
            "HAI",
            0,
            54,
            18,
            4,
            caseness_verified=False,
            change_verified=False,
            caseness_source=HANDBOOK,
            change_source=HANDBOOK,
        ),
    )
}


def unverified_thresholds(measures: Iterable[str]) -> list[str]:
    """Plain-words notes for each measure in ``measures`` (ids, in order, repeats ignored) whose
    caseness or reliable-change figure is not verified, for the pages that use them (in English;
    :func:`unverified_threshold_notes` gives them translatable)."""
    return [str(note) for note in unverified_threshold_notes(measures)]


def unverified_threshold_notes(measures: Iterable[str]) -> list[Said]:
    """The notes of :func:`unverified_thresholds`, each a translatable sentence."""
    notes: list[Said] = []
    seen: set[str] = set()
    for measure_id in measures:
        m = MEASURES.get(measure_id)
        if m is None or m.id in seen or m.verified:
            continue
        seen.add(m.id)
        values: dict[str, Value] = {
            "label": m.label,
            "caseness": float(m.caseness),
            "change": float(m.reliable_change),
        }
        if not m.caseness_verified and not m.change_verified:
            template = gettext_noop(
                "{label}: the caseness {caseness} and reliable change {change} thresholds are "
                "not yet checked against the NHS text"
            )
        elif not m.caseness_verified:
            template = gettext_noop(
                "{label}: the caseness {caseness} threshold is not yet checked against the NHS text"
            )
        else:
            template = gettext_noop(
                "{label}: the reliable change {change} threshold is not yet checked against the "
                "NHS text"
            )
        notes.append(Said(template, values))
    return notes


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
