"""Sparse TF-IDF features and linear classifiers, applied with numpy alone.

Training uses scikit-learn (:mod:`.train`), but the committed model holds only plain arrays and a
JSON vocabulary, and is applied here with numpy, so that a scikit-learn upgrade cannot break
loading and ``tandem analyze`` never imports scikit-learn.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

from .features import BLOCKS, Row, char_grams

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

# Blocks whose features are counted with TF-IDF and L2-normalised; the shape block ("m") is binary.
TFIDF_BLOCKS = frozenset({"w", "c", "p", "n", "q", "s"})


@dataclass(frozen=True)
class Csr:
    """A compressed sparse row matrix as three arrays (the layout scipy.sparse.csr_matrix takes)."""

    indptr: IntArray
    indices: IntArray
    data: FloatArray
    n_cols: int

    @property
    def n_rows(self) -> int:
        return len(self.indptr) - 1


@dataclass(frozen=True)
class Vocabulary:
    index: dict[str, int]
    idf: FloatArray
    block_weights: dict[str, float]

    def transform(self, rows: Sequence[Sequence[str]]) -> Csr:
        """Sublinear TF times IDF, L2-normalised within each block, times the block's weight."""
        indptr = [0]
        indices: list[int] = []
        data: list[float] = []
        idf = self.idf
        for features in rows:
            per_block: dict[str, list[tuple[int, float]]] = {}
            for feature, count in Counter(features).items():
                j = self.index.get(feature)
                if j is None:
                    continue
                block = feature[0]
                tfidf = block in TFIDF_BLOCKS
                value = (1.0 + math.log(count)) * float(idf[j]) if tfidf else 1.0
                per_block.setdefault(block, []).append((j, value))
            for block, items in per_block.items():
                weight = self.block_weights.get(block, 1.0)
                if block in TFIDF_BLOCKS:
                    norm = math.sqrt(sum(v * v for _, v in items)) or 1.0
                    weight /= norm
                for j, v in items:
                    indices.append(j)
                    data.append(v * weight)
            indptr.append(len(indices))
        return Csr(
            np.asarray(indptr, dtype=np.int64),
            np.asarray(indices, dtype=np.int64),
            np.asarray(data, dtype=np.float64),
            len(self.index),
        )

    def transform_rows(self, rows: Sequence[Row]) -> Csr:
        """The same matrix as :meth:`transform` of the flattened rows, computed faster.

        A word's character grams and a session's shared block are looked up once and reused,
        and the TF-IDF arithmetic is done with numpy over all rows at once.
        """
        index = self.index
        by_word: dict[str, list[int]] = {}
        by_shared: dict[int, list[int]] = {}
        row_ids: list[int] = []
        cols: list[int] = []
        counts: list[int] = []
        for r, row in enumerate(rows):
            found = [j for f in row.own if (j := index.get(f)) is not None]
            for token in row.tokens:
                grams = by_word.get(token)
                if grams is None:
                    grams = [j for g in char_grams(token) if (j := index.get(g)) is not None]
                    by_word[token] = grams
                found.extend(grams)
            if row.shared:
                shared = by_shared.get(id(row.shared))
                if shared is None:
                    # the session block's features are distinct words: each counts once
                    shared = sorted({j for f in row.shared if (j := index.get(f)) is not None})
                    by_shared[id(row.shared)] = shared
                found.extend(shared)
            tally = Counter(found)
            row_ids.extend([r] * len(tally))
            cols.extend(tally.keys())
            counts.extend(tally.values())
        return self._weigh(len(rows), row_ids, cols, counts)

    def _weigh(self, n_rows: int, row_ids: list[int], cols: list[int], counts: list[int]) -> Csr:
        rows_a = np.asarray(row_ids, dtype=np.int64)
        cols_a = np.asarray(cols, dtype=np.int64)
        counts_a = np.asarray(counts, dtype=np.float64)
        # rows come in order; CSR does not need the columns within a row sorted
        block_of, tfidf, weights = self._blocks
        blocks = block_of[cols_a]
        is_tfidf = tfidf[blocks]
        values = np.where(
            is_tfidf, (1.0 + np.log(np.maximum(counts_a, 1.0))) * self.idf[cols_a], 1.0
        )
        key = rows_a * len(BLOCKS) + blocks
        norms = np.sqrt(np.bincount(key, weights=values * values, minlength=n_rows * len(BLOCKS)))
        scale = np.where(
            is_tfidf, weights[blocks] / np.maximum(norms[key], 1e-300), weights[blocks]
        )
        indptr = np.zeros(n_rows + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows_a, minlength=n_rows), out=indptr[1:])
        return Csr(indptr, cols_a, values * scale, len(self.index))

    @cached_property
    def _blocks(self) -> tuple[IntArray, npt.NDArray[np.bool_], FloatArray]:
        code = {b: k for k, b in enumerate(BLOCKS)}
        block_of = np.zeros(len(self.index), dtype=np.int64)
        for feature, j in self.index.items():
            block_of[j] = code[feature[0]]
        tfidf = np.asarray([b in TFIDF_BLOCKS for b in BLOCKS], dtype=np.bool_)
        weights = np.asarray([self.block_weights.get(b, 1.0) for b in BLOCKS], dtype=np.float64)
        return block_of, tfidf, weights


