"""A chart's summary is written in whole sentences, each one message a translator can word in
their own order, as the core's alerts are (tandem.core.words.Said): never a sentence glued
together from several messages ("…went from 12 to 7" + ": a reliable improvement" + "; now below
the cutoff" + "."). Read in the en-xa pseudo-language, where every message comes out in brackets,
each sentence is one bracketed message (words in its places may be bracketed inside it). The
English is as it was; the Spanish reads as one sentence."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from tandem.core.outcomes.relationship import Engagement, Gap, Rupture
from tandem.reports import picture
from tandem.reports.data import EngagementFacts, GrowthFacts, OutcomeFacts, PartnershipFacts

NAME = "Bilal G."


def _outcome(points: Any, rc: float | None = 6, cutoff: float | None = 10, cat: str = "improved"):
    f = OutcomeFacts("phq9", "PHQ-9", points, 0, 27, "higher_is_worse", cutoff, rc)
    if rc is not None:
        f.changes = [(s, v, cat) for s, v in points[1:]]
    return f


OUTCOMES = {
    "one score": _outcome([(1, 12.0)]),
    "plain": _outcome([(1, 12.0), (4, 7.0)], rc=None, cutoff=None),
    "above": _outcome([(1, 12.0), (4, 11.0)], rc=None),
    "below": _outcome([(1, 12.0), (4, 7.0)], rc=None),
    "change": _outcome([(1, 12.0), (4, 5.0)], cutoff=None),
    "change, above": _outcome([(1, 18.0), (4, 11.0)]),
    "change, below": _outcome([(1, 12.0), (4, 9.0)], cat="no_change"),
}


def _partnership(client: Any, therapist: Any, gap: float | None = None, **more: Any):
    both = sorted(set(dict(client)) & set(dict(therapist)))
    gaps = [Gap(both[-1], gap, {})] if gap is not None and both else []
    return PartnershipFacts(
        client,
        therapist,
        more.get("ruptures", []),
        gaps,
        gaps * 3 if more.get("persistent") else None,
    )


PARTNERSHIPS = {
    "both": _partnership([(3, 7.5)], [(3, 7.0)]),
    "both, then the client's": _partnership([(3, 7.5), (4, 8.0)], [(3, 7.0)]),
    "both, then each": _partnership([(3, 7.5), (4, 8.0)], [(3, 7.0), (5, 6.0)]),
    "the client's only": _partnership([(6, 9.0)], []),
    "the therapist's only": _partnership([], [(6, 9.0)]),
    "therapist higher, held": _partnership([(3, 7.5)], [(3, 8.0)], gap=0.5, persistent=True),
    "client higher": _partnership([(3, 7.5)], [(3, 7.0)], gap=-0.2),
    "dips": _partnership(
        [(2, 4.0), (3, 7.5)],
        [(3, 7.0)],
        ruptures=[Rupture(2, 4.0, 7.5, True, 3), Rupture(3, 7.5, None, False, None)],
    ),
}

GROWTH = {
    "both": GrowthFacts([(1, 1.5), (5, 2.7)], [(1, 1.2), (5, 0.8)], None, False),
    "growth": GrowthFacts([(1, 1.5), (5, 2.7)], [], None, True),
    "reliance": GrowthFacts([], [(1, 1.2), (5, 2.2)], 1.0, False),
}


def _engagement(mean: float | None, low: bool = False) -> EngagementFacts:
    return EngagementFacts([(1, 2.0)], Engagement(4, 2.5, 1.0, None, mean, low))


ENGAGEMENT = {"mean": _engagement(6.2), "no mean, low": _engagement(None, low=True)}


def _summaries() -> dict[str, str]:
    out = {f"outcome: {k}": picture.outcome_chart(f).summary for k, f in OUTCOMES.items()}
    out |= {
        f"partnership: {k}": picture.partnership_summary(p, NAME) for k, p in PARTNERSHIPS.items()
    }
    out |= {f"growth: {k}": picture.growth_summary(g) for k, g in GROWTH.items()}
    out |= {f"practice: {k}": picture.engagement_chart(e).summary for k, e in ENGAGEMENT.items()}
    return out


def _whole_messages(text: str) -> bool:
    """Whether ``text`` is bracketed messages separated by single spaces: nothing of a sentence
    (a full stop, a "; ") outside a message."""
    depth, outside = 0, ""
    for c in text:
        if c == "[":
            depth += 1
        elif c == "]":
            depth -= 1
        elif depth == 0:
            outside += c
    return depth == 0 and text.startswith("[") and text.endswith("]") and not outside.strip()


def test_each_sentence_is_one_message(pseudo_languages: Any) -> None:
    with translation.override("en-xa"):
        summaries = _summaries()
    glued = {k: s for k, s in summaries.items() if not _whole_messages(s)}
    assert glued == {}


# The English as it was before the sentences became whole messages (and as ~12,500 random and
# demo facts compared, before and after, read).
ENGLISH = {
    "outcome: one score": "PHQ-9 was 12 at session 1; one score so far.",
    "outcome: plain": "PHQ-9 went from 12 at session 1 to 7 at session 4.",
    "outcome: above": "PHQ-9 went from 12 at session 1 to 11 at session 4; now at or above the "
    "clinical cutoff of 10.",
    "outcome: change, below": "PHQ-9 went from 12 at session 1 to 9 at session 4: no reliable "
    "change yet (a change of 6 or more counts as reliable); now below the clinical cutoff of 10.",
    "partnership: both, then each": "At session 3, Bilal G. rated the session 7.5 out of 10 and "
    "the therapist rated it 7; session 4 has only Bilal G.'s rating so far (8 out of 10); session "
    "5 has only the therapist's rating so far (6 out of 10).",
    "partnership: the therapist's only": "Session 6 has only the therapist's rating so far (9 out "
    "of 10).",
    "partnership: therapist higher, held": "At session 3, Bilal G. rated the session 7.5 out of 10 "
    "and the therapist rated it 8; on the shared items at session 3, the therapist rated it 0.5 "
    "higher; the gap has held for three sessions in a row, worth talking about.",
    "partnership: dips": "At session 3, Bilal G. rated the session 7.5 out of 10 and the therapist "
    "rated it 7. 2 dips in the partnership (1 repaired).",
    "growth: both": "From the first check to the latest: growth 1.5 → 2.7, reliance 1.2 → 0.8 "
    "(0–4).",
    "growth: reliance": "From the first check to the latest: reliance 1.2 → 2.2 (0–4). Reliance is "
    "rising (about 1 over the last checks).",
    "practice: mean": "Practised about 1 time a week over the last three weeks (2.5 times a week "
    "since the first entry); on average it went 6.2 out of 10.",
    "practice: no mean, low": "Practised about 1 time a week over the last three weeks (2.5 times "
    "a week since the first entry). Practice has dropped off lately.",
}


def test_the_english_is_as_it_was() -> None:
    with translation.override("en"):
        summaries = _summaries()
    assert {k: summaries[k] for k in ENGLISH} == ENGLISH


SPANISH = {
    "outcome: change, below": "El PHQ-9 pasó de 12 en la sesión 1 a 9 en la sesión 4: todavía "
    "sin cambio fiable (se considera fiable un cambio de 6 o más); ahora está por debajo del punto "
    "de corte clínico de 10.",
    # A clause that opens the sentence is capitalised by its translation, not by code.
    "partnership: the client's only": "La sesión 6 solo tiene, por ahora, la puntuación de "
    "Bilal G. (9 sobre 10).",
    "partnership: both, then the client's": "En la sesión 3, Bilal G. puntuó la sesión con un 7,5 "
    "sobre 10 y el terapeuta, con un 7; la sesión 4 solo tiene, por ahora, la puntuación de "
    "Bilal G. (8 sobre 10).",
    # With decimal commas, the two scales are kept apart by a semicolon, not another comma.
    "growth: both": "Del primer registro al más reciente: crecimiento 1,5 → 2,7; dependencia "
    "1,2 → 0,8 (0–4).",
    "growth: reliance": "Del primer registro al más reciente: dependencia 1,2 → 2,2 (0–4). La "
    "dependencia va en aumento (alrededor de 1 punto en los últimos registros).",
    "practice: mean": "Ha practicado alrededor de 1 vez por semana en las últimas tres semanas "
    "(2,5 veces por semana desde el primer registro); de media, valoró cómo le fue con un 6,2 "
    "sobre 10.",
}


def test_the_spanish_reads_as_whole_sentences() -> None:
    with translation.override("es"):
        summaries = _summaries()
    assert {k: summaries[k] for k in SPANISH} == SPANISH


@pytest.fixture(autouse=True)
def _english_after() -> Any:
    yield
    translation.deactivate()
