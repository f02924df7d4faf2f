"""Ready to graduate only when no measure in use is at caseness, none reliably deteriorated and
no risk answer (or blank risk question) was given at the last four sessions."""

from tandem.core.outcomes.alerts import (
    RISK_CLEAR_SESSIONS,
    BlankRiskItem,
    EpisodeSeries,
    InstrumentMeta,
    episode_alerts,
)

META = {
    "phq9": InstrumentMeta("PHQ-9", "higher_is_worse", cutoff=10, reliable_change=6),
    "gad7": InstrumentMeta("GAD-7", "higher_is_worse", cutoff=8, reliable_change=4),
}
WELL = {"growth": [(5, 3.2), (6, 3.5)], "reliance": [(5, 1.0), (6, 0.4)]}


def kinds(**kw: object) -> list[str]:
    return [a.kind for a in episode_alerts(EpisodeSeries(meta=META, **WELL, **kw))]  # type: ignore[arg-type]


def test_it_suggests_a_planned_ending_when_every_sign_agrees() -> None:
    (alert,) = episode_alerts(
        EpisodeSeries(
            scores={"phq9": [(1, 16), (6, 6)], "gad7": [(1, 12), (6, 5)]}, meta=META, **WELL
        )  # type: ignore[arg-type]
    )
    assert alert.kind == "ready_to_graduate"
    assert "GAD-7 is 5 (below 8)" in alert.sentence
    assert f"no risk answer at the last {RISK_CLEAR_SESSIONS} sessions" in alert.sentence


def test_not_when_the_anxiety_measure_reliably_deteriorated() -> None:
    found = kinds(scores={"phq9": [(1, 16), (6, 6)], "gad7": [(1, 12), (6, 18)]})
    assert "ready_to_graduate" not in found
    assert "deterioration" in found


def test_not_when_the_anxiety_measure_is_at_caseness() -> None:
    found = kinds(scores={"phq9": [(1, 16), (6, 6)], "gad7": [(1, 8), (6, 8)]})  # 8 is caseness
    assert "ready_to_graduate" not in found


def test_not_after_a_risk_answer_at_one_of_the_last_four_sessions() -> None:
    scores = {"phq9": [(1, 16), (3, 9), (6, 6)]}
    assert "ready_to_graduate" not in kinds(scores=scores, risk_sessions=[3])
    assert "ready_to_graduate" in kinds(scores=scores, risk_sessions=[2])


def test_not_after_a_blank_risk_question_at_one_of_the_last_four_sessions() -> None:
    blank = [BlankRiskItem(4, "phq9", 9, "thoughts of self-harm")]
    found = kinds(scores={"phq9": [(1, 16), (4, 8), (6, 6)]}, blank_risk=blank)
    assert "ready_to_graduate" not in found
