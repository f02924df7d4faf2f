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
