import json

from tandem.core.transcripts import analyse_sessions, parse_transcript

BEHAVIOURS = {"question", "reflection", "therapist_input", "other"}
TALK_TYPES = {"change", "neutral", "sustain"}
METRICS = {
    "therapist_word_share", "client_word_share", "therapist_turn_share", "client_turn_share",
    "reflection_to_question", "percent_open_questions", "percent_complex_reflections",
    "change_talk_share", "advice_without_permission", "self_disclosures",
    "language_style_matching", "coordination_therapist_to_client",
    "coordination_client_to_therapist", "benchmarks",
}  # fmt: skip


def analysed(text, fmt="auto"):
    return [s.to_dict() for s in analyse_sessions(parse_transcript(text, fmt))]


def test_it_labels_therapist_behaviour_and_client_talk_type(fixture_text):
    [session] = analysed(fixture_text("session.txt"))
    assert session["id"] == "1"
    for u in session["utterances"]:
        if u["speaker"] == "therapist":
            assert u["behaviour"] in BEHAVIOURS and u["talk_type"] is None
            assert 0 <= u["behaviour_probability"] <= 1
            assert abs(sum(u["behaviour_probabilities"].values()) - 1) < 0.01
            assert isinstance(u["self_disclosure"], bool)
        else:
            assert u["speaker"] == "client"
            assert u["talk_type"] in TALK_TYPES and u["behaviour"] is None
            assert u["subtype"] is None and u["self_disclosure"] is None


def test_it_gives_every_metric_and_a_quality_estimate(fixture_text):
    [session] = analysed(fixture_text("session.txt"))
    assert set(session["metrics"]) >= METRICS
    quality = session["quality"]
    assert quality["label"] in {"high", "low"}
    assert 0.5 <= quality["probability"] <= 1
    assert len(quality["reasons"]) == 3 and all(isinstance(r, str) for r in quality["reasons"])


def test_it_uses_annomi_ids_for_sessions_and_utterances(fixture_text):
    sessions = analysed(fixture_text("annomi_like.csv"))
    assert [s["id"] for s in sessions] == ["7", "12"]
    assert [u["id"] for u in sessions[0]["utterances"]] == ["0", "1", "2"]


def test_it_is_plain_json(fixture_text):
    payload = {"sessions": analysed(fixture_text("session.vtt"))}
    assert json.loads(json.dumps(payload)) == payload


def test_it_recognises_obvious_questions_and_subtypes():
    [session] = analysed(
        "T: What would you like to talk about today?\nC: My smoking.\n"
        "T: Do you smoke every day?\nC: Yes.\n"
    )
    first, _, third, _ = session["utterances"]
    assert first["behaviour"] == "question" and first["subtype"] == "open"
    assert third["behaviour"] == "question" and third["subtype"] == "closed"
