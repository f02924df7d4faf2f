import pytest

from tandem.core.transcripts import TranscriptError, parse_transcript


def error(text, fmt="auto", speaker_map=None):
    with pytest.raises(TranscriptError) as caught:
        parse_transcript(text, fmt, speaker_map)
    return caught.value


def test_it_rejects_an_empty_file():
    e = error("  \n\n")
    assert e.line == 0
    assert "empty" in e.message


def test_it_names_the_line_of_text_before_any_speaker():
    e = error("\nhello there\nT: Hi")
    assert e.line == 2
    assert "before any speaker" in e.message


def test_it_names_an_unknown_speaker_and_how_to_map_it():
    e = error("T: Hi\nC: Hello\nBob: Who are you?")
    assert e.line == 3
    assert "'Bob'" in e.message and "therapist" in e.message
    assert str(e).startswith("line 3: ")


def test_it_rejects_a_speaker_map_with_a_role_that_is_not_one():
    e = error("Ann: Hi", speaker_map={"Ann": "doctor"})
    assert "'therapist' or 'client'" in e.message


def test_it_rejects_a_vtt_cue_without_timing():
    e = error("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nT: Hi\n\nC: no timing here\n", "vtt")
    assert e.line == 6
    assert "timing" in e.message


def test_it_rejects_unreadable_timing_in_srt():
    e = error("1\n00:00:01,000 --> 00:00:02,000\nT: Hi\n\n2\n00:00:xx --> soon\nC: Hello\n", "srt")
    assert e.line == 6
    assert "timing" in e.message


def test_it_rejects_a_vtt_without_its_header():
    e = error("00:00:01.000 --> 00:00:02.000\nT: Hi\n", "vtt")
    assert e.line == 1 and "WEBVTT" in e.message


def test_it_rejects_a_first_cue_without_a_speaker():
    e = error("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhello\n")
    assert e.line == 4 and "speaker" in e.message


def test_it_names_a_csv_row_with_too_many_fields():
    e = error("speaker,text\nT,Hello\nC,Hi,extra\n", "csv")
    assert e.line == 3
    assert "expected 2 fields" in e.message


def test_it_names_the_missing_csv_column():
    e = error("who,words\nT,Hello\n", "csv")
    assert e.line == 1
    assert "text column" in e.message


def test_it_rejects_an_annomi_file_missing_its_columns():
    e = error("speaker,text\nT,Hello\n", "annomi")
    assert "transcript_id" in e.message


def test_it_rejects_a_duplicate_utterance_id_in_a_plain_csv():
    e = error("id,speaker,text\n1,T,Hello\n1,C,Hi\n", "csv")
    assert e.line == 3 and "twice" in e.message


def test_it_rejects_an_unknown_format_name():
    assert "unknown format" in error("T: hi", "docx").message


def test_it_returns_nothing_partial():
    # A good first session and a broken row later: the whole file is refused.
    text = "session,speaker,text\nA,T,Hello\nA,C,Hi\nB,T,Welcome\nB,Someone,???\n"
    e = error(text, "csv")
    assert e.line == 5
