"""The alert replay: every episode session by session with the caseload's rules, then how well
each kind of alert predicted the end."""

import json

import pandas as pd
import pytest
from click.testing import CliRunner

from tandem.cli import main
from tandem.core.outcomes import replay
from tandem.core.outcomes.alerts import InstrumentMeta
from tandem.core.outcomes.errors import OutcomeInputError

META = {
    "phq9": InstrumentMeta("PHQ-9", "higher_is_worse", cutoff=10, reliable_change=6),
    "gad7": InstrumentMeta("GAD-7", "higher_is_worse", cutoff=8, reliable_change=4),
}
ROWS = [
    # "worse": deteriorates by session 3 and ends worse at session 5
    *[("worse", s, "phq9", v) for s, v in ((1, 12), (2, 15), (3, 19), (4, 20), (5, 20))],
    # "better": recovers
    *[("better", s, "phq9", v) for s, v in ((1, 16), (2, 12), (3, 8), (4, 6))],
    # "open": not ended, so not replayed
    *[("open", s, "phq9", v) for s, v in ((1, 16), (2, 22))],
    # a partnership dip and its late repair, in "better"
    *[("better", s, "partnership", v) for s, v in ((1, 8.0), (2, 8.0), (3, 5.0), (4, 8.0))],
]


def frame() -> pd.DataFrame:
    long = pd.DataFrame(ROWS, columns=["episode_id", "session", "instrument", "score"])
    return long.assign(ended=long["episode_id"].ne("open").map({True: "1", False: "0"}))


def run() -> replay.Replay:
    return replay.replay(replay.check_frame(frame(), ("phq9", "gad7")), META)


def test_it_replays_each_ended_episode_session_by_session() -> None:
    out = run().to_json()
    assert [e["episode_id"] for e in out["episodes"]] == ["better", "worse"]
    worse = out["episodes"][1]["sessions"]
    assert [s["session"] for s in worse] == [1, 2, 3, 4, 5]
    assert worse[1]["alerts"] == []  # at session 2 the rise of 3 is not reliable
    (alert,) = worse[2]["alerts"]
    assert set(alert) == {"kind", "measure", "sentence"}
    assert alert["kind"] == "deterioration" and alert["measure"] == "phq9"
    better = {
        s["session"]: [a["kind"] for a in s["alerts"]] for s in out["episodes"][0]["sessions"]
    }
    assert better[3] == ["rupture"] and better[4] == ["repair"]


def test_it_scores_each_kind_against_the_eventual_outcome() -> None:
    validation = run().validation
    assert validation["episodes"] == 2 and validation["reliable_deterioration"] == 1
    row = validation["kinds"]["deterioration"]
    assert row["episodes_flagged"] == 1 and row["alerts_per_episode"] == 0.5
    assert row["reliable_deterioration"] == {
        "sensitivity": 1.0,
        "specificity": 1.0,
        "ppv": 1.0,
        "lead_time_sessions": 2.0,  # first raised at session 3, the episode ended at 5
    }
    assert validation["kinds"]["rupture"]["reliable_deterioration"]["ppv"] == 0.0
    assert json.dumps(validation)  # plain JSON


def test_an_alert_at_the_last_session_predicts_nothing() -> None:
    long = pd.DataFrame(
        [("a", 1, "phq9", 10), ("a", 2, "phq9", 17)],
        columns=["episode_id", "session", "instrument", "score"],
    )
    validation = replay.replay(replay.check_frame(long, ("phq9",)), META, ("phq9",)).validation
    row = validation["kinds"]["deterioration"]
    assert row["episodes_flagged"] == 0 and row["alerts_per_episode"] == 1.0
    assert row["reliable_deterioration"]["sensitivity"] == 0.0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"session": "two"}, "line 3: session must be a whole number"),
        ({"score": "x"}, "line 3: score must be a number"),
        ({"instrument": "partnership", "score": "11"}, "line 3: partnership is a session mean"),
        ({"ended": "maybe"}, "line 3: ended must be 1, 0, true or false"),
    ],
)
def test_bad_input_stops_with_its_line(change: dict[str, str], message: str) -> None:
    long = frame().astype(str)
    for column, value in change.items():
        long.loc[1, column] = value
    with pytest.raises(OutcomeInputError, match=message):
        replay.check_frame(long, ("phq9", "gad7"))


