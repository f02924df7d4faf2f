"""The feature matrix of many sessions at once, built with numpy instead of feature strings.

:mod:`.features` describes each utterance as a list of strings (``w:word``, ``po:word pair``,
``c:ab`` …), which is clear and is what training uses, but building and looking up ~230 strings
per utterance was most of the time ``tandem analyze`` took. This module computes the same matrix
(:meth:`.linear.Vocabulary.transform` of :func:`.features.session_rows`) differently:

* each distinct word, word pair and character gram of the input is looked up in the vocabulary
  once per block prefix, not once per occurrence;
* the context blocks (previous, next and two-back turns) reuse the neighbouring utterance's word
  and pair ids, shifted by one or two rows, instead of rebuilding their strings;
* counting repeats, TF-IDF and the per-block normalisation are array operations over all rows.

The test ``test_it_builds_the_same_features_fast_as_in_training`` checks that both give the same
matrix.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import Any

import numpy as np
import numpy.typing as npt

from .features import WORD
from .lexicon import FUNCTION_WORDS
from .linear import Csr, IntArray, Vocabulary, ranges
from .metrics import CATEGORY_BITS, MARKER_BITS, WordCounts
from .transcript import Transcript

_LEN_EDGES = np.asarray((1, 3, 6, 10, 20, 40))
_NEXT_LEN_EDGES = np.asarray((2, 6, 15, 40))


# Character grams as integers: each character of a word (after lower-casing, only a-z, 0-9 and
# the apostrophe, see features.WORD) and the space that pads it is a digit 1…63 in base 64, so a
# gram of up to five characters is one number, and grams of different lengths never collide.
_DIGIT = np.zeros(256, dtype=np.int64)
for _k, _ch in enumerate(" abcdefghijklmnopqrstuvwxyz0123456789'", start=1):
    _DIGIT[ord(_ch)] = _k
_GRAM_SIZES = range(2, 6)


def _char_gram_codes(vocab_words: Sequence[str]) -> tuple[IntArray, IntArray]:
    """(word number, code) of every character 2–5-gram of each word padded with spaces.

    The pairs come grouped by word number, in order; the same grams as features.char_grams.
    """
    if not vocab_words:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    padded = "".join(f" {w} " for w in vocab_words).encode("ascii")
    digits = _DIGIT[np.frombuffer(padded, dtype=np.uint8)]
    sizes = np.fromiter((len(w) + 2 for w in vocab_words), dtype=np.int64, count=len(vocab_words))
    word_at = np.repeat(np.arange(len(vocab_words), dtype=np.int64), sizes)
    words_out: list[IntArray] = []
    codes_out: list[IntArray] = []
    code = digits.copy()
    for size in _GRAM_SIZES:
        count = len(digits) - size + 1
        if count <= 0:
            break
        code = code[:count] * 64 + digits[size - 1 : size - 1 + count]
        inside = np.flatnonzero(word_at[:count] == word_at[size - 1 : size - 1 + count])
        words_out.append(word_at[inside])
        codes_out.append(code[inside])
    order = np.argsort(np.concatenate(words_out), kind="stable")
    return np.concatenate(words_out)[order], np.concatenate(codes_out)[order]


def vocabulary_char_codes(vocabulary: Vocabulary) -> tuple[IntArray, IntArray]:
    """The vocabulary's character grams as sorted codes, with their columns (cached)."""
    cached = _CHAR_CODES.get(id(vocabulary))
    if cached is not None and cached[0] is vocabulary:
        return cached[1], cached[2]
    table = vocabulary.by_prefix.get("c", {})
    grams = list(table)
    if grams:
        fixed = "".join(g.rjust(5, "\0") for g in grams).encode("ascii")
        digits = _DIGIT[np.frombuffer(fixed, dtype=np.uint8)].reshape(-1, 5)
        codes = digits @ (64 ** np.arange(4, -1, -1, dtype=np.int64))
    else:
        codes = np.zeros(0, dtype=np.int64)
    cols = np.fromiter(table.values(), dtype=np.int64, count=len(grams))
    order = np.argsort(codes)
    _CHAR_CODES.clear()
    _CHAR_CODES[id(vocabulary)] = (vocabulary, codes[order], cols[order])
    return codes[order], cols[order]


