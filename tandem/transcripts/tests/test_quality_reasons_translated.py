"""The quality estimate's reasons, stored in English by the core, read in the reader's language:
every shape the core writes is read back (English unchanged, Spanish whole sentences); a sentence
of another shape is shown as stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import translation

from tandem.core.transcripts import analyse_sessions, parse_transcript
from tandem.core.transcripts.quality import QUALITY_FEATURES, too_short
from tandem.transcripts.quality_words import FEATURE_WORDS, said_again

DEMO = Path(__file__).parents[2] / "demo" / "transcript.txt"


def _reasons() -> list[str]:
    """The reasons the core gives for the demo's transcript (its own model, its own words)."""
    sessions = analyse_sessions(parse_transcript(DEMO.read_text(), "text", None))
    quality = sessions[0].to_dict()["quality"]
    assert quality["label"] is not None and quality["reasons"]
    return list(quality["reasons"])


def test_the_feature_words_are_the_cores():
    assert set(FEATURE_WORDS) == {words for words, _unit in QUALITY_FEATURES.values()}


@pytest.mark.parametrize("turns", [0, 1, 3])
def test_too_short_reads_the_same_in_english_and_whole_in_spanish(turns):
    stored = too_short(turns)
    with translation.override("en-gb"):
        assert said_again(stored) == stored
    with translation.override("es"):
        spanish = said_again(stored)
    assert spanish.startswith("Demasiado corta para juzgar la calidad global")
    assert "therapist" not in spanish


def test_a_scored_reason_reads_the_same_in_english_and_whole_in_spanish():
    for reason in _reasons():
        with translation.override("en-gb"):
            assert said_again(reason) == reason
        with translation.override("es"):
            spanish = said_again(reason)
        assert spanish != reason and "quality" not in spanish and "typical" not in spanish
        assert "calidad" in spanish


def test_a_sentence_of_another_shape_is_shown_as_stored():
    with translation.override("es"):
        assert said_again("Something the core may say one day.") == (
            "Something the core may say one day."
        )
