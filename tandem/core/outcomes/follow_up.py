"""After the ending: a reliable worsening at a follow-up check-in, and relapse at follow-up.

**Reliable worsening** (what turns a follow-up into a returning-client request): on the PHQ-9 or
the episode's paired anxiety measure, the follow-up score is higher than the episode's last score
by at least that measure's reliable-change threshold. The thresholds and their sources are those
of :data:`tandem.core.outcomes.nhs_measures.MEASURES` (NHS Talking Therapies manual, outcome
measures appendix: PHQ-9 6, GAD-7 4; each ADSM's figure with its own source), the same ones the
outcome figures use for reliable deterioration (:mod:`tandem.core.outcomes.nhs`).

**Relapse at follow-up** (the practice report). The published follow-up literature on routine
psychological therapy measures relapse in people who recovered (remitted) by the end of
treatment and then completed the same symptom measures after it: Ali S, Rhodes L, Moreea O,
McMillan D, Gilbody S, Leach C, Lucock M, Lutz W, Delgadillo J (2017), "How durable is the effect
of low intensity CBT for depression and anxiety? Remission and relapse in a longitudinal cohort
study", Behav Res Ther 94:1-8, doi:10.1016/j.brat.2017.04.006 (439 completers in remission at the
end, PHQ-9 and GAD-7 monthly for 12 months; 53% relapsed within a year). Only the abstract of that
study could be read while writing this, not its exact relapse criterion, so Tandem uses the
definition the brief named for that case, built from the NHS Talking Therapies rules the report
already applies (docs/outcomes.md, "Relapse at follow-up", says this in full):

* the denominator: episodes **recovered at the end** (:mod:`tandem.core.outcomes.nhs`: paired,
  a case at the first score and not at the last) with at least one follow-up check-in at which
  the PHQ-9 and the episode's paired anxiety measure were both answered;
* **relapsed**: at any such follow-up, a case again on the paired measures, i.e. the PHQ-9 at or
  above 10 or the anxiety measure at or above its caseness threshold (the NHS caseness rule,
  :func:`tandem.core.outcomes.nhs_measures.is_case`);
* the rate: relapsed over the denominator (None over zero); in the practice report, not shown
  when the denominator is under the report's small-number limit
  (:data:`tandem.core.outcomes.reports.MIN_CELL`, :func:`relapse_rate`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass

from tandem.core.outcomes.nhs_measures import MEASURES, TOLERANCE, is_case
from tandem.core.outcomes.reports import MIN_CELL, Rate


def reliably_worse(measure: str, last_score: float, follow_up_score: float) -> bool:
    """The follow-up score is higher than the episode's last by at least the measure's
    reliable-change threshold (all these measures are higher-is-worse)."""
    return follow_up_score - last_score >= MEASURES[measure].reliable_change - TOLERANCE


def worsened_measures(
    last_scores: Mapping[str, float], follow_up_scores: Mapping[str, float]
) -> list[str]:
    """The measures (of those scored both at the episode's end and at the follow-up, and known
    to :data:`MEASURES`) on which the client is reliably worse, in ``follow_up_scores`` order."""
    return [
        measure
        for measure, now in follow_up_scores.items()
        if measure in MEASURES
        and measure in last_scores
        and reliably_worse(measure, last_scores[measure], now)
    ]


def case_at_follow_up(anxiety_measure: str, phq9: float, anxiety: float) -> bool:
    """A case on the paired measures: PHQ-9 or the anxiety measure at or above its caseness."""
    return is_case("phq9", phq9) or is_case(anxiety_measure, anxiety)


@dataclass(frozen=True)
class FollowedEpisode:
    """One episode recovered at the end, with its follow-up check-ins' paired scores.

    ``follow_ups``: (PHQ-9, anxiety score) at each check-in where both were answered."""

    anxiety_measure: str
    follow_ups: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Relapse:
    followed: int  # recovered at the end, with at least one follow-up on the paired measures
    relapsed: int  # a case again at any of those follow-ups
    rate: float | None

    def to_dict(self) -> dict[str, int | float | None]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Relapse:
        rate = data.get("rate")
        return cls(
            followed=int(str(data.get("followed", 0))),
            relapsed=int(str(data.get("relapsed", 0))),
            rate=None if rate is None else float(str(rate)),
        )


def relapse_at_follow_up(episodes: Iterable[FollowedEpisode]) -> Relapse:
    """Relapse at follow-up as the module docstring defines it, over episodes recovered at the
    end (the caller passes only those)."""
    followed = relapsed = 0
    for episode in episodes:
        if not episode.follow_ups:
            continue
        followed += 1
        if any(case_at_follow_up(episode.anxiety_measure, p, a) for p, a in episode.follow_ups):
            relapsed += 1
    return Relapse(followed, relapsed, relapsed / followed if followed else None)


def relapse_rate(episodes: Iterable[FollowedEpisode], min_cell: int = MIN_CELL) -> Rate:
    """Relapse at follow-up as the practice report shows it: suppressed (every figure None) when
    fewer than ``min_cell`` recovered episodes were followed up, like every other cell."""
    found = relapse_at_follow_up(episodes)
    if found.followed < min_cell:
        return Rate(None, None, None, True)
    return Rate(found.relapsed, found.followed, found.rate, False)
