"""Every sentence the alerts write is a whole translatable template, and its English is unchanged.

The English below was written by the alerts before they became translatable (issue 20): the JSON
API, the command line and practices' scripts read it, so not a character may move.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import numpy as np
import pandas as pd

from tandem.core.outcomes.alerts import (
    Alert,
    BlankRiskItem,
    EpisodeSeries,
    InstrumentMeta,
    episode_alerts,
    note_unverified,
)
from tandem.core.outcomes.bands import PHQ9_GROUPS, Bands, not_on_track
from tandem.core.outcomes.nhs_measures import unverified_threshold_notes, unverified_thresholds
from tandem.core.outcomes.relationship import PracticeEntry, RelationshipRules
from tandem.core.words import Said, english_number

META = {
    "phq9": InstrumentMeta("PHQ-9", "higher_is_worse", cutoff=10, reliable_change=6),
    "gad7": InstrumentMeta("GAD-7", "higher_is_worse", cutoff=8, reliable_change=4),
    "wemwbs": InstrumentMeta("WEMWBS", "lower_is_worse", cutoff=40, reliable_change=3.5),
    "spin": InstrumentMeta("SPIN", "higher_is_worse", cutoff=19, reliable_change=10),
}
TODAY = date(2026, 3, 1)
CASES = {
    "deterioration": EpisodeSeries(scores={"phq9": [(1, 14), (2, 18), (3, 21)]}, meta=META),
    "fall": EpisodeSeries(scores={"wemwbs": [(1, 45.5), (2, 42)]}, meta=META),
    "not_on_track": EpisodeSeries(
        scores={"phq9": [(1, 14), (2, 13), (3, 12), (4, 12.5)]}, meta=META
    ),
    "rupture": EpisodeSeries(
        partnership_client={1: {"h": 8.0}, 2: {"h": 8.5}, 3: {"h": 8.0}, 4: {"h": 5.5}}
    ),
    "rupture_floor": EpisodeSeries(partnership_client={1: {"h": 4.5}}),
    "repair": EpisodeSeries(
        partnership_client={s: {"h": v} for s, v in enumerate((8.0, 8.0, 8.0, 5.0, 7.75), 1)}
    ),
    "gap": EpisodeSeries(
        partnership_client={s: {"h": 6.0} for s in (1, 2, 3)},
        partnership_therapist={1: {"h": 8.0}, 2: {"h": 7.5}, 3: {"h": 8.25}},
    ),
    "gap_lower": EpisodeSeries(
        partnership_client={s: {"h": 9.0} for s in (1, 2, 3)},
        partnership_therapist={s: {"h": 7.0} for s in (1, 2, 3)},
    ),
    "feeling_better": EpisodeSeries(
        scores={"phq9": [(1, 16), (2, 14), (3, 12), (4, 10)]},
        meta=META,
        reliance=[(2, 1.0), (3, 1.5), (4, 2.0)],
    ),
    "reliance_rising": EpisodeSeries(
        scores={"phq9": [(1, 12), (2, 12), (3, 13)]},
        meta=META,
        reliance=[(1, 1.0), (2, 1.5), (3, 2.0)],
    ),
    "ready": EpisodeSeries(
        scores={"phq9": [(1, 15), (5, 6), (6, 5)], "gad7": [(1, 12), (6, 3.5)]},
        meta=META,
        growth=[(5, 3.2), (6, 3.5)],
        reliance=[(5, 1.0), (6, 0.4)],
    ),
    "low_engagement": EpisodeSeries(
        practice_log=[
            PracticeEntry(TODAY - timedelta(days=d), d > 25, None) for d in (1, 26, 27, 28)
        ],
        as_of=TODAY,
    ),
    "risk_blank": EpisodeSeries(
        scores={"phq9": [(1, 12), (2, 12)]},
        meta=META,
        blank_risk=[BlankRiskItem(2, "phq9", 9, "thoughts of self-harm")],
    ),
    "unverified": EpisodeSeries(scores={"spin": [(1, 20), (2, 31)]}, meta=META, measures=["spin"]),
}
ENGLISH = [
    "PHQ-9 went from 14 to 21 since intake: a rise of 7, more than the 6 that counts as reliable",
    "WEMWBS went from 45.5 to 42 since intake: a fall of 3.5, at least the 3.5 that counts as "
    "reliable",
    "By session 4, PHQ-9 has not improved reliably: from 14 to 12.5, a fall of 1.5, less than "
    "the 6 that counts as reliable",
    "The client's partnership score at session 4 fell to 5.5 from the client's recent level of "
    "8, a drop of 2.5 (2 or more counts as a rupture); worth talking about together",
    "The client's partnership score at session 1 was 4.5, below the floor of 5; worth talking "
    "about together",
    "The partnership score is back to 7.8 at session 5 after falling to 5 at session 4: the "
    "rupture looks repaired",
    "At the last 3 sessions the therapist rated the partnership higher than the client did, by "
    "2, 1.5, 2.2 points on 0-10 (a gap of 1.5 or more each time): something to talk about, not "
    "a verdict",
    "At the last 3 sessions the therapist rated the partnership lower than the client did, by "
    "2, 2, 2 points on 0-10 (a gap of 1.5 or more each time): something to talk about, not a "
    "verdict",
    "PHQ-9 fell from 16 to 10 since intake, a reliable fall (6 or more), while reliance rose by "
    "1.0 (0-4) between sessions 2 and 4: feeling better may not yet be getting better",
    "Reliance rose by 1.0 on 0-4 between sessions 1 and 3 (0.5 or more counts as rising)",
    "PHQ-9 is 5 (below the cutoff of 10), down 10 since intake; GAD-7 is 3.5 (below 8); no risk "
    "answer at the last 4 sessions; growth was 3.2 and 3.5 and reliance 1 and 0.4 at the last 2 "
    "checks: worth talking about a planned ending",
    "Practice logged 0 times a week over the last 3 weeks, fewer than 1 a week",
    "PHQ-9 question 9 (thoughts of self-harm) was left blank at session 2: ask about safety",
    "SPIN went from 20 to 31 since intake: a rise of 11, more than the 10 that counts as "
    "reliable (the SPIN's NHS thresholds are not yet checked against the published text)",
]
REASONS = [
    "By session 4, PHQ-9 has not improved reliably: from 14 to 13.5, a fall of 0.5, less than "
    "the 6 that counts as reliable",
    "By session 4, PHQ-9 has not improved reliably: from 20 to 20, no change, less than the 6 "
    "that counts as reliable",
    "By session 4, PHQ-9 has not improved reliably: from 12 to 16, a rise of 4, less than the 6 "
    "that counts as reliable",
    "At session 3, PHQ-9 is 14; three in four clients who started in the moderately severe "
    "(15-19) range were at 8.75 or lower by this session",
]


def _alerts() -> list[Alert]:
    return [a for series in CASES.values() for a in note_unverified(episode_alerts(series))]


def _reasons() -> list[Said]:
    fallback = pd.DataFrame(
        {
            "episode_id": [1, 1, 2, 2, 3, 3],
            "session": [1, 4] * 3,
            "score": [14, 13.5, 20, 20, 12, 16],
        }
    )
    shape = (len(PHQ9_GROUPS), 5)
    bands = Bands(
        "phq9",
        "higher_is_worse",
        PHQ9_GROUPS,
        30,
        np.full(shape, 50, dtype=np.int64),
        {q: np.full(shape, 8.0 + q / 100) for q in (10, 25, 50, 75, 90)},
    )
    banded = pd.DataFrame({"episode_id": [4, 4], "session": [1, 3], "score": [16, 14]})
    tables = [not_on_track(fallback, instrument=None), not_on_track(banded, bands, instrument=None)]
    for table in tables:
        assert list(table["reason"]) == [str(s) for s in table["said"]]
    return [s for table in tables for s in table["said"]]


def test_it_writes_the_same_english_as_before() -> None:
    assert [a.sentence for a in _alerts()] == ENGLISH
    assert [str(s) for s in _reasons()] == REASONS
    assert unverified_thresholds(["spin", "pcl5", "phq9"]) == [
        "SPIN: the caseness 19 and reliable change 10 thresholds are not yet checked against "
        "the NHS text",
        "PCL-5: the caseness 32 and reliable change 10 thresholds are not yet checked against "
        "the NHS text",
    ]


def test_every_word_comes_from_a_template() -> None:
    # A pseudo-language that replaces every letter of a template (not its places): whatever
    # English is left was glued on outside a template. Only data may remain: the measures'
    # labels and the risk question's topic from its instrument file. Lists are joined by the
    # reader's language too ("6 y 7"), so the joining word is the translator's as well.
    def pseudo(template: str, plural: str | None = None, count: int = 1) -> str:
        chosen = plural if plural is not None and count != 1 else template
        return re.sub(r"\{[a-z_]+\}|[A-Za-z]", lambda m: m[0] if len(m[0]) > 1 else "x", chosen)

    data = {"PHQ-9", "GAD-7", "WEMWBS", "SPIN", "PCL-5", "thoughts of self-harm"}
    said = [a.said for a in _alerts()] + _reasons() + unverified_threshold_notes(["spin"])
    assert len(said) == len(ENGLISH) + len(REASONS) + 1
    for one in said:
        text = one.render(pseudo, english_number, lambda items, how: " & ".join(items))
        for word in data:
            text = text.replace(word, "")
        assert not re.search(r"[A-Za-wyz]", text), (str(one), text)


def test_a_count_of_one_reads_in_the_singular() -> None:
    # A practice may set its own counts to one (RelationshipRules); English says "session".
    rules = RelationshipRules(gap_sessions=1, engagement_window_weeks=1)
    (gap,) = episode_alerts(
        EpisodeSeries(partnership_client={1: {"h": 6.0}}, partnership_therapist={1: {"h": 8.0}}),
        rules=rules,
    )
    assert gap.sentence.startswith("At the last 1 session the therapist")
    assert gap.said.plural is not None and gap.said.values["count"] == 1
