"""Advice without permission and self-disclosure, on plain cases and on our own phrase set."""

import pytest

from tandem.core.transcripts import analyse_sessions, parse_transcript
from tandem.core.transcripts.phrase_set import judge, load, parse, score
from tandem.core.transcripts.rules import gives_directions, self_disclosure_probability


def last_turn(text):
    [session] = analyse_sessions(parse_transcript(text))
    return session.utterances[-1]


def test_the_warm_bath_is_advice_nobody_asked_for_and_a_self_disclosure():
    turn = last_turn(
        "Therapist: How has your sleep been this week?\n"
        "Client: Awful, I keep waking at three.\n"
        "Therapist: You should try a warm bath, that always works for me.\n"
    )
    assert turn.advice_without_permission is True
    assert turn.self_disclosure is True


def test_the_same_advice_after_permission_is_not_flagged():
    turn = last_turn(
        "Therapist: Could I share something that helps some people sleep?\n"
        "Client: Yes, please.\n"
        "Therapist: You should try a warm bath before bed.\n"
    )
    assert turn.advice_without_permission is False


@pytest.mark.parametrize(
    "text",
    [
        "Delete the shopping apps from your phone tonight.",
        "Just ring them tomorrow and book it.",
        "You really ought to talk to a debt adviser this week.",
        "Why don't you switch your phone off after eight?",
        "I go every Sunday, give it a try.",
        "When my son was fifteen I stopped arguing with him, and you should do the same.",
    ],
)
def test_it_sees_a_turn_that_tells_the_client_what_to_do(text):
    assert gives_directions(text)


@pytest.mark.parametrize(
    "text",
    [
        "You feel you should be doing more than you are.",  # the client's view, reflected
        "You said you need to cut down.",
        "What do you think you could try instead?",  # a question
        "Why don't you tell me about Saturday?",  # an invitation to talk
        "Why not?",
        "Tell me more about that.",
        "Take your time.",
        "Let's look at that together.",
        "It's hard to be told that you have to give up the dog.",
        "You must be exhausted.",  # a guess, not a direction
        "Lunchtime, while it's still light, close to where you already are.",
    ],
)
def test_it_does_not_call_the_working_voice_advice(text):
    assert not gives_directions(text)


@pytest.mark.parametrize(
    "text",
    [
        "I get anxious before presentations too.",
        "I'm not a morning person either, honestly.",
        "So did I, in a little town by the sea.",
        "I ran a marathon a few years ago.",
        "Cut out the coffee after lunch, it made a huge difference for me.",
        "I've been sober for twelve years now.",
    ],
)
def test_it_sees_the_therapist_sharing_their_own_life(text):
    assert self_disclosure_probability(text) >= 0.5


@pytest.mark.parametrize(
    "text",
    [
        "That works for me, same time next week then.",  # arranging the next session
        "I'm really glad you did that too.",
        "I've heard that too, from other people.",
        "It's helped me a lot to get an idea of where you're coming from.",
        "So am I hearing that the evenings are the hard part?",
        "I think so too.",
    ],
)
def test_it_does_not_call_the_working_voice_a_disclosure(text):
    assert self_disclosure_probability(text) < 0.5


# measured: advice 0.82 and 0.82, self-disclosure recall 0.50 and precision 1.00 (80 items)
ADVICE_RECALL, ADVICE_PRECISION, DISCLOSURE_RECALL, DISCLOSURE_PRECISION = 0.75, 0.75, 0.45, 0.9


def test_the_held_out_phrase_set_is_found_with_good_precision_and_recall():
    # Floors a little under what was measured when the rules were written (docs/transcripts.md);
    # a change that loses either judgement on exchanges it was not tuned on fails here.
    found = score(judge(load("held out")))
    advice, disclosure = found["advice without permission"], found["self-disclosure"]
    assert advice.actual >= 20 and disclosure.actual >= 15
    assert advice.recall >= ADVICE_RECALL and advice.precision >= ADVICE_PRECISION
    assert disclosure.recall >= DISCLOSURE_RECALL and disclosure.precision >= DISCLOSURE_PRECISION


def test_a_malformed_phrase_set_stops_with_its_line_number():
    with pytest.raises(ValueError, match="line 3: item x1 must end with a therapist line"):
        parse("# a comment\n\n== x1 | advice: none | disclosure: no\nC: Hello.\n")
    with pytest.raises(ValueError, match="line 1: labels must be advice and disclosure"):
        parse("== x1 | advice: maybe | disclosure: no\nT: Hello.\n")
    with pytest.raises(ValueError, match="line 2: expected"):
        parse("== x1 | advice: none | disclosure: no\nX: Hello.\n")
