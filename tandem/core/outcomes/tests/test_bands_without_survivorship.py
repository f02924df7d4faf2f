"""Bands learned without survivorship bias: recovered episodes stay in the late cells."""

import pandas as pd

from tandem.core.outcomes.bands import learn_bands
from tandem.core.outcomes.synthetic import generate
from tandem.core.outcomes.validation import survivorship


def test_the_realistic_generator_lets_responders_finish_early() -> None:
    truth = generate(4000, seed=3, realistic=True, max_sessions=16).truth
    improving = truth["course"].eq("improving")
    early = improving[truth["sessions"] >= 2].mean()
    late = improving[truth["sessions"] >= 10].mean()
    assert late < early - 0.1  # late sessions hold the slow and the stuck


def test_a_recovered_episode_counts_at_sessions_after_it_ended() -> None:
    rows = [(f"r{i}", s, v) for i in range(30) for s, v in ((1, 16), (2, 12), (3, 6))]
    rows += [(f"d{i}", s, v) for i in range(30) for s, v in ((1, 16), (2, 16))]  # left at 16
    rows += [(f"l{i}", s, 15) for i in range(30) for s in range(1, 7)]
    long = pd.DataFrame(rows, columns=["episode_id", "session", "score"])
    plain = learn_bands(long, instrument=None)
    fixed = learn_bands(long, instrument=None, carry_forward=True, cutoff=10)
    assert plain.cell(16, 6).n == 30 and plain.cell(16, 6).p50 == 15  # only the stuck are left
    six = fixed.cell(16, 6)
    assert six is not None and six.n == 60 and six.p25 == 6  # the recovered are still there
    assert fixed.cell(16, 2).n == 90  # the drop-outs count where they were measured


def test_the_correction_catches_more_late_non_responders_at_high_specificity() -> None:
    found = {(r.method, r.sessions): r for r in survivorship(6000, 3000, seed=2)}
    before = found[("bands, episodes that reached the session", "6 on")]
    after = found[("bands, recovered episodes' last score carried forward", "6 on")]
    assert after.sensitivity > before.sensitivity + 0.1
    assert after.specificity >= 0.9
