from tandem.core.transcripts.metrics import Labelled, session_metrics
from tandem.core.transcripts.model import QualityModel
from tandem.core.transcripts.quality import QUALITY_FEATURES, estimate_quality

T, C = "therapist", "client"


def toy_model():
    # Only R:Q and advice-without-permission matter in this toy: more R:Q, better; more advice, worse.
    names = tuple(QUALITY_FEATURES)
    coef = tuple(1.5 if n == "reflection_to_question" else -1.0 if n == "unpermitted_advice_rate"
                 else 0.1 for n in names)  # fmt: skip
    return QualityModel(names, tuple(0.5 for _ in names), tuple(1.0 for _ in names), coef, 0.0)


def metrics(behaviours, advice=False):
    utterances = []
    for b in behaviours:
        utterances.append(
            Labelled(T, "Some words here.", b, None, None, advice and b == "therapist_input")
        )
        utterances.append(Labelled(C, "A reply.", talk_type="neutral"))
    return session_metrics(utterances)


def test_it_rates_a_reflective_session_high_with_reasons_in_words():
    q = estimate_quality(toy_model(), metrics(["reflection"] * 4 + ["question"]))
    assert q["label"] == "high" and q["probability"] > 0.5
    assert q["reasons"][0].startswith("Reflections per question is 4.00")
    assert "points to high quality" in q["reasons"][0]
    assert len(q["reasons"]) == 3


def test_it_rates_a_session_of_unasked_advice_low():
    q = estimate_quality(toy_model(), metrics(["therapist_input"] * 4 + ["question"], advice=True))
    assert q["label"] == "low"
    assert q["probability"] == round(1 - q["probability_high"], 3)
    assert any("without permission" in r and "low quality" in r for r in q["reasons"])
