from tandem.core.transcripts import parse_transcript


def test_it_reads_voices_and_joins_a_turn_split_over_cues(fixture_text):
    [t] = parse_transcript(fixture_text("session.vtt"), "vtt")
    assert [u.speaker for u in t.utterances] == ["therapist", "client", "therapist"]
    assert t.utterances[1].text == "I want to stop smoking, but it's hard."
    assert t.utterances[0].start == "00:00:01.000"


def test_it_reads_name_prefixes_with_a_speaker_map(fixture_text):
    [t] = parse_transcript(
        fixture_text("prefixed.vtt"), "vtt", {"Dr Lee": "therapist", "Sam": "client"}
    )
    assert [(u.speaker, u.text) for u in t.utterances] == [
        ("therapist", "What brings you here today?"),
        ("client", "I want to stop smoking."),
    ]
