"""From the database to the outcomes core and back: alerts per episode, the practice's bands.

The clinical rules live in tandem.core.outcomes; this module only gathers the numbers (in a fixed
number of queries for any number of episodes) and passes them in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from datetime import timedelta
from typing import Any

from django.db.models import Case, F, JSONField, Value, When
from django.utils import timezone

from tandem.care.models import Episode
from tandem.core.instruments import Instrument, risk_signals
from tandem.core.instruments.translation import risk_topic
from tandem.core.outcomes.alerts import (
    Alert,
    BlankRiskItem,
    EpisodeSeries,
    InstrumentMeta,
    many_episode_alerts,
    note_unverified,
    while_paused,
)
from tandem.core.outcomes.bands import GROUPS_BY_INSTRUMENT, Bands, learn_bands
from tandem.core.outcomes.nhs_measures import anxiety_measure
from tandem.core.outcomes.relationship import PracticeEntry
from tandem.measures import registry, snapshots
from tandem.measures.models import PracticeSnapshot, Response
from tandem.measures.tasks import request_recompute

PRIMARY = "phq9"
# The measures that have learned bands and that the practice's alert replay reads: PHQ-9 and
# GAD-7. Each episode's not-on-track and graduation use PHQ-9 with its paired anxiety measure
# (measures_in_use): an anxiety-disorder-specific measure is judged by the fixed rule until
# bands are learned for it.
MEASURES = ("phq9", "gad7")
# Bands move slowly (they are learned from finished episodes); the worker relearns them nightly.
BANDS_MAX_AGE = timedelta(hours=36)


def instrument_meta() -> dict[str, InstrumentMeta]:
    meta = {}
    for instrument in registry.registry().values():
        if instrument.direction is None:
            continue
        meta[instrument.id] = InstrumentMeta(
            label=instrument.short_title,
            direction=instrument.direction,
            cutoff=instrument.cutoff,
            reliable_change=instrument.reliable_change_threshold,
        )
    return meta


def measures_in_use(
    episode: Episode, scores: dict[str, list[tuple[int, float]]]
) -> tuple[str, str]:
    """PHQ-9 and the anxiety measure paired with it for the episode's problem descriptor: the
    disorder-specific measure once it has a score, else the GAD-7 (NHS Talking Therapies
    pairing, tandem.core.outcomes.nhs_measures; a live view needs one score, not two)."""
    counts = {m: len({s for s, _ in points}) for m, points in scores.items()}
    return (PRIMARY, anxiety_measure(episode.problem, counts, min_sessions=1))


def risk_items() -> dict[str, Instrument]:
    """The instruments with a question marked ``risk:`` in their file, by id."""
    return {
        instrument.id: instrument
        for instrument in registry.registry().values()
        if any(item.risk is not None for item in instrument.items)
    }


def _risk_answers(
    instrument: Instrument, session: int, answers: dict[str, Any]
) -> tuple[bool, list[BlankRiskItem]]:
    """(a risk answer was given, the risk questions left blank) in one response.

    A response with no item answers at all is an imported total (``tandem import-scores``):
    nobody was asked the questions there, so none counts as left blank.
    """
    blank: list[BlankRiskItem] = []
    if not answers:
        return False, blank
    for number, item in enumerate(instrument.items, start=1):
        if item.risk is not None and answers.get(item.id) is None:
            blank.append(BlankRiskItem(session, instrument.id, number, risk_topic(item.risk)))
    return bool(risk_signals(instrument, answers)), blank


def _numbers(answers: dict[str, Any]) -> dict[str, float]:
    return {
        k: float(v)
        for k, v in answers.items()
        if isinstance(v, int | float) and not isinstance(v, bool)
    }


def series_for_episodes(episodes: Iterable[Episode]) -> dict[int, EpisodeSeries]:
    """An EpisodeSeries per episode id, from three queries whatever the number of episodes."""
    episodes = list(episodes)
    scores: dict[int, dict[str, list[tuple[int, float]]]] = defaultdict(lambda: defaultdict(list))
    client_side: dict[int, dict[int, dict[str, float]]] = defaultdict(dict)
    therapist_side: dict[int, dict[int, dict[str, float]]] = defaultdict(dict)
    growth: dict[int, list[tuple[int, float]]] = defaultdict(list)
    reliance: dict[int, list[tuple[int, float]]] = defaultdict(list)
    logs: dict[int, list[PracticeEntry]] = defaultdict(list)
    risk_sessions: dict[int, list[int]] = defaultdict(list)
    blank_risk: dict[int, list[BlankRiskItem]] = defaultdict(list)
    with_risk = risk_items()
    # Only the partnership scales, the practice log and instruments with a risk question are
    # read item by item; the other instruments' answers are left in the database rather than
    # decoded for nothing.
    itemised = (registry.SESSION_SCALE, registry.MIRROR_SCALE, registry.PRACTICE_LOG, *with_risk)
    rows = (
        Response.objects.filter(episode__in=episodes, private=False)
        .annotate(
            items=Case(
                When(instrument_id__in=itemised, then=F("answers")),
                default=Value(None),
                output_field=JSONField(),
            )
        )
        .values_list("episode_id", "session__number", "instrument_id", "total", "items", "log_date")
        .order_by("session__number", "submitted_at")
    )
    for episode_id, number, instrument_id, total, answers, log_date in rows:
        if instrument_id == registry.PRACTICE_LOG:
            if log_date is not None:
                logs[episode_id].append(
                    PracticeEntry(
                        day=log_date, practised=answers.get("practised") == 1, how_it_went=total
                    )
                )
            continue
        if number is None:
            continue
        if instrument_id in with_risk and answers is not None:
            given, blank = _risk_answers(with_risk[instrument_id], number, answers)
            if given:
                risk_sessions[episode_id].append(number)
            blank_risk[episode_id] += blank
        if instrument_id == registry.SESSION_SCALE:
            client_side[episode_id][number] = _numbers(answers)
        elif instrument_id == registry.MIRROR_SCALE:
            therapist_side[episode_id][number] = _numbers(answers)
        elif instrument_id == "growth" and total is not None:
            growth[episode_id].append((number, total))
        elif instrument_id == "reliance" and total is not None:
            reliance[episode_id].append((number, total))
        elif total is not None:
            scores[episode_id][instrument_id].append((number, total))
    meta = instrument_meta()
    today = timezone.localdate()
    return {
        e.pk: EpisodeSeries(
            scores={k: tuple(v) for k, v in scores[e.pk].items()},
            meta=meta,
            primary=PRIMARY,
            measures=measures_in_use(e, scores[e.pk]),
            partnership_client=client_side[e.pk],
            partnership_therapist=therapist_side[e.pk],
            growth=tuple(growth[e.pk]),
            reliance=tuple(reliance[e.pk]),
            practice_log=tuple(sorted(logs[e.pk], key=lambda entry: entry.day)),
            as_of=today,
            risk_sessions=tuple(risk_sessions[e.pk]),
            blank_risk=tuple(blank_risk[e.pk]),
        )
        for e in episodes
    }


# Severity groups for each measure's bands (their sources are in tandem.core.outcomes.bands).
BAND_GROUPS = GROUPS_BY_INSTRUMENT


def _learn_bands(practice_id: int, instrument_id: str = PRIMARY) -> Bands | None:
    import pandas as pd

    rows = Response.objects.filter(
        episode__client__practice_id=practice_id,
        episode__status=Episode.ENDED,
        instrument_id=instrument_id,
        total__isnull=False,
        session__isnull=False,
    ).values_list("episode_id", "session__number", "total")
    frame = pd.DataFrame(list(rows), columns=["episode_id", "session", "score"])
    meta = instrument_meta().get(instrument_id)
    if not len(frame) or meta is None:
        return None
    # Recovered episodes' last score carried forward, against survivorship (the choice was
    # measured: docs/outcomes.md, "Bands without survivorship bias"). Learned for the measure
    # by name: the alerts use a set of bands only for the measure it names.
    learned = learn_bands(
        frame,
        instrument=None,
        direction=meta.direction,
        groups=BAND_GROUPS[instrument_id],
        carry_forward=True,
        cutoff=meta.cutoff,
    )
    return replace(learned, instrument=instrument_id)


def bands_to_json(bands: Bands | None) -> dict[str, Any]:
    """Bands as the snapshot keeps them, under ``bands`` (:meth:`Bands.to_dict`)."""
    return {"bands": bands.to_dict() if bands is not None else None}


def bands_from_json(payload: dict[str, Any]) -> Bands | None:
    data = payload.get("bands")
    if not data:
        return None
    return Bands.from_dict(data)


def compute_bands_payload(practice_id: int) -> dict[str, Any]:
    """The primary measure's bands under ``bands`` (as before), every measure's under
    ``by_instrument``."""
    learned = {m: _learn_bands(practice_id, m) for m in MEASURES if m in BAND_GROUPS}
    return {
        **bands_to_json(learned.get(PRIMARY)),
        "by_instrument": {m: bands_to_json(b) for m, b in learned.items() if b is not None},
    }


def practice_bands(practice_id: int, instrument_id: str = PRIMARY) -> Bands | None:
    """One measure's expected bands (see :func:`all_practice_bands`)."""
    return all_practice_bands(practice_id).get(instrument_id)


