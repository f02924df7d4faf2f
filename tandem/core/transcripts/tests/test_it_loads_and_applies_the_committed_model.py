import numpy as np
import pytest

from tandem.core.transcripts import parse_transcript
from tandem.core.transcripts.features import session_rows
from tandem.core.transcripts.model import default_model
from tandem.core.transcripts.transcript import Transcript, Utterance
from tandem.core.transcripts.vectorise import session_matrices


def test_it_loads_plain_arrays_and_a_json_vocabulary():
    model = default_model()
    assert set(model.classifiers) == {"behaviour", "talk_type", "question", "reflection", "input"}
    assert model.classifiers["behaviour"].coef.shape == (4, len(model.vocabulary.index))
    assert model.quality.features[0] == "reflection_to_question"


def _dense(x):
    out = np.zeros((x.n_rows, x.n_cols))
    for r in range(x.n_rows):
        for k in range(x.indptr[r], x.indptr[r + 1]):
            out[r, x.indices[k]] += x.data[k]
    return out


def _slow(model, transcripts):
    """The matrices as training builds them: feature strings, then TF-IDF."""
    own, shared = [], []
    for t in transcripts:
        rows = session_rows([u.speaker for u in t.utterances], [u.text for u in t.utterances])
        own.extend(r.own + [g for tok in r.tokens for g in _grams(tok)] for r in rows)
        shared.append(list(next((r.shared for r in rows if r.shared), ())))
    return model.vocabulary.transform(own), model.vocabulary.transform(shared)


def _grams(token):
    from tandem.core.transcripts.features import char_grams

    return char_grams(token)


def _edge_cases():
    said = [
        ("therapist", "So, what brings you here today?"),
        ("therapist", ""),
        ("client", "I... I don't know. My wife thinks I drink too much - she's right?"),
        ("client", "Hmm."),
        ("therapist", "You're not sure it's a problem…"),
        ("client", "It is a problem, it is, it is."),
        ("therapist", "Café — naïve “quote”, it’s ¿qué? 42 times"),
    ]
    return Transcript("edge", tuple(Utterance(str(i), s, t) for i, (s, t) in enumerate(said)))


@pytest.mark.parametrize("name", ["session.txt", "session.vtt", "annomi_like.csv", "names.txt"])
def test_it_builds_the_same_features_fast_as_in_training(fixture_text, name):
    model = default_model()
    if name == "names.txt":
        transcripts = [_edge_cases(), Transcript("one", (Utterance("0", "client", "Yes."),))]
    else:
        transcripts = parse_transcript(fixture_text(name))
    slow_x, slow_shared = _slow(model, transcripts)
    fast_x, fast_shared = session_matrices(model.vocabulary, transcripts)
    assert fast_x.n_rows == sum(len(t.utterances) for t in transcripts)
    assert np.allclose(_dense(slow_x), _dense(fast_x))
    assert np.allclose(_dense(slow_shared), _dense(fast_shared))
    assert _dense(fast_x).any(axis=1).all()  # every utterance has some known feature


def test_it_scores_subtypes_only_for_their_behaviour_unless_asked(fixture_text):
    from tandem.core.transcripts.analysis import SUBTYPE_TASK, predict

    model = default_model()
    transcripts = parse_transcript(fixture_text("session.txt"))
    [lean] = predict(model, transcripts)
    [full] = predict(model, transcripts, every_subtype=True)
    speakers = [u.speaker for u in transcripts[0].utterances]
    for i, who in enumerate(speakers):
        if who == "client":
            assert lean.rows["talk_type"][i] == full.rows["talk_type"][i]
            assert all(lean.rows[t][i] is None for t in SUBTYPE_TASK.values())
            continue
        behaviour = lean.rows["behaviour"][i]
        assert behaviour == full.rows["behaviour"][i]
        top = max(behaviour, key=behaviour.__getitem__)
        for given, task in SUBTYPE_TASK.items():
            assert full.rows[task][i] is not None
            if given == top:
                assert lean.rows[task][i] == pytest.approx(full.rows[task][i])
            else:
                assert lean.rows[task][i] is None
