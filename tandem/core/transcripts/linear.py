"""Sparse TF-IDF features and linear classifiers, applied with numpy alone.

Training uses scikit-learn (:mod:`.training`), but the committed model holds only plain arrays
and a JSON vocabulary, and is applied here with numpy, so that a scikit-learn upgrade cannot break
loading and ``tandem analyze`` never imports scikit-learn.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from .features import BLOCKS

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

# Blocks whose features are counted with TF-IDF and L2-normalised; the shape block ("m") is binary.
TFIDF_BLOCKS = frozenset({"w", "c", "p", "n", "q", "s"})


def ranges(ptr: IntArray, rows: IntArray) -> tuple[IntArray, IntArray]:
    """Positions of the entries of ``rows`` in a CSR layout ``ptr``, and which row each is of.

    The second array numbers the rows by their place in ``rows`` (0 … len(rows) - 1).
    """
    starts = ptr[rows]
    lengths = ptr[rows + 1] - starts
    total = int(lengths.sum())
    if total == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    owner = np.repeat(np.arange(len(rows), dtype=np.int64), lengths)
    first = np.cumsum(lengths) - lengths  # where each row's run starts in the output
    positions = np.arange(total, dtype=np.int64) - first[owner] + starts[owner]
    return positions, owner


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


class SortedIndex(Mapping[str, int]):
    """Feature string -> column for a sorted feature list, the dict built only when first used.

    Analysis looks features up through :attr:`Vocabulary.by_prefix` and never needs this dict
    of every feature; training and the tests do.
    """

    def __init__(self, features: list[str]) -> None:
        self._features = features
        self._index: dict[str, int] | None = None

    def _built(self) -> dict[str, int]:
        if self._index is None:
            self._index = dict(zip(self._features, range(len(self._features)), strict=True))
        return self._index

    def __getitem__(self, feature: str) -> int:
        return self._built()[feature]

    def get(self, feature: str, default: Any = None) -> Any:
        return self._built().get(feature, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self._built())

    def __len__(self) -> int:
        return len(self._features)


@dataclass(frozen=True)
class Vocabulary:
    index: Mapping[str, int]
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

    @classmethod
    def from_sorted(
        cls,
        features: list[str],
        idf: FloatArray,
        block_weights: dict[str, float],
        prefixes: dict[str, tuple[int, int]],
    ) -> Vocabulary:
        """The vocabulary of sorted ``features``, with each prefix's column range given.

        What :attr:`by_prefix` and :attr:`_blocks` would work out string by string is made from
        the ranges (a model file stores them), which makes loading several times quicker.
        """
        vocabulary = cls(SortedIndex(features), idf, block_weights)
        tables = {}
        code = {b: k for k, b in enumerate(BLOCKS)}
        block_of = np.zeros(len(features), dtype=np.int8)
        for prefix, (lo, hi) in prefixes.items():
            skip = len(prefix) + 1
            tables[prefix] = dict(
                zip([f[skip:] for f in features[lo:hi]], range(lo, hi), strict=True)
            )
            block_of[lo:hi] = code[prefix[0]]
        # cached_property keeps its value in the instance's __dict__, frozen or not
        vocabulary.__dict__["by_prefix"] = tables
        vocabulary.__dict__["_blocks"] = vocabulary._block_arrays(block_of)
        return vocabulary

    def prefix_ranges(self) -> dict[str, tuple[int, int]]:
        """Each prefix's (first, last + 1) column; columns are in sorted order of the features."""
        out: dict[str, tuple[int, int]] = {}
        for prefix, table in self.by_prefix.items():
            cols = table.values()
            lo, hi = min(cols), max(cols) + 1
            if hi - lo != len(table):
                raise ValueError(f"the columns of prefix {prefix!r} are not contiguous")
            out[prefix] = (lo, hi)
        return out

    @cached_property
    def by_prefix(self) -> dict[str, dict[str, int]]:
        """``{"w": {"word": column, …}, "po": {…}, …}``: the vocabulary split by block prefix."""
        out: dict[str, dict[str, int]] = {}
        for feature, j in self.index.items():
            prefix, _, gram = feature.partition(":")
            out.setdefault(prefix, {})[gram] = j
        return out

    def weigh(self, n_rows: int, row_ids: IntArray, cols: IntArray, counts: IntArray) -> Csr:
        """The matrix from distinct (row, column, count) triples, rows in order."""
        rows_a = np.asarray(row_ids, dtype=np.int64)
        cols_a = np.asarray(cols, dtype=np.int64)
        counts_a = np.asarray(counts)
        # rows come in order; CSR does not need the columns within a row sorted
        block_of, tfidf, weights = self._blocks
        n_blocks = len(BLOCKS)
        values = self._idf_or_one[cols_a]  # binary blocks count 1 however often they occur
        blocks = block_of[cols_a]
        again = np.flatnonzero(counts_a > 1)
        again = again[tfidf[blocks[again]]]
        values[again] *= 1.0 + np.log(counts_a[again].astype(np.float64))
        key = rows_a * n_blocks + blocks
        norms = np.sqrt(np.bincount(key, weights=values * values, minlength=n_rows * n_blocks))
        norms = norms.reshape(n_rows, n_blocks)
        norms[:, ~tfidf] = 1.0
        factor = weights[None, :] / np.maximum(norms, 1e-300)
        values *= factor.reshape(-1)[key]
        indptr = np.zeros(n_rows + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows_a, minlength=n_rows), out=indptr[1:])
        return Csr(indptr, cols_a, values, len(self.index))

    @cached_property
    def _idf_or_one(self) -> FloatArray:
        block_of, tfidf, _ = self._blocks
        return np.where(tfidf[block_of], self.idf, 1.0)

    @cached_property
    def _blocks(self) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.bool_], FloatArray]:
        code = {b: k for k, b in enumerate(BLOCKS)}
        block_of = np.zeros(len(self.index), dtype=np.int8)
        for feature, j in self.index.items():
            block_of[j] = code[feature[0]]
        return self._block_arrays(block_of)

    def _block_arrays(
        self, block_of: npt.NDArray[np.int8]
    ) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.bool_], FloatArray]:
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
        return stacked_scores(x, rows, [self])[0]

    def probabilities(
        self, x: Csr, rows: IntArray | None = None, extra: FloatArray | None = None
    ) -> FloatArray:
        """Class probabilities, one row per (selected) row of ``x``; ``extra`` adds to scores."""
        scores = self.scores(x, rows)
        if extra is not None:
            scores = scores + extra
        return self.probabilities_from(scores)

    def probabilities_from(self, scores: FloatArray) -> FloatArray:
        """Class probabilities from ``X @ coef.T`` (the intercept is added here)."""
        scores = scores + self.intercept
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


