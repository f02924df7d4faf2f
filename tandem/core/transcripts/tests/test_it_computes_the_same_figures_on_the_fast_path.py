"""The shortcuts `analyse_sessions` takes give the same figures as the plain definitions."""

import json

import numpy as np
import pytest

from tandem.core.transcripts import analyse_sessions, parse_transcript
from tandem.core.transcripts.analysis import (
    UtteranceAnalysis,
    label_session,
    predict,
    summarise,
)
from tandem.core.transcripts.features import words
from tandem.core.transcripts.linear import Vocabulary
from tandem.core.transcripts.metrics import word_counts
from tandem.core.transcripts.model import default_model
from tandem.core.transcripts.rules import FIRST_PERSON, _norm
from tandem.core.transcripts.transcript import Transcript, Utterance
from tandem.core.transcripts.vectorise import (
    _Keys,
    all_texts,
    session_word_counts,
    tokenise,
)

ODD = [
    ("therapist", "I’m not sure, i.e. it's my guess"),
    ("client", "x'my plan, I'd say; MYSELF"),
    ("therapist", ""),
    ("client", "Café — naïve “quote”, ¿qué? 42 the a an THE"),
    ("therapist", "you and me, we're in this, aren't we? Nobody's perfect."),
    ("client", "don't won't can't isn't, 's 're 've"),
]


def _sessions(fixture_text):
    odd = Transcript("odd", tuple(Utterance(str(i), s, t) for i, (s, t) in enumerate(ODD)))
    return [*parse_transcript(fixture_text("annomi_like.csv"), "annomi"), odd]


def test_it_counts_words_for_style_metrics_as_the_plain_definition(fixture_text):
    sessions = _sessions(fixture_text)
    tokens = tokenise(all_texts(sessions))
    fast, first_person = session_word_counts(tokens, [len(t.utterances) for t in sessions])
    for t, counts in zip(sessions, fast, strict=True):
        plain = word_counts([words(u.text) for u in t.utterances])
        assert list(counts.words) == list(plain.words)
        assert list(counts.markers) == list(plain.markers)
        assert [list(c) for c in counts.categories] == [list(c) for c in plain.categories]
    texts = all_texts(sessions)
    # the screen may let through more than the rule's first-person test, never less
    for text, screened in zip(texts, first_person, strict=True):
        if FIRST_PERSON.search(_norm(text)):
            assert screened, text


def test_it_gives_the_same_analysis_with_and_without_the_shortcuts(fixture_text):
    sessions = _sessions(fixture_text)
    model = default_model()
    fast = [s.to_dict() for s in analyse_sessions(sessions)]
    plain = [
        summarise(t, label_session(t, p), model).to_dict()
        for t, p in zip(sessions, predict(model, sessions), strict=True)
    ]
    assert json.dumps(fast) == json.dumps(plain)


@pytest.mark.parametrize("chunk", [1, 2, 3, 1000])
def test_it_counts_entries_the_same_however_the_rows_are_chunked(chunk):
    rng = np.random.default_rng(7)
    n_rows, n_cols = 9, 12
    vocabulary = Vocabulary(
        {f"w:{k}": k for k in range(n_cols)}, rng.uniform(1, 3, n_cols), {"w": 1.0}
    )
    rows = rng.integers(0, n_rows, 80)
    cols = rng.integers(-1, n_cols, 80)

    def built(size):
        keys = _Keys(n_rows, n_cols)
        keys.add(rows, cols)
        return keys.matrix(vocabulary, chunk=size)

    a, b = built(chunk), built(10**6)
    assert np.array_equal(a.indptr, b.indptr)
    assert np.array_equal(a.indices, b.indices)
    assert np.array_equal(a.data, b.data)


def test_the_model_file_ranges_give_the_same_vocabulary_as_the_feature_strings():
    loaded = default_model().vocabulary
    features = list(loaded.index)
    index = {f: k for k, f in enumerate(features)}
    plain = Vocabulary(index, loaded.idf, loaded.block_weights)
    assert loaded.by_prefix == plain.by_prefix
    for fast, slow in zip(loaded._blocks, plain._blocks, strict=True):
        assert np.array_equal(fast, slow)
    assert len(loaded.index) == len(features)
    assert loaded.index[features[-1]] == len(features) - 1


@pytest.mark.parametrize(
    "texts",
    [
        [],
        [""],
        ["", "Hello there", ""],
        ["One\nturn over two lines", "I'm fine", "KELVIN \u212a and İstanbul"],
        ["What's   up?", "it’s ok", "42 times, 7am"],
    ],
)
def test_it_tokenises_all_texts_at_once_as_one_by_one(texts):
    tokens = tokenise(texts)
    assert len(tokens.n_tokens) == len(texts)
    for i, text in enumerate(texts):
        ids = tokens.word_ids[tokens.word_ptr[i] : tokens.word_ptr[i + 1]]
        assert [tokens.vocab_words[k] for k in ids.tolist()] == words(text)


def test_it_builds_utterance_analyses_the_constructor_would(fixture_text):
    fields = list(UtteranceAnalysis.__dataclass_fields__)
    for session in analyse_sessions(_sessions(fixture_text)):
        for u in session.utterances:
            assert list(vars(u)) == fields  # every field set, in order, nothing else
            assert u == UtteranceAnalysis(**vars(u))
            assert repr(u) == repr(UtteranceAnalysis(**vars(u)))
            with pytest.raises(AttributeError):
                u.behaviour = "question"  # type: ignore[misc]


def test_it_reads_csv_utterances_the_constructor_would(fixture_text):
    fields = list(Utterance.__dataclass_fields__)
    sessions = parse_transcript(fixture_text("annomi_like.csv"), "annomi")
    assert sessions
    for t in sessions:
        for u in t.utterances:
            assert list(vars(u)) == fields
            assert u == Utterance(**vars(u)) and hash(u) == hash(Utterance(**vars(u)))