_CHAR_CODES: dict[int, tuple[Vocabulary, IntArray, IntArray]] = {}


def _lookup(table: dict[str, int], grams: Sequence[str]) -> IntArray:
    # map() calls table.get(gram, -1) without a Python frame per gram
    return np.fromiter(map(table.get, grams, repeat(-1)), dtype=np.int64, count=len(grams))


@dataclass(frozen=True)
class Tokens:
    """The words (:data:`.features.WORD`) of many utterances, each distinct word numbered once.

    ``word_ids[word_ptr[i]:word_ptr[i + 1]]`` are utterance ``i``'s words as numbers into
    ``vocab_words``. Built once per analysis and shared by the feature matrix and the metrics.
    """

    word_ids: IntArray
    word_ptr: IntArray
    n_tokens: IntArray
    vocab_words: list[str]


def tokenise(texts: Sequence[str]) -> Tokens:
    """Every utterance's words, numbered; the same as ``features.words`` of each text."""
    token_id: dict[str, int] = {}
    add = token_id.setdefault
    findall = WORD.findall
    tokens = [findall(text.lower()) for text in texts]
    flat = [add(w, len(token_id)) for ws in tokens for w in ws]
    n_tokens = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
    word_ptr = np.zeros(len(tokens) + 1, dtype=np.int64)
    np.cumsum(n_tokens, out=word_ptr[1:])
    return Tokens(np.asarray(flat, dtype=np.int64), word_ptr, n_tokens, list(token_id))


def all_texts(sessions: Sequence[Transcript]) -> list[str]:
    return [u.text for t in sessions for u in t.utterances]


