"""The session page says how each turn was read in the reader's language, with the core's words
in English (tandem.core.transcripts.wording keeps them for the API and the command line)."""

from itertools import product

from django.utils import translation

from tandem.core.transcripts import wording
from tandem.transcripts import display


def test_the_pages_words_are_the_cores_in_english():
    assert set(display.BEHAVIOUR_WORDS) == set(wording.BEHAVIOUR_WORDS)
    assert set(display.SUBTYPE_WORDS) == set(wording.SUBTYPE_WORDS)
    assert set(display.TALK_WORDS) == set(wording.TALK_WORDS)
    behaviours = [None, *wording.BEHAVIOUR_WORDS, "unknown"]
    subtypes = [None, *{s for _, s in wording.SUBTYPE_WORDS}]
    talks = [None, *wording.TALK_WORDS]
    with translation.override("en-gb"):
        for behaviour, subtype, talk, advice, disclosure in product(
            behaviours, subtypes, talks, (False, True), (False, True)
        ):
            turn = {
                "behaviour": behaviour,
                "subtype": subtype,
                "talk_type": talk,
                "advice_without_permission": advice,
                "self_disclosure": disclosure,
            }
            assert display.read_as(turn) == wording.read_as(turn), turn


def test_in_spanish_a_turn_reads_in_spanish():
    turn = {"behaviour": "therapist_input", "subtype": "advice", "advice_without_permission": True}
    with translation.override("es"):
        assert display.read_as(turn) == "Da un consejo; consejo sin pedir permiso"