def all_practice_bands(practice_id: int) -> dict[str, Bands]:
    """Expected bands learned from the practice's own finished episodes, by measure (cells
    below the core's minimum stay empty, and the core falls back to the published rule for them).

    Read from the practice's snapshot, which the worker refreshes nightly (one query); with no
    snapshot yet they are learned here and stored for every process to share.
    """
    snapshot = snapshots.read(practice_id, PracticeSnapshot.BANDS)
    if snapshot is None:
        snapshot = snapshots.compute_and_store(
            practice_id, PracticeSnapshot.BANDS, compute_bands_payload
        )
    elif timezone.now() - snapshot.computed_at > BANDS_MAX_AGE:
        # A missed night (no worker running): ask for a fresh set, use this one meanwhile.
        request_recompute(practice_id, PracticeSnapshot.BANDS)
    payload = snapshot.payload
    found = {
        m: b
        for m, one in (payload.get("by_instrument") or {}).items()
        if (b := bands_from_json(one)) is not None
    }
    primary = bands_from_json(payload)
    if primary is not None:  # a snapshot from before there were bands for every measure
        found.setdefault(primary.instrument, primary)
    return found


def alerts_for_episodes(episodes: Iterable[Episode]) -> dict[int, list[Alert]]:
    """The live alerts of each episode. An ended episode has none: nobody is there to act on
    them (its history stays on the client's page). A paused one has its safety prompts only."""
    all_episodes = list(episodes)
    result: dict[int, list[Alert]] = {e.pk: [] for e in all_episodes}
    episodes = [e for e in all_episodes if e.status != Episode.ENDED]
    if not episodes:
        return result
    series = series_for_episodes(episodes)
    by_practice: dict[int, dict[int, EpisodeSeries]] = defaultdict(dict)
    for episode in episodes:
        by_practice[episode.client.practice_id][episode.pk] = series[episode.pk]
    for practice_id, group in by_practice.items():
        result.update(many_episode_alerts(group, all_practice_bands(practice_id)))
    # A paused episode shows its safety prompts only (tandem.core.outcomes.alerts.PAUSED_KINDS);
    # an alert resting on an unchecked ADSM threshold says so.
    for episode in episodes:
        found = note_unverified(result[episode.pk])
        result[episode.pk] = while_paused(found) if episode.status == Episode.PAUSED else found
    return result
