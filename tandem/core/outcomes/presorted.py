"""A fast path for the usual export: each episode's rows together, in session order.

The general reader (:func:`tandem.core.outcomes.reader.check_table`) numbers episode ids by
hashing, checks every rule row by row so it can name the line, and sorts the rows when they are
not in order. Most files come from one export that already lists whole-number episode ids in
ascending order with each episode's rows in session order. For those, :func:`episode_scores`
finds each episode's first and last PHQ-9 and GAD-7 scores in a few passes over the columns,
with no hashing and no sort.

It only ever *accepts* input. Anything it does not recognise as clean and ordered (a score out of
range, a session below 1, rows out of order, the same episode/session/instrument twice) makes it
return ``None``, and the caller runs the general path, which finds the first bad line and says
what is wrong. So the two paths cannot disagree about what is an error, and
``tests/test_presorted_fast_path.py`` checks that they agree on the numbers.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from tandem.core.outcomes.nhs import MEASURES, MeasureScores

IntArray = npt.NDArray[np.integer[Any]]

# Each thread gets at least this many rows: below that, one thread is quicker than starting more.
PARALLEL_ROWS = 1_000_000


@dataclass(frozen=True)
class EpisodeScores:
    """Per episode (labelled by ``episode_ids``), one :class:`MeasureScores` per measure in
    :data:`MEASURES` order; ``ignored`` rows were for other instruments."""

    episode_ids: IntArray
    measures: tuple[MeasureScores, ...]
    ignored: int


def episode_scores(
    episode: IntArray,
    session: IntArray,
    instrument: npt.NDArray[np.int8],
    score: IntArray,
    threads: int | None = None,
) -> EpisodeScores | None:
    """First/last scores per episode and measure, or ``None`` when the general path is needed.

    ``instrument`` holds each row's code in :data:`MEASURES` (-1 for another instrument);
    ``episode``, ``session`` and ``score`` are whole numbers with nothing missing. A large table
    is cut at episode boundaries into one part per thread (default: one per available core);
    numpy lets go of the interpreter lock inside each pass, so the parts run side by side.
    """
    if not all(a.dtype.kind in "iu" for a in (episode, session, score)) or episode.size == 0:
        return None
    if threads is None:
        threads = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    parts = min(threads, episode.size // PARALLEL_ROWS)
    if parts < 2:
        return _episode_scores(episode, session, instrument, score)
    cuts = _cuts(episode, parts)
    if cuts is None:
        return None
    pieces = [slice(a, b) for a, b in zip(cuts[:-1], cuts[1:], strict=True)]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(len(pieces)) as pool:
        results = list(
            pool.map(
                lambda p: _episode_scores(episode[p], session[p], instrument[p], score[p]),
                pieces,
            )
        )
    if any(r is None for r in results):
        return None
    done = [r for r in results if r is not None]
    return EpisodeScores(
        np.concatenate([r.episode_ids for r in done]),
        tuple(
            MeasureScores(
                np.concatenate([r.measures[m].first for r in done]),
                np.concatenate([r.measures[m].last for r in done]),
                np.concatenate([r.measures[m].sessions for r in done]),
            )
            for m in range(len(MEASURES))
        ),
        sum(r.ignored for r in done),
    )


def _cuts(episode: IntArray, parts: int) -> list[int] | None:
    """Row numbers that cut the table into ``parts`` pieces, each cut where a new episode id
    starts that is larger than the one before (so no episode is split and ids still ascend
    across the cuts); ``None`` when there is no such place near a cut."""
    cuts = [0]
    for k in range(1, parts):
        at = k * episode.size // parts
        window = episode[at : at + PARALLEL_ROWS // 10]
        rises = np.flatnonzero(window[1:] > window[:-1])
        if rises.size == 0:
            return None
        cuts.append(at + int(rises[0]) + 1)
    cuts.append(episode.size)
    return cuts


def _episode_scores(
    episode: IntArray, session: IntArray, instrument: npt.NDArray[np.int8], score: IntArray
) -> EpisodeScores | None:
    ignored = 0
    if int(instrument.min()) < 0:
        keep = instrument >= 0
        rows = np.flatnonzero(keep)
        ignored = keep.size - rows.size
        episode, session, instrument, score = (
            episode[rows],
            session[rows],
            instrument[rows],
            score[rows],
        )
    if episode.size == 0 or not _in_range(session, instrument, score):
        return None
    starts = _episode_starts(episode, session, instrument)
    if starts is None:
        return None
    n_rows = episode.size
    measures = []
    before_all = np.zeros(starts.size, dtype=np.int64)
    for number, measure in enumerate(MEASURES):
        rows_of = np.flatnonzero(instrument == measure.code)
        # How many of this measure's rows come before each episode's first row. Every kept row
        # is one of the measures, so the last measure's count is what the others leave.
        if number < len(MEASURES) - 1:
            before = np.searchsorted(rows_of, starts)
            before_all += before
        else:
            before = starts - before_all
        after = np.append(before[1:], rows_of.size)
        measures.append(_first_last(score, rows_of, before, after))
    assert sum(int(m.sessions.sum()) for m in measures) == n_rows
    return EpisodeScores(episode[starts], tuple(measures), ignored)


def _in_range(session: IntArray, instrument: npt.NDArray[np.int8], score: IntArray) -> bool:
    """Sessions from 1; each score within its measure's range (see nhs.MEASURES)."""
    if int(session.min()) < 1:
        return False
    low, high = int(score.min()), int(score.max())
    for measure in MEASURES:
        # Only the few rows beyond a measure's limit are looked up (PHQ-9 scores of 22-27 are
        # above GAD-7's maximum, so this runs on most files).
        if low < measure.min:
            below = np.flatnonzero(score < measure.min)
            if bool((instrument[below] == measure.code).any()):
                return False
        if high > measure.max:
            above = np.flatnonzero(score > measure.max)
            if bool((instrument[above] == measure.code).any()):
                return False
    return True


