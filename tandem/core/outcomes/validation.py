"""Check the not-on-track method against synthetic episodes whose true course is known.

Bands are learned from one synthetic practice's finished episodes; a second, independent set of
episodes is cut off at session ``at_session`` (as if they were active then) and flagged. A flag
is a true positive when the episode's true course is not improving (``no_change`` or
``deteriorating``). The same is done with the fixed-rule fallback (no bands), so the two can
be compared. The figures go in docs/outcomes.md; they say how the method behaves on data shaped
like the generator's, not how it behaves on real clients.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tandem.core.outcomes.bands import learn_bands, not_on_track
from tandem.core.outcomes.synthetic import generate


@dataclass(frozen=True)
class Accuracy:
    method: str
    target: str
    at_session: int
    clients: int
    positives: int
    sensitivity: float
    specificity: float


def validate(
    n_train: int = 20_000, n_test: int = 10_000, at_session: int = 4, seed: int = 0
) -> list[Accuracy]:
    train = generate(n_train, seed=seed)
    test = generate(n_test, seed=seed + 1)
    bands = learn_bands(train.long)
    truth = test.truth.set_index("episode_id")
    long = test.long
    long = long[long["episode_id"].map(truth["sessions"]).to_numpy() >= at_session]
    active = long[long["session"] <= at_session]
    results = []
    for method, use in (("expected bands", bands), ("fixed rule only", None)):
        flags = not_on_track(active, use).set_index("episode_id")["not_on_track"]
        course = truth.loc[flags.index, "course"]
        for target, positive in (
            ("no change or deterioration", course.isin(["no_change", "deteriorating"])),
            ("deterioration", course.eq("deteriorating")),
        ):
            pos = positive.to_numpy()
            flag = flags.to_numpy()
            results.append(
                Accuracy(
                    method=method,
                    target=target,
                    at_session=at_session,
                    clients=int(pos.size),
                    positives=int(pos.sum()),
                    sensitivity=float(np.mean(flag[pos])) if pos.any() else float("nan"),
                    specificity=float(np.mean(~flag[~pos])) if (~pos).any() else float("nan"),
                )
            )
    return results


def markdown(results: list[Accuracy]) -> str:
    lines = [
        "| method | true course flagged | session | clients | positives | sensitivity | specificity |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.method} | {r.target} | {r.at_session} | {r.clients:,} | {r.positives:,} | "
            f"{r.sensitivity:.2f} | {r.specificity:.2f} |"
        )
    return "\n".join(lines)


@dataclass(frozen=True)
class SessionAccuracy:
    """Not-on-track judged at every session a client attended, against the true course."""

    method: str
    sessions: str
    client_sessions: int
    sensitivity: float
    specificity: float
    alert_rate: float


def _rate(flag: npt.NDArray[np.bool_], mask: npt.NDArray[np.bool_]) -> float:
    return float(np.mean(flag[mask])) if mask.any() else float("nan")


def survivorship(
    n_train: int = 20_000, n_test: int = 10_000, seed: int = 0, max_sessions: int = 16
) -> list[SessionAccuracy]:
    """Bands learned from the realistic generator's episodes (lengths depend on the course), two
    ways: from the scores of the episodes that reached each session, with every episode's last
    score carried forward, and with only recovered episodes' last score carried forward (PHQ-9
    below 10); and the fixed rule alone. Each is judged at every session of a second
    set of realistic episodes, early (sessions 2-5) and late (6 on). A flag is right when the
    true course is not improving."""
    import pandas as pd  # type: ignore[import-untyped]

    train = generate(n_train, seed=seed, realistic=True, max_sessions=max_sessions)
    test = generate(n_test, seed=seed + 1, realistic=True, max_sessions=max_sessions)
    methods = {
        "bands, episodes that reached the session": learn_bands(train.long),
        "bands, every last score carried forward": learn_bands(train.long, carry_forward=True),
        "bands, recovered episodes' last score carried forward": learn_bands(
            train.long, carry_forward=True, cutoff=10
        ),
        "fixed rule only": None,
    }
    truth = test.truth.set_index("episode_id")
    long = test.long[test.long["instrument"] == "phq9"]
    length = long["episode_id"].map(truth["sessions"]).to_numpy()
    out = []
    for method, bands in methods.items():
        frames = []
        for n in range(2, max_sessions + 1):
            active = long[(length >= n) & (long["session"].to_numpy() <= n)]
            if not len(active):
                continue
            flags = not_on_track(active, bands, instrument="phq9")
            frames.append(flags.assign(at=n))
        table = pd.concat(frames, ignore_index=True)
        stuck = ~table["episode_id"].map(truth["course"]).eq("improving").to_numpy()
        flag = table["not_on_track"].to_numpy(dtype=bool)
        at = table["at"].to_numpy()
        for label, mask in (("2-5", at <= 5), ("6 on", at >= 6), ("all", at >= 0)):
            out.append(
                SessionAccuracy(
                    method=method,
                    sessions=label,
                    client_sessions=int(mask.sum()),
                    sensitivity=_rate(flag, mask & stuck),
                    specificity=1.0 - _rate(flag, mask & ~stuck),
                    alert_rate=_rate(flag, mask),
                )
            )
    return out


def survivorship_markdown(results: list[SessionAccuracy]) -> str:
    lines = [
        "| bands | sessions | client-sessions | sensitivity | specificity | alert rate |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.method} | {r.sessions} | {r.client_sessions:,} | {r.sensitivity:.2f} | "
            f"{r.specificity:.2f} | {r.alert_rate:.2f} |"
        )
    return "\n".join(lines)
