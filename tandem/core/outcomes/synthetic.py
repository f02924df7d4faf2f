"""Seeded synthetic episodes whose true course is known, for tests, validation and benchmarks.

Nothing here is clinical evidence: the numbers only shape plausible-looking data so that the
not-on-track method can be checked against a known truth. Each episode has a true course
(``improving``, ``no_change`` or ``deteriorating``), a planned length, an intake PHQ-9 and GAD-7,
and observed scores = the true course plus measurement noise, rounded and clipped to the range.

``realistic=True`` makes the length depend on the course, as it does in services: a client who
has recovered (both measures below caseness and PHQ-9 reliably lower) finishes within one or two
sessions; clients who are not improving drop out more often (a per-session chance of leaving),
the others stop at their planned length. This is what makes bands learned only from the episodes
that reached a session drift (survivorship): late cells hold the slow and the stuck.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd  # type: ignore[import-untyped]

COURSES = ("improving", "no_change", "deteriorating")


@dataclass(frozen=True)
class SyntheticEpisodes:
    """``long``: episode_id, session, instrument, score; ``truth``: one row per episode."""

    long: Any
    truth: Any


def generate(
    n_episodes: int,
    seed: int = 0,
    *,
    course_shares: tuple[float, float, float] = (0.55, 0.33, 0.12),
    max_sessions: int = 8,
    one_session_share: float = 0.08,
    missing_gad7_share: float = 0.03,
    noise_sd: float = 2.0,
    n_therapists: int = 20,
    realistic: bool = False,
    dropout_stuck: float = 0.12,
    dropout_other: float = 0.04,
) -> SyntheticEpisodes:
    """Generate ``n_episodes`` episodes (about 10 rows each with the defaults).

    ``realistic``: lengths depend on the course (see the module docstring); ``max_sessions`` is
    then the longest course (planned lengths run from 6 to it), ``dropout_stuck`` the chance of
    leaving after each session for a client not improving, ``dropout_other`` for the others.
    """
    rng = np.random.default_rng(seed)
    n = n_episodes
    course = rng.choice(3, size=n, p=np.asarray(course_shares))
    phq0 = np.clip(np.rint(rng.normal(15.0, 5.0, n)), 0, 27)
    gad0 = np.clip(np.rint(phq0 * 0.62 + rng.normal(1.5, 3.0, n)), 0, 21)
    therapist = rng.integers(0, max(n_therapists, 1), n)
    # Size of the true change by the end of a long course, as a share of the intake score
    # (improving), or in points (no change / deteriorating).
    skill = np.linspace(-0.08, 0.08, max(n_therapists, 1))[therapist]
    phq_delta = np.select(
        [course == 0, course == 1, course == 2],
        [
            -phq0 * np.clip(rng.uniform(0.45, 0.85, n) + skill, 0.0, 1.0),
            rng.normal(0.0, 1.0, n),
            rng.uniform(7.0, 11.0, n),
        ],
    )
    gad_delta = phq_delta * (21.0 / 27.0)
    sessions = rng.integers(2, max_sessions + 1, n)
    sessions[rng.random(n) < one_session_share] = 1
    no_gad = rng.random(n) < missing_gad7_share
    if realistic:
        sessions = _course_lengths(
            rng, course, phq0, gad0, phq_delta, gad_delta, max_sessions, noise_sd,
            one_session_share, dropout_stuck, dropout_other,
        )  # fmt: skip

    episode = np.repeat(np.arange(n, dtype=np.int64), sessions)
    starts = np.cumsum(sessions) - sessions
    session = np.arange(episode.size, dtype=np.int64) - np.repeat(starts, sessions) + 1
    # Change unfolds quickly then levels off (time constant of three sessions).
    progress = 1.0 - np.exp(-(session - 1) / 3.0)
    noise = rng.normal(0.0, noise_sd, (2, episode.size))
    phq = np.clip(np.rint(phq0[episode] + phq_delta[episode] * progress + noise[0]), 0, 27)
    gad = np.clip(np.rint(gad0[episode] + gad_delta[episode] * progress + noise[1] * 0.8), 0, 21)
    phq[session == 1] = phq0[episode[session == 1]]
    gad[session == 1] = gad0[episode[session == 1]]

    keep_gad = ~no_gad[episode]
    n_rows = episode.size
    ep_rows = np.empty(2 * n_rows, dtype=np.int64)
    ep_rows[0::2], ep_rows[1::2] = episode, episode
    ses_rows = np.empty(2 * n_rows, dtype=np.int64)
    ses_rows[0::2], ses_rows[1::2] = session, session
    score = np.empty(2 * n_rows, dtype=np.int64)
    score[0::2], score[1::2] = phq, gad
    instrument = np.tile(np.array([0, 1], dtype=np.int8), n_rows)
    mask = np.ones(2 * n_rows, dtype=np.bool_)
    mask[1::2] = keep_gad
    long = pd.DataFrame(
        {
            "episode_id": ep_rows[mask] + 1,
            "session": ses_rows[mask],
            "instrument": pd.Categorical.from_codes(
                instrument[mask].astype(np.int64), categories=["phq9", "gad7"]
            ),
            "score": score[mask],
        }
    )
    truth = pd.DataFrame(
        {
            "episode_id": np.arange(n, dtype=np.int64) + 1,
            "course": np.asarray(COURSES)[course],
            "therapist_id": therapist + 1,
            "sessions": sessions,
            "phq9_intake": phq0.astype(np.int64),
            "gad7_intake": gad0.astype(np.int64),
            "phq9_true_change": phq_delta,
        }
    )
    return SyntheticEpisodes(long=long, truth=truth)


def _course_lengths(
    rng: np.random.Generator,
    course: Any,
    phq0: Any,
    gad0: Any,
    phq_delta: Any,
    gad_delta: Any,
    max_sessions: int,
    noise_sd: float,
    one_session_share: float,
    dropout_stuck: float,
    dropout_other: float,
) -> Any:
    """Episode lengths that depend on the course (``realistic=True``)."""
    n = len(course)
    s = np.arange(1, max_sessions + 1)
    progress = 1.0 - np.exp(-(s - 1) / 3.0)
    # What the therapist would see at each session (true course plus noise), to decide on ending.
    phq = np.rint(
        phq0[:, None] + phq_delta[:, None] * progress + rng.normal(0, noise_sd, (n, s.size))
    )
    gad = np.rint(
        gad0[:, None] + gad_delta[:, None] * progress + rng.normal(0, noise_sd, (n, s.size))
    )
    # Recovered by the NHS Talking Therapies caseness cutoffs (PHQ-9 >= 10, GAD-7 >= 8) with a
    # reliable PHQ-9 fall (6): a planned ending follows within one or two sessions.
    recovered = (phq < 10) & (gad < 8) & (phq0[:, None] - phq >= 6) & (s >= 3)
    first_recovered = np.where(
        recovered.any(axis=1), recovered.argmax(axis=1) + 1, max_sessions + 1
    )
    ending = first_recovered + rng.integers(1, 3, n)
    planned = rng.integers(6, max_sessions + 1, n)
    hazard = np.where(course == 0, dropout_other, dropout_stuck)
    # the first session after which the client leaves (geometric), never before session 2
    leaves = 1 + rng.geometric(np.clip(hazard, 1e-6, 1.0), n)
    length = np.minimum.reduce([ending, planned, leaves, np.full(n, max_sessions)])
    length = np.maximum(length, 2)
    length[rng.random(n) < one_session_share] = 1
    return length.astype(np.int64)