def _episode_starts(
    episode: IntArray, session: IntArray, instrument: npt.NDArray[np.int8]
) -> IntArray | None:
    """The first row of each episode, when ids ascend, sessions ascend within an episode and no
    episode/session/instrument repeats; else ``None``."""
    same_episode = episode[1:] == episode[:-1]
    if session.dtype.kind == "u":
        session = session.astype(np.int64)
    step = session[1:] - session[:-1]
    # Scratch masks are reused: each fresh 10-million-row temporary costs page faults.
    mask = np.less(step, 0)
    mask &= same_episode
    if bool(mask.any()):
        return None
    same_session = np.equal(step, 0, out=mask)
    same_session &= same_episode
    del step
    if bool(same_session.any()):
        # Rows at one episode/session are neighbours here. With two measures, two neighbours
        # with the same instrument, or three rows at one session, mean a repeat.
        assert len(MEASURES) == 2
        repeat = np.equal(instrument[1:], instrument[:-1])
        repeat &= same_session
        if bool(repeat.any()):
            return None
        three = np.logical_and(same_session[1:], same_session[:-1], out=repeat[1:])
        if bool(three.any()):
            return None
    new_episode = np.logical_not(same_episode, out=mask)
    starts: IntArray = np.flatnonzero(new_episode) + 1
    starts = np.concatenate((np.zeros(1, dtype=starts.dtype), starts))
    # Episodes are runs of one id; the ids must rise from run to run (a smaller id, or one seen
    # before, means the rows are not grouped by ascending id).
    ids = episode[starts]
    if bool((ids[1:] <= ids[:-1]).any()):
        return None
    return starts


def _first_last(
    score: IntArray, rows_of: IntArray, before: IntArray, after: IntArray
) -> MeasureScores:
    """Episode e's rows of one measure are ``rows_of[before[e]:after[e]]``, in session order,
    so the first is the earliest session's score and the last the latest's."""
    count = after - before
    scored = count > 0
    first = np.full(count.size, np.nan)
    last = np.full(count.size, np.nan)
    first[scored] = score[rows_of[before[scored]]]
    last[scored] = score[rows_of[after[scored] - 1]]
    return MeasureScores(first, last, count)
