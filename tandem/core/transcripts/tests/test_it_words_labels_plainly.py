"""Every label a person reads is in plain words; the codes stay in the JSON."""

import pytest

from tandem.core.transcripts.evaluate import BEHAVIOURS, SUBTYPES, TALK_TYPES
from tandem.core.transcripts.wording import read_as


@pytest.mark.parametrize(
    ("utterance", "words"),
    [
        ({"behaviour": "therapist_input", "subtype": "advice"}, "Giving advice"),
        ({"behaviour": "therapist_input", "subtype": None}, "Information or advice"),
        ({"behaviour": "question", "subtype": "open"}, "Open question"),
        ({"behaviour": "reflection", "subtype": "complex"}, "Complex reflection"),
        ({"behaviour": "other"}, "Other"),
        ({"talk_type": "change"}, "Change talk (towards change)"),
        ({"talk_type": "sustain"}, "Sustain talk (for staying the same)"),
        (
            {"behaviour": "therapist_input", "subtype": "advice",
             "advice_without_permission": True, "self_disclosure": True},
            "Giving advice; advice without asking permission; "
            "therapist shares something about themself",
        ),
        (
            {"behaviour": "reflection", "subtype": "complex", "advice_without_permission": True},
            "Complex reflection; tells the client what to do, without asking permission",
        ),
    ],
)  # fmt: skip
def test_it_reads_each_label_in_words(utterance, words):
    assert read_as(utterance) == words


def test_no_code_name_reaches_the_words():
    codes = {*BEHAVIOURS, *TALK_TYPES, "therapist_input", "talk_type", "_"}
    cases = [{"behaviour": b} for b in BEHAVIOURS] + [{"talk_type": t} for t in TALK_TYPES]
    cases += [{"behaviour": b, "subtype": s} for b, subs in SUBTYPES.values() for s in subs]
    for u in cases:
        words = read_as(u)
        assert "_" not in words and words not in codes, (u, words)
        assert words[0].isupper()