def session_matrices(
    vocabulary: Vocabulary, sessions: Sequence[Transcript], tokens: Tokens | None = None
) -> tuple[Csr, Csr]:
    """The matrix of every utterance of ``sessions`` (in order), and one row per session.

    The first matrix holds every block but the session block; the second holds each session's
    block of client words (``s:``), as :func:`.analysis.predict` adds it to the client rows.
    ``tokens`` (:func:`tokenise` of every utterance's text, in order) saves tokenising again.
    """
    speakers: list[str] = []
    texts: list[str] = []
    lengths: list[int] = []
    for t in sessions:
        lengths.append(len(t.utterances))
        for u in t.utterances:
            speakers.append(u.speaker)
            texts.append(u.text)
    n = len(texts)
    n_sessions = len(lengths)
    tables = vocabulary.by_prefix

    # Words: one id per distinct word of the input; per-row CSR of word ids.
    if tokens is None:
        tokens = tokenise(texts)
    word_ids, word_ptr, n_tokens = tokens.word_ids, tokens.word_ptr, tokens.n_tokens
    vocab_words = tokens.vocab_words
    n_words = len(vocab_words)

    # Word pairs, "<s>" and "</s>" around each utterance: ids n_words, n_words + 1.
    start, end = n_words, n_words + 1
    row_of_word = np.repeat(np.arange(n, dtype=np.int64), n_tokens)
    padded_len = n_tokens + 2
    padded_ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(padded_len, out=padded_ptr[1:])
    padded = np.empty(int(padded_ptr[-1]), dtype=np.int64)
    padded[padded_ptr[:-1]] = start
    padded[padded_ptr[1:] - 1] = end
    inside = np.ones(len(padded), dtype=bool)
    inside[padded_ptr[:-1]] = False
    inside[padded_ptr[1:] - 1] = False
    padded[inside] = word_ids
    left = np.ones(len(padded), dtype=bool)
    left[padded_ptr[1:] - 1] = False  # a pair starts anywhere but at a row's "</s>"
    first_of_pair = np.flatnonzero(left)
    pair_key = padded[first_of_pair] * (n_words + 2) + padded[first_of_pair + 1]
    distinct_pairs, pair_ids = np.unique(pair_key, return_inverse=True)
    pair_ids = pair_ids.reshape(-1).astype(np.int64)
    n_pairs_row = n_tokens + 1
    pair_ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(n_pairs_row, out=pair_ptr[1:])
    names = [*vocab_words, "<s>", "</s>"]
    stride = n_words + 2

    def columns(prefix: str, grams: Sequence[str]) -> IntArray:
        table = tables.get(prefix)
        if not table:
            return np.full(len(grams), -1, dtype=np.int64)
        return _lookup(table, grams)

    # A pair seen in two training utterances has both its words seen there too, so only pairs
    # of known words (or of a word and "<s>" / "</s>") can be in the vocabulary.
    w_words = columns("w", vocab_words)
    word_known = np.append(w_words >= 0, [True, True])
    maybe = np.flatnonzero(
        word_known[distinct_pairs // stride] & word_known[distinct_pairs % stride]
    )
    pair_text = [""] * len(distinct_pairs)
    for k, key in zip(maybe.tolist(), distinct_pairs[maybe].tolist(), strict=True):
        pair_text[k] = f"{names[key // stride]} {names[key % stride]}"

    # A context feature (``po:x``) is in the vocabulary only if the utterance feature (``w:x``)
    # is: each utterance is the previous (next, two-back) turn of at most one other, so in the
    # training rows the context feature is never in more utterances than the plain one, and
    # the vocabulary keeps features by that count. So only known words and pairs are looked up.
    word_col = {"w": w_words}
    pair_col = {"w": columns("w", pair_text)}
    known_words = np.flatnonzero(word_col["w"] >= 0)
    known_pairs = np.flatnonzero(pair_col["w"] >= 0)
    for prefixes, col, known, grams in (
        (("po", "ps", "no", "ns", "qo", "qs"), word_col, known_words, vocab_words),
        (("po", "ps"), pair_col, known_pairs, pair_text),
    ):
        for p in prefixes:
            col[p] = np.full(len(grams), -1, dtype=np.int64)
            col[p][known] = columns(p, [grams[k] for k in known.tolist()])

    keys = _Keys(n, len(vocabulary.index))
    emit = keys.add

    # The utterance's own words and pairs.
    emit(row_of_word, word_col["w"][word_ids])
    emit(np.repeat(np.arange(n, dtype=np.int64), n_pairs_row), pair_col["w"][pair_ids])

    # Character grams: per distinct word, then repeated for each occurrence.
    gram_word, gram_code = _char_gram_codes(vocab_words)
    known_codes, code_cols = vocabulary_char_codes(vocabulary)
    place = np.searchsorted(known_codes, gram_code)
    place[place == len(known_codes)] = 0
    found = known_codes[place] == gram_code if len(known_codes) else np.zeros(0, dtype=bool)
    gram_ptr = np.zeros(n_words + 1, dtype=np.int64)
    np.cumsum(np.bincount(gram_word[found], minlength=n_words), out=gram_ptr[1:])
    gram_cols = code_cols[place[found]]  # grouped by word: gram_word is in order
    positions, owner = ranges(gram_ptr, word_ids)
    emit(row_of_word[owner], gram_cols[positions])

    # Neighbours within each session.
    session_of = np.repeat(np.arange(n_sessions, dtype=np.int64), lengths)
    session_start = np.zeros(n_sessions + 1, dtype=np.int64)
    np.cumsum(np.asarray(lengths, dtype=np.int64), out=session_start[1:])
    position = np.arange(n, dtype=np.int64) - session_start[session_of]
    size = np.asarray(lengths, dtype=np.int64)[session_of]
    is_client = np.asarray([s == "client" for s in speakers], dtype=bool)
    rows_all = np.arange(n, dtype=np.int64)

    def same(offset: int, rows: IntArray) -> npt.NDArray[np.bool_]:
        out: npt.NDArray[np.bool_] = is_client[rows] == is_client[rows + offset]
        return out

    has_prev = rows_all[position > 0]
    same_prev = same(-1, has_prev)
    positions, owner = ranges(word_ptr, has_prev - 1)
    tag_same = same_prev[owner]
    ids = word_ids[positions]
    emit(has_prev[owner], np.where(tag_same, word_col["ps"][ids], word_col["po"][ids]))
    positions, owner = ranges(pair_ptr, has_prev - 1)
    tag_same = same_prev[owner]
    ids = pair_ids[positions]
    emit(has_prev[owner], np.where(tag_same, pair_col["ps"][ids], pair_col["po"][ids]))

    has_next = rows_all[position + 1 < size]
    same_next = same(1, has_next)
    positions, owner = ranges(word_ptr, has_next + 1)
    ids = word_ids[positions]
    emit(has_next[owner], np.where(same_next[owner], word_col["ns"][ids], word_col["no"][ids]))

    two_back = rows_all[is_client & (position > 1)]
    same_two = same(-2, two_back)
    positions, owner = ranges(word_ptr, two_back - 2)
    ids = word_ids[positions]
    emit(two_back[owner], np.where(same_two[owner], word_col["qs"][ids], word_col["qo"][ids]))

    # Shape: the "m" block (binary), one column per feature name, emitted for the rows that have it.
    m_table = tables.get("m", {})

    def shape(rows: IntArray, name: str) -> None:
        emit(rows, np.full(len(rows), m_table.get(name, -1), dtype=np.int64))

    def banded(rows: IntArray, name: str, band: IntArray, n_bands: int) -> None:
        cols = np.asarray([m_table.get(f"{name}{k}", -1) for k in range(n_bands)], dtype=np.int64)
        emit(rows, cols[band[rows]])

    first = rows_all[position == 0]
    shape(first, "first")
    shape(has_prev[same_prev], "prev_s")
    shape(has_prev[~same_prev], "prev_o")
    shape(rows_all[position + 1 >= size], "last")
    shape(has_next[same_next], "next_s")
    shape(has_next[~same_next], "next_o")
    next_band = np.searchsorted(_NEXT_LEN_EDGES, np.append(n_tokens[1:], 0), side="left")
    banded(has_next, "next_len", next_band, len(_NEXT_LEN_EDGES) + 1)
    len_band = np.searchsorted(_LEN_EDGES, n_tokens, side="left")
    banded(rows_all, "len", len_band, len(_LEN_EDGES) + 1)
    stripped = [text.strip() for text in texts]
    for name, flags in (
        ("ends_q", [t.endswith("?") for t in stripped]),
        ("has_q", ["?" in t for t in stripped]),
        ("trails", [t.endswith(("...", "…", "-")) for t in stripped]),
    ):
        shape(np.flatnonzero(np.asarray(flags, dtype=bool)).astype(np.int64), name)
    pos_band = np.minimum(4, (5 * position) // np.maximum(1, size))
    banded(rows_all, "pos", pos_band, 5)

    x = keys.matrix(vocabulary)

    # The session block: each distinct client word once.
    s_col = columns("s", vocab_words)
    client_words = is_client[row_of_word]
    shared = _Keys(n_sessions, len(vocabulary.index))
    shared.add(session_of[row_of_word[client_words]], s_col[word_ids[client_words]])
    x_shared = shared.matrix(vocabulary, distinct=True)
    return x, x_shared


class _Keys:
    """(row, column) entries collected as single sortable keys, then counted into a matrix."""

    def __init__(self, n_rows: int, n_cols: int) -> None:
        self.n_rows, self.n_cols = n_rows, n_cols
        # 32-bit keys take half the memory and sort faster; 64-bit only for very large inputs
        self.dtype: type[np.signedinteger[Any]] = np.int32 if n_rows * n_cols < 2**31 else np.int64
        self.parts: list[npt.NDArray[np.signedinteger[Any]]] = []

    def add(self, rows: IntArray, cols: IntArray) -> None:
        """Entries at ``rows``/``cols``; a column of -1 (not in the vocabulary) is dropped."""
        known = cols >= 0
        key: npt.NDArray[np.signedinteger[Any]] = rows[known].astype(self.dtype)
        key *= self.n_cols
        key += cols[known].astype(self.dtype)
        self.parts.append(key)

    def matrix(self, vocabulary: Vocabulary, distinct: bool = False, chunk: int = 2048) -> Csr:
        """The TF-IDF matrix of the entries, each (row, column) counted as often as it came.

        Counted and weighed ``chunk`` rows at a time: the temporaries of a whole large input
        took several times the memory of the result, and the page faults of allocating them
        fresh cost more CPU than the work itself.
        """
        key = np.concatenate(self.parts) if self.parts else np.zeros(0, dtype=self.dtype)
        self.parts.clear()
        key.sort()  # np.unique(return_counts=True) does the same with twice the work
        bounds = np.append(np.arange(0, max(self.n_rows, 1), chunk), self.n_rows).astype(np.int64)
        cuts = np.searchsorted(key, bounds * self.n_cols).tolist()
        pieces: list[Csr] = []
        for k in range(len(bounds) - 1):
            part = key[cuts[k] : cuts[k + 1]]
            first = np.empty(len(part), dtype=bool)
            first[:1] = True
            np.not_equal(part[1:], part[:-1], out=first[1:])
            starts = np.flatnonzero(first)
            counts = np.diff(np.append(starts, len(part)))
            if distinct:
                counts = np.ones_like(counts)
            unique = part[starts].astype(np.int64) - int(bounds[k]) * self.n_cols
            rows = int(bounds[k + 1] - bounds[k])
            row_ids, cols = np.divmod(unique, self.n_cols)
            pieces.append(vocabulary.weigh(rows, row_ids, cols, counts))
        if len(pieces) == 1:
            return pieces[0]
        indptr = np.zeros(self.n_rows + 1, dtype=np.int64)
        np.cumsum(np.concatenate([np.diff(p.indptr) for p in pieces]), out=indptr[1:])
        return Csr(
            indptr,
            np.concatenate([p.indices for p in pieces]),
            np.concatenate([p.data for p in pieces]),
            len(vocabulary.index),
        )


# First-person words: every self-disclosure cue contains one (rules.FIRST_PERSON, which the
# tests check); a word counts when one of its apostrophe-separated parts is one ("i'm").
_FIRST_PERSON_PARTS = frozenset({"i", "me", "my", "myself"})


def session_word_counts(
    tokens: Tokens, lengths: Sequence[int]
) -> tuple[list[WordCounts], list[bool]]:
    """Each session's :class:`.metrics.WordCounts`, and whether each utterance says "I"/"me"/"my".

    The same figures as :func:`.metrics.word_counts` per session, computed for all utterances
    at once from each distinct word's category and marker bits.
    """
    vocab = tokens.vocab_words
    n = len(tokens.n_tokens)
    n_categories = len(FUNCTION_WORDS)
    category_bits = np.fromiter(
        (CATEGORY_BITS.get(w, 0) for w in vocab), dtype=np.int64, count=len(vocab)
    )
    marker_bits = np.fromiter(
        (MARKER_BITS.get(w, 0) for w in vocab), dtype=np.int64, count=len(vocab)
    )
    first_person = np.fromiter(
        (not _FIRST_PERSON_PARTS.isdisjoint(w.split("'")) for w in vocab),
        dtype=bool,
        count=len(vocab),
    )
    row_of_word = np.repeat(np.arange(n, dtype=np.int64), tokens.n_tokens)
    ids = tokens.word_ids
    categories = np.zeros((n, n_categories), dtype=np.int64)
    per_word = category_bits[ids]
    for k in range(n_categories):
        categories[:, k] = np.bincount(row_of_word, weights=(per_word >> k) & 1, minlength=n)
    markers = np.zeros(n, dtype=np.int64)
    np.bitwise_or.at(markers, row_of_word, marker_bits[ids])
    says_i = np.zeros(n, dtype=bool)
    says_i[row_of_word[first_person[ids]]] = True
    words_l = tokens.n_tokens.tolist()
    markers_l = markers.tolist()
    categories_l = categories.tolist()
    out, start = [], 0
    for size in lengths:
        end = start + size
        out.append(WordCounts(words_l[start:end], markers_l[start:end], categories_l[start:end]))
        start = end
    return out, says_i.tolist()
