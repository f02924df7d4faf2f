from tandem.core.transcripts import parse_transcript


def test_it_reads_name_prefixes_voices_and_multi_line_cues(fixture_text):
    [t] = parse_transcript(fixture_text("session.srt"), "srt")
    assert [u.speaker for u in t.utterances] == ["therapist", "client", "therapist"]
    assert t.utterances[1].text == "I want to stop smoking, but it's hard."
    assert t.utterances[2].text == "It's been a struggle."
    assert t.utterances[2].start == "00:00:08,500"
