import pytest

from tandem.core.transcripts.metrics import Labelled, coordination, language_style_matching

T, C = "therapist", "client"


def test_it_gives_identical_styles_an_lsm_near_one():
    turns = [["i", "think", "the", "dog", "is", "not", "at", "home", "and", "all"]]
    assert language_style_matching(turns, turns) == pytest.approx(1.0, abs=1e-3)


def test_it_gives_disjoint_styles_a_lower_lsm():
    a = [["the", "a", "the", "dog"]]
    b = [["i", "you", "we", "not"]]
    assert language_style_matching(a, b) < language_style_matching(a, a)


def test_it_has_no_lsm_when_one_person_says_nothing():
    assert language_style_matching([["hello"]], []) is None


def test_it_finds_coordination_when_replies_echo_the_markers():
    # The client uses articles exactly when the therapist just did: positive coordination.
    utterances = [
        Labelled(T, "the plan"),
        Labelled(C, "the plan is fine"),
        Labelled(T, "okay"),
        Labelled(C, "okay"),
        Labelled(T, "a walk"),
        Labelled(C, "a walk then"),
        Labelled(T, "good"),
        Labelled(C, "yes"),
    ]
    tokens = [u.text.split() for u in utterances]
    assert coordination(utterances, tokens, "client") == pytest.approx(0.5)


def test_it_has_no_coordination_without_exchanges():
    utterances = [Labelled(T, "the plan"), Labelled(T, "a walk")]
    assert coordination(utterances, [u.text.split() for u in utterances], "client") is None