def stacked_scores(
    x: Csr, rows: IntArray | None, models: Sequence[LinearModel], chunk: int = 1024
) -> list[FloatArray]:
    """``X @ coef.T`` of several models for the selected rows of ``x``, in one pass.

    The models' coefficients are stacked column-wise, so each stored entry of ``x`` fetches one
    contiguous run of weights; rows are done ``chunk`` at a time to bound memory.
    """
    if rows is None:
        rows = np.arange(x.n_rows, dtype=np.int64)
    coef_t = np.ascontiguousarray(np.vstack([m.coef for m in models]).T)
    out = np.zeros((len(rows), coef_t.shape[1]), dtype=np.float64)
    for a in range(0, len(rows), chunk):
        selected = rows[a : a + chunk]
        positions, _ = ranges(x.indptr, selected)
        if len(positions) == 0:
            continue
        contrib = coef_t[x.indices[positions]] * x.data[positions][:, None]
        lengths = x.indptr[selected + 1] - x.indptr[selected]
        starts = np.cumsum(lengths) - lengths
        filled = lengths > 0  # reduceat would copy a neighbour into an empty row
        block = out[a : a + len(selected)]
        block[filled] = np.add.reduceat(contrib, starts[filled], axis=0)
    splits = np.cumsum([m.coef.shape[0] for m in models])[:-1]
    return list(np.split(out, splits, axis=1))
