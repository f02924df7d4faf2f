"""A small hand-checked set: AnnoMI has no self-disclosure label, so these sentences are ours."""

import pytest

from tandem.core.transcripts.rules import self_disclosure_probability

DISCLOSURES = [
    "When I was in college I drank far too much myself.",
    "I used to smoke a pack a day, so I know it's hard.",
    "My wife and I went through something similar last year.",
    "I've been there too, honestly.",
    "I quit drinking about ten years ago.",
    "In my own life, exercise helped a lot with stress.",
    "I have kids too, and bedtime is a battle in our house.",
    "My dad had a drinking problem, so this is close to home.",
]
NOT_DISCLOSURES = [
    "I think you've made a real effort this week.",
    "I hear that you're frustrated with your wife.",
    "I wonder what would happen if you tried it for a week.",
    "You said your wife worries about you.",
    "What do you think your kids notice?",
    "I'd like to hear more about that.",
    "I'm curious what a good week would look like.",
    "So your husband has noticed the change.",
]


@pytest.mark.parametrize("text", DISCLOSURES)
def test_it_flags_the_therapist_talking_about_their_own_life(text):
    assert self_disclosure_probability(text) >= 0.5


@pytest.mark.parametrize("text", NOT_DISCLOSURES)
def test_it_does_not_flag_the_working_voice_of_a_therapist(text):
    assert self_disclosure_probability(text) < 0.5


def test_every_disclosure_cue_passes_the_first_person_screen():
    from tandem.core.transcripts.lexicon import DISCLOSURE_PHRASES, FAMILY_WORDS
    from tandem.core.transcripts.rules import FIRST_PERSON

    for phrase in DISCLOSURE_PHRASES:
        assert FIRST_PERSON.search(phrase), phrase
    for word in FAMILY_WORDS:
        assert FIRST_PERSON.search(f"my {word}")
    assert not FIRST_PERSON.search("it is in the interim, if anything")
