"""Turning an utterance, in its place in the conversation, into named features.

Pure Python, so that training (scikit-learn) and analysis (numpy only) see exactly the same
features. Each feature is a string with a block prefix; :mod:`.linear` weighs each block by
TF-IDF and normalises it on its own, so a long previous turn cannot drown the current one.

Blocks (the context blocks follow the observation that MI behaviour codes depend on the turn
before and after: a question is usually followed by an answer, a reflection often by agreement):

* ``w``  words and word pairs of the utterance itself;
* ``c``  character 2–5-grams inside words of the utterance (robust to spelling and fillers);
* ``p``  words of the previous turn, tagged by whether the same person said it;
* ``n``  words of the next turn, tagged the same way;
* ``m``  shape: length band, question mark, position in the session, who spoke around it;

and for client utterances only (their talk type persists within a session, and the client's
own turn before the therapist's is usually two turns back):

* ``q``  words of the turn two back, tagged the same way;
* ``s``  the words the client uses anywhere in the session (each word once).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
BLOCKS: tuple[str, ...] = ("w", "c", "p", "n", "m", "q", "s")


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def _word_grams(tokens: list[str], prefix: str, pairs: bool) -> list[str]:
    out = [f"{prefix}:{t}" for t in tokens]
    if pairs:
        padded = ["<s>", *tokens, "</s>"]
        out.extend(f"{prefix}:{a} {b}" for a, b in zip(padded, padded[1:], strict=False))
    return out


def _char_grams(tokens: list[str], low: int = 2, high: int = 5) -> list[str]:
    out: list[str] = []
    for token in tokens:
        padded = f" {token} "
        for n in range(low, high + 1):
            if n > len(padded):
                break
            out.extend(f"c:{padded[i : i + n]}" for i in range(len(padded) - n + 1))
    return out


def _band(n: int, edges: Sequence[int]) -> int:
    for i, edge in enumerate(edges):
        if n <= edge:
            return i
    return len(edges)


def utterance_features(speakers: Sequence[str], texts: Sequence[str], i: int) -> list[str]:
    """Feature strings (with repeats, for counting) for utterance ``i`` of one session."""
    feats, tokens = _parts(speakers, texts, i)
    return feats + _char_grams(tokens)


def _parts(speakers: Sequence[str], texts: Sequence[str], i: int) -> tuple[list[str], list[str]]:
    """The features of utterance ``i`` except its character grams, and its words."""
    text = texts[i]
    tokens = words(text)
    feats = _word_grams(tokens, "w", pairs=True)
    me = speakers[i]
    if i > 0:
        tag = "s" if speakers[i - 1] == me else "o"
        feats.extend(_word_grams(words(texts[i - 1]), f"p{tag}", pairs=True))
        feats.append(f"m:prev_{tag}")
    else:
        feats.append("m:first")
    if i + 1 < len(texts):
        tag = "s" if speakers[i + 1] == me else "o"
        feats.extend(_word_grams(words(texts[i + 1]), f"n{tag}", pairs=False))
        feats.append(f"m:next_{tag}")
        feats.append(f"m:next_len{_band(len(words(texts[i + 1])), (2, 6, 15, 40))}")
    else:
        feats.append("m:last")
    stripped = text.strip()
    feats.append(f"m:len{_band(len(tokens), (1, 3, 6, 10, 20, 40))}")
    if stripped.endswith("?"):
        feats.append("m:ends_q")
    if "?" in stripped:
        feats.append("m:has_q")
    if stripped.endswith(("...", "…", "-")):
        feats.append("m:trails")
    feats.append(f"m:pos{min(4, (5 * i) // max(1, len(texts)))}")
    return feats, tokens


@dataclass(frozen=True)
class Row:
    """One utterance's features in parts, so that analysis can share work between rows.

    ``own`` holds every feature but the character grams (made from ``tokens``) and the session
    block (``shared``, one tuple object for all the client's utterances of a session).
    """

    own: list[str]
    tokens: list[str]
    shared: tuple[str, ...] = ()

    def flat(self) -> list[str]:
        return self.own + _char_grams(self.tokens) + list(self.shared)


def char_grams(token: str) -> list[str]:
    return _char_grams([token])


def session_rows(speakers: Sequence[str], texts: Sequence[str]) -> list[Row]:
    """Every utterance of one session as a :class:`Row`, in order."""
    client_words = sorted(
        {
            w
            for who, text in zip(speakers, texts, strict=True)
            if who == "client"
            for w in words(text)
        }
    )
    session_block = tuple(f"s:{w}" for w in client_words)
    out = []
    for i in range(len(texts)):
        own, tokens = _parts(speakers, texts, i)
        if speakers[i] == "client":
            if i > 1:
                tag = "s" if speakers[i - 2] == speakers[i] else "o"
                own.extend(f"q{tag}:{w}" for w in words(texts[i - 2]))
            out.append(Row(own, tokens, session_block))
        else:
            out.append(Row(own, tokens))
    return out


def session_features(speakers: Sequence[str], texts: Sequence[str]) -> list[list[str]]:
    """Feature strings for every utterance of one session, in order (for training)."""
    return [row.flat() for row in session_rows(speakers, texts)]
