"""A small hand-checked set: AnnoMI has no self-disclosure label, so these sentences are ours."""

import re

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
    # the therapist's own past, and having had the client's own trouble
    "I'll be honest, when I started running I had exactly the same trouble with dark evenings.",
    "When I lived in Leeds I walked everywhere, and it did me good.",
    "I had the same problem getting to sleep a few years back.",
    "I really struggled with that myself at university.",
    "I smoked for twenty years before I stopped.",
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
    # first person and past tense, but the working voice
    "I'm hearing that the evenings are the hard part.",
    "When I hear you say that, I notice how tired you sound.",
    "When I was listening to you just now, I noticed how much this matters to you.",
    "When I started the session I asked what you wanted from today.",
    "I had a look at the leaflet you brought in.",
    "I had the sense that something shifted when you talked about Saturday.",
    "I know you struggled with the cravings last week.",
    "To be honest, I think you are readier than you give yourself credit for.",
]


@pytest.mark.parametrize("text", DISCLOSURES)
def test_it_flags_the_therapist_talking_about_their_own_life(text):
    assert self_disclosure_probability(text) >= 0.5


@pytest.mark.parametrize("text", NOT_DISCLOSURES)
def test_it_does_not_flag_the_working_voice_of_a_therapist(text):
    assert self_disclosure_probability(text) < 0.5


def test_every_disclosure_cue_passes_the_first_person_screen():
    from tandem.core.transcripts.lexicon import (
        DISCLOSURE_PATTERNS,
        DISCLOSURE_PHRASES,
        FAMILY_WORDS,
    )
    from tandem.core.transcripts.rules import FIRST_PERSON

    for phrase in DISCLOSURE_PHRASES:
        assert FIRST_PERSON.search(phrase), phrase
    for word in FAMILY_WORDS:
        assert FIRST_PERSON.search(f"my {word}")
    # a pattern that spells out "i" / "me" / "my" / "myself" as a word (outside a character
    # class or a look-ahead) matches only first-person text
    for pattern in DISCLOSURE_PATTERNS:
        assert re.match(r"(?:when )?i\b", pattern) or re.search(
            r"(?:^|[ (|])(?:i|me|my|myself)(?:\b|\\b|\(\?=)", pattern
        ), pattern
    assert not FIRST_PERSON.search("it is in the interim, if anything")
