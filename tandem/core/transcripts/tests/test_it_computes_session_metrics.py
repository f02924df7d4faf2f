import pytest

from tandem.core.transcripts.metrics import Labelled, miti_level, session_metrics

T, C = "therapist", "client"


def session():
    return [
        Labelled(T, "What brings you here today?", "question", "open"),
        Labelled(C, "I want to drink less.", talk_type="change"),
        Labelled(T, "You have decided it is time.", "reflection", "complex"),
        Labelled(C, "Maybe. It is hard.", talk_type="sustain"),
        Labelled(T, "It feels hard.", "reflection", "simple"),
        Labelled(C, "Yes.", talk_type="neutral"),
        Labelled(T, "Did you drink yesterday?", "question", "closed"),
        Labelled(C, "I did, and I want to stop.", talk_type="change"),
        Labelled(T, "You should stop now.", "therapist_input", "advice", None, True),
        Labelled(T, "When I was your age I drank too.", "other", None, None, False, True),
    ]


def test_it_counts_talk_and_turn_shares():
    m = session_metrics(session())
    assert m["therapist_utterances"] == 6 and m["client_utterances"] == 4
    assert m["therapist_turn_share"] == pytest.approx(0.6)
    assert m["therapist_words"] + m["client_words"] == sum(
        len(u.text.replace(".", "").replace("?", "").replace(",", "").split()) for u in session()
    )
    assert m["therapist_word_share"] + m["client_word_share"] == pytest.approx(1.0)


def test_it_computes_the_miti_summary_scores():
    m = session_metrics(session())
    assert m["reflection_to_question"] == pytest.approx(1.0)
    assert m["percent_open_questions"] == pytest.approx(50.0)
    assert m["percent_complex_reflections"] == pytest.approx(50.0)
    assert m["benchmarks"]["reflection_to_question"] == {
        "fair": 1.0,
        "good": 2.0,
        "value": 1.0,
        "level": "fair",
    }
    assert m["benchmarks"]["percent_complex_reflections"]["level"] == "good"


def test_it_computes_change_talk_share_advice_and_disclosure_counts():
    m = session_metrics(session())
    assert m["change_talk_share"] == pytest.approx(2 / 3, abs=1e-4)
    assert m["advice_without_permission"] == 1
    assert m["self_disclosures"] == 1


def test_it_leaves_ratios_empty_rather_than_dividing_by_zero():
    m = session_metrics([Labelled(T, "Hello.", "other"), Labelled(C, "Hi.", talk_type="neutral")])
    assert m["reflection_to_question"] is None
    assert m["percent_complex_reflections"] is None
    assert m["change_talk_share"] is None
    assert m["benchmarks"]["reflection_to_question"]["level"] is None


@pytest.mark.parametrize(
    ("value", "level"), [(0.5, "below fair"), (1.0, "fair"), (1.9, "fair"), (2.0, "good")]
)
def test_it_places_r_to_q_against_the_miti_thresholds(value, level):
    assert miti_level("reflection_to_question", value) == level
