import numpy as np

from tandem.core.transcripts import parse_transcript
from tandem.core.transcripts.features import session_rows
from tandem.core.transcripts.model import default_model


def test_it_loads_plain_arrays_and_a_json_vocabulary():
    model = default_model()
    assert set(model.classifiers) == {"behaviour", "talk_type", "question", "reflection", "input"}
    assert model.classifiers["behaviour"].coef.shape == (4, len(model.vocabulary.index))
    assert model.quality.features[0] == "reflection_to_question"


def test_it_builds_the_same_features_fast_as_in_training(fixture_text):
    model = default_model()
    [t] = parse_transcript(fixture_text("session.txt"))
    rows = session_rows([u.speaker for u in t.utterances], [u.text for u in t.utterances])
    slow = model.vocabulary.transform([r.flat() for r in rows])
    fast = model.vocabulary.transform_rows(rows)

    def dense(x):
        out = np.zeros((x.n_rows, x.n_cols))
        for r in range(x.n_rows):
            for k in range(x.indptr[r], x.indptr[r + 1]):
                out[r, x.indices[k]] += x.data[k]
        return out

    assert np.allclose(dense(slow), dense(fast))
