"""Two judgements made by rule, not by the trained model (AnnoMI has no label for either).

* Advice without permission (MITI 4.2.1, "Persuade" vs "Persuade with permission"): an utterance
  the model calls advice, with no permission asked in it, in the two utterances before or in the
  therapist's previous turn (however many client turns came between) unless the client turned
  the offer down, and no request for advice from the client since the therapist's previous turn.
  A self-disclosure that tells the client nothing to do is not counted as advice.
* Therapist self-disclosure: talk about the therapist's own life. Checked by hand against the
  sentences in tests/test_it_detects_self_disclosure.py.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .lexicon import (
    ADVISING_CUES,
    ADVISING_QUESTIONS,
    ASKING_FOR_ADVICE,
    DECLINING,
    DISCLOSURE_PATTERNS,
    DISCLOSURE_PHRASES,
    FAMILY_WORDS,
    IMPERATIVE_EXCEPTIONS,
    IMPERATIVE_VERBS,
    PERMISSION_PHRASES,
    REFLECTIVE_FRAMES,
    TALK_INVITATIONS,
)

_DISCLOSURE = re.compile(
    r"\b(?:"
    + "|".join([*(re.escape(p) for p in DISCLOSURE_PHRASES), *DISCLOSURE_PATTERNS])
    + r")\b"
)
_FAMILY = re.compile(r"\bmy (?:own )?(?:" + "|".join(sorted(FAMILY_WORDS)) + r")\b")
_PERMISSION = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in PERMISSION_PHRASES) + r")")
_ASKING = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in ASKING_FOR_ADVICE) + r")\b")
_DECLINING = re.compile(r"^(?:" + "|".join(re.escape(p) for p in DECLINING) + r")\b")
# "you really ought to", "you probably need to": an adverb may sit inside a "you …" cue
_ADVERB = (
    r"(?:(?:really|just|probably|definitely|honestly|seriously|absolutely|certainly|still|also) )?"
)
_ADVISING = re.compile(
    r"\b(?:"
    + "|".join(
        "you " + _ADVERB + re.escape(p[4:]) if p.startswith("you ") else re.escape(p)
        for p in ADVISING_CUES
    )
    + r")\b"
)
_ADVISING_QUESTION = re.compile(
    r"^(?:"
    + "|".join(re.escape(p) for p in ADVISING_QUESTIONS)
    + r") (?!"
    + "|".join(re.escape(p) for p in TALK_INVITATIONS)
    + r"|a |an |the |one |two |\d)\w"
)
_FRAME = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in REFLECTIVE_FRAMES) + r")\b")
_EXCEPTION = re.compile(r"^(?:" + "|".join(re.escape(p) for p in IMPERATIVE_EXCEPTIONS) + r")\b")
# Sentences end at . ! ? or ;; clauses at a comma or a linking word.
_SENTENCES = re.compile(r"(?<=[.!?;])\s+")
_CLAUSES = re.compile(r"[,:]\s*|\s+-+\s*")
# A "you should …" cue counts where a clause starts with it, after a comma or a linking word
# ("…, and you should do the same"); inside a clause it is usually the client's obligation
# told back ("it's shocking to be told you have to give up the dog").
_CLAUSE_START = re.compile(
    r"(?:^|[,:]\s*|\b(?:and|so|then|but|honestly|really|i think|okay|ok|well)\s+)$"
)
# Words that may come before an imperative without changing it ("Just ring them", "So try …").
_LEAD_IN = re.compile(
    r"^(?:(?:just|so|then|please|well|ok|okay|now|maybe|perhaps|also|first|next|instead|honestly"
    r"|really|simply|definitely|always|never|yeah|yes|right|alright|all right|good|great)\s+)+"
)
# Every disclosure phrase and the family pattern contain one of these words: an utterance without
# any of them is not searched further (tests/test_it_detects_self_disclosure.py checks the lists).
FIRST_PERSON = re.compile(r"\b(?:i|me|my|myself|i've|i'm)\b")
# Reported speech ("you said 'my wife …'") is the client's life, not the therapist's.
_QUOTING = re.compile(r"\b(?:you said|you say|you're saying|you mentioned|your)\b")


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


NO_DISCLOSURE = 0.02


def self_disclosure_probability(text: str) -> float:
    """A rough probability that a therapist utterance discloses something of their own life."""
    said = _norm(text)
    if not FIRST_PERSON.search(said):
        return NO_DISCLOSURE
    if _DISCLOSURE.search(said):
        return 0.85
    if _FAMILY.search(said) and not _QUOTING.search(said):
        return 0.75
    return NO_DISCLOSURE


def asked_permission(speakers: Sequence[str], texts: Sequence[str], i: int) -> bool:
    """Whether advice at ``i`` was preceded by a request for permission or for advice.

    Looked for in the advice itself, in the two utterances before it, and back to the
    therapist's previous turn across any client turns in between; the nearest decides, so a
    client's "No thanks" after the therapist's question means no permission was given.
    """
    if _PERMISSION.search(_norm(texts[i])):
        return True
    start = i - 1
    while start >= 0 and speakers[start] == "client":
        start -= 1
    declined = False
    for j in range(i - 1, max(-1, min(i - 3, start - 1)), -1):
        said = _norm(texts[j])
        if speakers[j] == "client":
            if _ASKING.search(said) or _PERMISSION.search(said):
                return True
            declined = declined or bool(_DECLINING.search(said))
        elif _PERMISSION.search(said):
            return not declined
    return False


def _imperative(clause: str) -> bool:
    """A clause that starts with an action verb, or "don't" and a verb: "Delete the apps"."""
    clause = _LEAD_IN.sub("", clause.strip(" \"'"))
    if _EXCEPTION.match(clause):
        return False
    if clause.startswith(("don't ", "do not ")):
        return True
    first = clause.split(" ", 1)[0]
    return first in IMPERATIVE_VERBS and not _EXCEPTION.match(clause)


def gives_directions(text: str) -> bool:
    """Whether a turn tells the client what to do: "you should", "try …", "I'd suggest" …

    Read sentence by sentence. A question tells nobody what to do unless it is a suggestion
    ("Why don't you …?", "Why not …?"); a cue after a reflective frame ("You feel you should …",
    "You said you need to …") is the client's own view given back (MITI 4.2.1: a reflection); an
    imperative counts at the start of a sentence or of a clause ("Cut out coffee after lunch",
    "I go every Sunday, give it a try").
    """
    said = _norm(text)
    for sentence in _SENTENCES.split(said):
        sentence = sentence.strip()
        if not sentence:
            continue
        bare = _LEAD_IN.sub("", sentence)
        if sentence.endswith("?"):
            if _ADVISING_QUESTION.match(bare):
                return True
            continue
        for cue in _ADVISING.finditer(sentence):
            if cue.group().startswith("you ") and (
                not _CLAUSE_START.search(sentence[: cue.start()])
                or sentence.startswith("be ", cue.end() + 1)  # "you must be tired": a guess
            ):
                continue
            frame = _FRAME.search(sentence)
            if frame is None or frame.start() >= cue.start():
                return True
        if any(_imperative(c) for c in _CLAUSES.split(sentence)):
            return True
    return False