def build_vocabulary(
    rows: Sequence[Sequence[str]], min_df: int, block_weights: dict[str, float]
) -> Vocabulary:
    """Keep features seen in at least ``min_df`` utterances; smoothed IDF as scikit-learn's."""
    df: Counter[str] = Counter()
    for features in rows:
        df.update(set(features))
    kept = sorted(f for f, n in df.items() if n >= min_df and f[0] in BLOCKS)
    n_docs = len(rows)
    idf = np.asarray([math.log((1 + n_docs) / (1 + df[f])) + 1.0 for f in kept], dtype=np.float64)
    return Vocabulary({f: i for i, f in enumerate(kept)}, idf, dict(block_weights))


@dataclass(frozen=True)
class LinearModel:
    """Class scores ``X @ coef.T + intercept``; softmax for several classes, logistic for two."""

    classes: tuple[str, ...]
    coef: FloatArray  # (n_classes or 1, n_features)
    intercept: FloatArray

    def scores(self, x: Csr, rows: IntArray | None = None) -> FloatArray:
        """``X @ coef.T`` (no intercept) for the selected rows of ``x``."""
        if rows is None:
            rows = np.arange(x.n_rows, dtype=np.int64)
        out = np.zeros((len(rows), self.coef.shape[0]), dtype=np.float64)
        if len(rows) == 0:
            return out
        starts, ends = x.indptr[rows], x.indptr[rows + 1]
        lengths = ends - starts
        take = np.concatenate([np.arange(s, e) for s, e in zip(starts, ends, strict=True)])
        cols, vals = x.indices[take], x.data[take]
        contrib = self.coef[:, cols] * vals  # (k, nnz)
        owner = np.repeat(np.arange(len(rows)), lengths)
        for k in range(self.coef.shape[0]):
            out[:, k] = np.bincount(owner, weights=contrib[k], minlength=len(rows))
        return out

    def probabilities(
        self, x: Csr, rows: IntArray | None = None, extra: FloatArray | None = None
    ) -> FloatArray:
        """Class probabilities, one row per (selected) row of ``x``; ``extra`` adds to scores."""
        scores = self.scores(x, rows) + self.intercept
        if extra is not None:
            scores = scores + extra
        out = np.zeros((scores.shape[0], len(self.classes)), dtype=np.float64)
        if scores.shape[0] == 0:
            return out
        if len(self.classes) == 2 and self.coef.shape[0] == 1:
            p = 1.0 / (1.0 + np.exp(-scores[:, 0]))
            out[:, 0], out[:, 1] = 1.0 - p, p
            return out
        scores -= scores.max(axis=1, keepdims=True)
        e = np.exp(scores)
        return np.asarray(e / e.sum(axis=1, keepdims=True), dtype=np.float64)
