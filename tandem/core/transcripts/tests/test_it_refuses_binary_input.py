"""A binary file given as a transcript is refused with the line where it stops being text."""

import pytest

from tandem.core.transcripts import TranscriptError, parse_transcript


def test_it_refuses_control_characters_with_their_line():
    with pytest.raises(TranscriptError) as error:
        parse_transcript("T: Hello\nC: Hi\n\x00\x01 junk\n")
    assert error.value.line == 3
    assert "not text" in error.value.message


def test_it_keeps_tabs_in_text():
    [transcript] = parse_transcript("T:\tHow are you?\nC:\tFine.")
    assert len(transcript.utterances) == 2
