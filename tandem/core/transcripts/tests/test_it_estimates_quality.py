from tandem.core.transcripts.metrics import Labelled, session_metrics
from tandem.core.transcripts.model import QualityModel
from tandem.core.transcripts.quality import (
    MIN_THERAPIST_TURNS,
    QUALITY_FEATURES,
    estimate_quality,
)

T, C = "therapist", "client"


def toy_model():
    # Only R:Q and advice-without-permission matter in this toy: more R:Q, better; more advice, worse.
    names = tuple(QUALITY_FEATURES)
    coef = tuple(1.5 if n == "reflection_to_question" else -1.0 if n == "unpermitted_advice_rate"
                 else 0.1 for n in names)  # fmt: skip
    return QualityModel(names, tuple(0.5 for _ in names), tuple(1.0 for _ in names), coef, 0.0)


def metrics(behaviours, advice=False, repeat=3):
    # Repeated so the toy sessions are long enough to judge (the ratios stay the same).
    utterances = []
    for b in behaviours * repeat:
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


def test_it_gives_no_reason_that_contradicts_the_mi_literature():
    # A model fitted on few sessions can learn that less style matching and more unasked advice
    # go with high quality; such a coefficient is not shown to a clinician as a reason.
    names = tuple(QUALITY_FEATURES)
    wrong_way = {"language_style_matching": -2.0, "unpermitted_advice_rate": 2.0}
    coef = tuple(wrong_way.get(n, 0.1) for n in names)
    model = QualityModel(names, tuple(0.5 for _ in names), tuple(1.0 for _ in names), coef, 0.0)
    q = estimate_quality(model, metrics(["therapist_input"] * 4 + ["question"], advice=True))
    assert q["reasons"]
    assert not any("style matching" in r or "without permission" in r for r in q["reasons"])


def test_it_gives_no_reason_for_a_figure_without_a_settled_direction():
    names = tuple(QUALITY_FEATURES)
    coef = tuple(3.0 if n in ("question_rate", "therapist_word_share") else 0.1 for n in names)
    model = QualityModel(names, tuple(0.5 for _ in names), tuple(1.0 for _ in names), coef, 0.0)
    q = estimate_quality(model, metrics(["question"] * 5))
    assert not any("questions" in r and "turns" in r for r in q["reasons"])
    assert not any("share of the words" in r for r in q["reasons"])


def test_the_committed_model_reasons_agree_with_the_mi_literature():
    from tandem.core.transcripts.model import default_model
    from tandem.core.transcripts.quality import LITERATURE_DIRECTION

    model = default_model().quality
    sessions = [
        metrics(["reflection"] * 6 + ["question"]),
        metrics(["question"] * 6 + ["reflection"]),
        metrics(["therapist_input"] * 5 + ["question"], advice=True),
        metrics(["other", "question", "reflection", "therapist_input"]),
    ]
    for m in sessions:
        for reason in estimate_quality(model, m)["reasons"]:
            name = next(n for n, (words, _) in QUALITY_FEATURES.items()
                        if reason.lower().startswith(words.lower()))  # fmt: skip
            direction = LITERATURE_DIRECTION[name]
            above = " above the typical " in reason
            high = reason.endswith("points to high quality.")
            assert direction != 0, reason
            # more of a "more is better" figure may only point to high quality, and so on
            assert (above == high) == (direction > 0), reason


def test_it_gives_no_estimate_for_a_transcript_too_short_to_judge():
    # Four lines (two therapist turns) used to get "high, 0.995".
    for turns in range(MIN_THERAPIST_TURNS):
        q = estimate_quality(toy_model(), metrics(["reflection"] * turns, repeat=1))
        assert q["label"] is None and q["probability"] is None and q["probability_high"] is None
        assert len(q["reasons"]) == 1 and q["reasons"][0].startswith("Too short to judge")
        assert f"least {MIN_THERAPIST_TURNS}" in q["reasons"][0]
    assert (
        "no therapist turns" in estimate_quality(toy_model(), metrics([], repeat=1))["reasons"][0]
    )
    assert (
        "has 1 therapist turn;"
        in estimate_quality(toy_model(), metrics(["question"], repeat=1))["reasons"][0]
    )


def test_it_estimates_from_the_minimum_number_of_therapist_turns():
    q = estimate_quality(toy_model(), metrics(["reflection"] * MIN_THERAPIST_TURNS, repeat=1))
    assert q["label"] in {"high", "low"} and 0.5 <= q["probability"] <= 1


def test_platt_scaling_moves_the_probability_and_keeps_the_reasons():
    from dataclasses import replace

    session = metrics(["reflection"] * 4 + ["question"])
    plain = estimate_quality(toy_model(), session)
    # a slope under 1 and a positive shift, as fitted on AnnoMI: the same session, more likely high
    scaled = estimate_quality(replace(toy_model(), calibration=(0.9, 1.4)), session)
    assert scaled["probability_high"] > plain["probability_high"]
    assert scaled["reasons"] == plain["reasons"]
    # the identity scaling is the regression's own probability
    same = estimate_quality(replace(toy_model(), calibration=(1.0, 0.0)), session)
    assert same == plain


def test_the_committed_model_carries_its_calibration_and_an_old_file_loads_without_one(tmp_path):
    import json
    import shutil

    from tandem.core.transcripts.model import MODEL_DIR, load_model

    model = load_model()
    assert model.quality.calibration != (1.0, 0.0)
    shutil.copytree(MODEL_DIR, tmp_path / "m")
    meta_path = tmp_path / "m" / "transcripts.json"
    meta = json.loads(meta_path.read_text())
    del meta["quality"]["calibration"]
    meta_path.write_text(json.dumps(meta))
    assert load_model(tmp_path / "m").quality.calibration == (1.0, 0.0)