def test_the_command_prints_the_json_shape_and_the_table(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "episodes.csv"
    frame().to_csv(path, index=False)
    result = CliRunner().invoke(main, ["alerts", str(path), "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert set(out) == {"episodes", "validation"}
    assert out["validation"]["kinds"]["deterioration"]["episodes_flagged"] == 1
    table = CliRunner().invoke(main, ["alerts", str(path)])
    assert "| deterioration | 1 |" in table.output
    path.write_text("episode_id,session,instrument,score\na,0,phq9,3\n")
    bad = CliRunner().invoke(main, ["alerts", str(path)])
    assert bad.exit_code == 1 and "line 2: session must be a whole number" in bad.output


OCI_META = {
    **META,
    "oci": InstrumentMeta("OCI", "higher_is_worse", cutoff=40, reliable_change=32),
}


def _ocd_frame(problem: str | None) -> pd.DataFrame:
    # The OCI rises by 40 (reliably worse) while the GAD-7 and PHQ-9 stay flat: an OCD episode
    # deteriorates on its own measure, invisible on the GAD-7.
    rows = [
        *[("ocd", s, "phq9", 12) for s in (1, 2, 3, 4)],
        *[("ocd", s, "gad7", 10) for s in (1, 2, 3, 4)],
        *[("ocd", s, "oci", v) for s, v in ((1, 50), (2, 60), (3, 95), (4, 100))],
    ]
    long = pd.DataFrame(rows, columns=["episode_id", "session", "instrument", "score"])
    return long if problem is None else long.assign(problem=problem)


def test_it_judges_an_episode_on_the_anxiety_measure_of_its_problem() -> None:
    # Issue 15.3: the replay read only PHQ-9 and GAD-7 and ignored the problem column.
    ocd = replay.replay(replay.check_frame(_ocd_frame("ocd"), ("phq9", "gad7")), OCI_META)
    (episode,) = ocd.episodes
    assert episode.outcome == {"reliable_deterioration": True, "no_reliable_improvement": True}
    kinds = {n: [(a.kind, a.measure) for a in alerts] for n, alerts in episode.sessions}
    assert ("deterioration", "oci") in kinds[3]
    # The same scores with no problem descriptor: judged on the GAD-7, nothing moved.
    plain = replay.replay(replay.check_frame(_ocd_frame(None), ("phq9", "gad7")), OCI_META)
    (episode,) = plain.episodes
    assert episode.outcome == {"reliable_deterioration": False, "no_reliable_improvement": True}
    assert all(a.measure != "oci" for _, alerts in episode.sessions for a in alerts)


def test_the_outcome_needs_the_adsm_at_two_sessions_as_the_nhs_figures_do() -> None:
    long = _ocd_frame("ocd")
    long = long[~((long["instrument"] == "oci") & (long["session"] > 1))]
    (episode,) = replay.replay(replay.check_frame(long, ("phq9", "gad7")), OCI_META).episodes
    # One OCI score: the outcome falls back to the GAD-7 (flat), like tandem outcomes.
    assert episode.outcome == {"reliable_deterioration": False, "no_reliable_improvement": True}


def test_a_bad_or_changing_problem_is_refused_with_its_line() -> None:
    long = _ocd_frame("ocd")
    long.loc[5, "problem"] = "sadness"
    with pytest.raises(OutcomeInputError) as bad:
        replay.check_frame(long, ("phq9", "gad7"))
    assert bad.value.line == 7 and "problem" in str(bad.value)
    long.loc[5, "problem"] = "panic"
    with pytest.raises(OutcomeInputError, match="same on every row"):
        replay.check_frame(long, ("phq9", "gad7"))
