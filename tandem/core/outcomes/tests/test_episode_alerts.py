"""episode_alerts: every alert for one episode, most urgent first, each with its reason."""

from datetime import date, timedelta

from tandem.core.outcomes.alerts import Alert, EpisodeSeries, InstrumentMeta, episode_alerts
from tandem.core.outcomes.relationship import PracticeEntry

META = {
    "phq9": InstrumentMeta("PHQ-9", "higher_is_worse", cutoff=10, reliable_change=6),
    "gad7": InstrumentMeta("GAD-7", "higher_is_worse", cutoff=8, reliable_change=4),
}


def kinds(alerts: list[Alert]) -> list[str]:
    return [a.kind for a in alerts]


def test_it_says_why_in_plain_words_when_symptoms_reliably_worsen() -> None:
    series = EpisodeSeries(scores={"phq9": [(1, 14), (2, 18), (3, 21)]}, meta=META)
    (alert,) = episode_alerts(series)
    assert alert.kind == "deterioration"
    assert alert.priority == 1
    assert alert.session == 3
    assert alert.sentence == (
        "PHQ-9 went from 14 to 21 since intake: a rise of 7, more than the 6 that counts as "
        "reliable"
    )


def test_it_flags_not_on_track_by_the_published_rule_without_bands() -> None:
    series = EpisodeSeries(scores={"phq9": [(1, 14), (2, 13), (3, 12), (4, 12)]}, meta=META)
    assert kinds(episode_alerts(series)) == ["not_on_track"]


def test_it_gives_no_alert_to_a_client_who_is_improving() -> None:
    series = EpisodeSeries(scores={"phq9": [(1, 14), (2, 10), (3, 7), (4, 6)]}, meta=META)
    assert episode_alerts(series) == []


def test_it_raises_a_rupture_then_a_repair() -> None:
    answers = {1: {"heard": 8.0}, 2: {"heard": 8.0}, 3: {"heard": 8.0}, 4: {"heard": 5.0}}
    (rupture,) = episode_alerts(EpisodeSeries(partnership_client=answers))
    assert rupture.kind == "rupture" and rupture.session == 4
    assert "a drop of 3" in rupture.sentence
    answers[5] = {"heard": 8.0}
    (repair,) = episode_alerts(EpisodeSeries(partnership_client=answers))
    assert repair.kind == "repair" and repair.priority > rupture.priority


def test_it_raises_a_gap_when_the_therapist_rates_higher_three_times() -> None:
    client = {s: {"heard": 6.0, "fit": 6.0} for s in (1, 2, 3)}
    therapist = {s: {"heard": 8.0, "fit": 8.0} for s in (1, 2, 3)}
    (gap,) = episode_alerts(
        EpisodeSeries(partnership_client=client, partnership_therapist=therapist)
    )
    assert gap.kind == "gap" and "higher" in gap.sentence


def test_it_separates_feeling_better_from_getting_better() -> None:
    series = EpisodeSeries(
        scores={"phq9": [(1, 16), (2, 14), (3, 12), (4, 10)]},
        meta=META,
        reliance=[(2, 1.0), (3, 1.5), (4, 2.0)],
    )
    found = kinds(episode_alerts(series))
    assert "feeling_better_not_getting_better" in found
    assert "reliance_rising" not in found


def test_it_calls_reliance_rising_alone_when_symptoms_are_not_falling() -> None:
    series = EpisodeSeries(
        scores={"phq9": [(1, 12), (2, 12), (3, 13)]},
        meta=META,
        reliance=[(1, 1.0), (2, 1.5), (3, 2.0)],
    )
    assert "reliance_rising" in kinds(episode_alerts(series))


def test_it_suggests_graduation_only_when_every_condition_holds() -> None:
    base = {
        "scores": {"phq9": [(1, 15), (5, 6), (6, 5)]},
        "meta": META,
        "growth": [(5, 3.2), (6, 3.5)],
        "reliance": [(5, 1.0), (6, 0.4)],
    }
    assert "ready_to_graduate" in kinds(episode_alerts(EpisodeSeries(**base)))  # type: ignore[arg-type]
    not_reliable = {**base, "scores": {"phq9": [(1, 10), (6, 5)]}}
    assert "ready_to_graduate" not in kinds(episode_alerts(EpisodeSeries(**not_reliable)))  # type: ignore[arg-type]
    above_cutoff = {**base, "scores": {"phq9": [(1, 22), (6, 10)]}}
    assert "ready_to_graduate" not in kinds(episode_alerts(EpisodeSeries(**above_cutoff)))  # type: ignore[arg-type]


def test_it_flags_low_engagement_from_the_practice_log() -> None:
    today = date(2026, 3, 1)
    log = [PracticeEntry(today - timedelta(days=d), d > 25, None) for d in (1, 26, 27, 28)]
    (alert,) = episode_alerts(EpisodeSeries(practice_log=log, as_of=today))
    assert alert.kind == "low_engagement"


def test_it_orders_alerts_by_priority() -> None:
    answers = {1: {"heard": 8.0}, 2: {"heard": 8.0}, 3: {"heard": 8.0}, 4: {"heard": 4.0}}
    series = EpisodeSeries(
        scores={"phq9": [(1, 10), (4, 17)]}, meta=META, partnership_client=answers
    )
    alerts = episode_alerts(series)
    assert kinds(alerts) == ["deterioration", "rupture"]
    assert [a.priority for a in alerts] == sorted(a.priority for a in alerts)


def test_a_paused_episode_shows_only_the_safety_prompts() -> None:
    from tandem.core.outcomes.alerts import ALERT_KINDS, PAUSED_KINDS, Alert, while_paused

    every = [Alert(kind, 1, kind) for kind in ALERT_KINDS]  # type: ignore[arg-type]
    assert [a.kind for a in while_paused(every)] == ["risk_item_blank", "deterioration"]
    assert {"risk_item_blank", "deterioration"} == PAUSED_KINDS
