from tandem.core.transcripts import parse_transcript


def test_it_reads_several_sessions_with_their_ids(fixture_text):
    sessions = parse_transcript(fixture_text("annomi_like.csv"), "annomi")
    assert [s.id for s in sessions] == ["7", "12"]
    assert [u.id for u in sessions[0].utterances] == ["0", "1", "2"]
    assert sessions[1].utterances[0].text == "You need to stop smoking."
    assert sessions[0].utterances[0].start == "00:00:01"


def test_it_keeps_an_utterance_labelled_by_several_annotators_once(fixture_text):
    sessions = parse_transcript(fixture_text("annomi_like.csv"), "annomi")
    assert len(sessions[0].utterances) == 3
