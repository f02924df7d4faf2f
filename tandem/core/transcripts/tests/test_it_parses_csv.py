from tandem.core.transcripts import parse_transcript


def test_it_reads_speaker_and_text_columns(fixture_text):
    [t] = parse_transcript(fixture_text("session.csv"), "csv")
    assert [u.speaker for u in t.utterances] == ["therapist", "client", "therapist"]
    assert t.utterances[1].text == "I want to stop smoking, but it's hard."
    assert t.utterances[1].line == 3


def test_it_splits_sessions_by_a_session_column_and_keeps_ids():
    text = "session,id,role,text\nA,1,T,Hello\nA,2,C,Hi\nB,1,C,Morning\nB,2,T,Welcome\n"
    sessions = parse_transcript(text, "csv")
    assert [s.id for s in sessions] == ["A", "B"]
    assert [u.id for u in sessions[1].utterances] == ["1", "2"]
    assert sessions[1].utterances[0].speaker == "client"


def test_it_maps_names_in_the_speaker_column():
    text = "name,text\nAlex,How are you?\nJo,Fine.\n"
    [t] = parse_transcript(text, "csv", {"Alex": "therapist", "Jo": "client"})
    assert [u.speaker for u in t.utterances] == ["therapist", "client"]
