"""Ensemble statistics folded block by block: memory flat in the number of runs.

Each batch of runs (units × runs arrays from :func:`~innosys.diffusion.engine.run_batch`) is folded
into :class:`EnsembleStats` and dropped.  Every statistic of a result directory is exact, not
estimated, because what it needs is a count of small integers (a :class:`Tally`):

* curves: per step, how many runs had c aware/adopted units (c = 0..n) — the mean and the 5/50/95 %
  quantiles (numpy's default linear interpolation between order statistics) come from it exactly;
* units: per unit, how many runs adopted at each step (or never) — probability, lower median, mean;
  per unit and channel code, the number of adoptions (main channel);
* channels: the number of awareness/adoption events per channel code;
* categories: per category, how many runs had k of their m adopters in it — the per-run shares
  k/m, hence their mean and quantiles.

A tally is a dense array while it is small and otherwise holds only the values seen, so it never
needs more entries than runs (nor more than the value range).  Per run only the final number of
adopters is kept (4 bytes a run: the representative run and the paired differences of ``compare``).
The per-run arrays are kept only while runs × units ≤ :data:`KEEP_CELLS`.

>>> import numpy as np
>>> t = Tally(8)
>>> t.add(np.array([1, 1, 1, 3]))
>>> codes, counts = t.items()
>>> quantiles(np.zeros_like(codes), codes.astype(float), counts, 1, 0.3)[0] == np.quantile([1, 1, 1, 3], 0.3)
np.True_
"""

from __future__ import annotations

import numpy as np

from innosys.diffusion import categories as cat

#: per-run arrays are kept while runs × units is at most this (about 15 bytes a cell: ~60 MB)
KEEP_CELLS = 4_000_000
#: a tally is a dense array up to this many possible values, else it holds only the values seen
DENSE_CELLS = 1 << 20


class Tally:
    """How often each integer code in 0..size-1 occurred."""

    def __init__(self, size: int):
        self.size = int(size)
        self.dense = np.zeros(self.size, dtype=np.int64) if self.size <= DENSE_CELLS else None
        self.codes = np.zeros(0, dtype=np.int64)
        self.counts = np.zeros(0, dtype=np.int64)

    def add(self, codes: np.ndarray) -> None:
        codes = np.asarray(codes, dtype=np.int64).ravel()
        if self.dense is not None:
            if len(codes) * 8 < self.size:          # few codes: no full-size temporary array
                np.add.at(self.dense, codes, 1)
            else:
                self.dense += np.bincount(codes, minlength=self.size)
            return
        u, c = np.unique(codes, return_counts=True)
        self.codes, inv = np.unique(np.concatenate([self.codes, u]), return_inverse=True)
        self.counts = np.bincount(inv, weights=np.concatenate([self.counts, c]),
                                  minlength=len(self.codes)).astype(np.int64)

    def items(self) -> tuple[np.ndarray, np.ndarray]:
        """(codes, counts) of the codes seen, codes ascending."""
        if self.dense is not None:
            nz = np.flatnonzero(self.dense)
            return nz, self.dense[nz]
        return self.codes, self.counts

    def nbytes(self) -> int:
        return self.dense.nbytes if self.dense is not None else self.codes.nbytes + self.counts.nbytes


def _lerp(a: np.ndarray, b: np.ndarray, t: np.ndarray) -> np.ndarray:
    """numpy's linear interpolation in ``numpy.quantile``, bit for bit (elementwise)."""
    d = b - a
    return np.where(t >= 0.5, b - d * (1 - t), a + d * t)


def order_stats(rows: np.ndarray, values: np.ndarray, counts: np.ndarray, nrows: int,
                k: np.ndarray) -> np.ndarray:
    """Per row, the k-th smallest (0-based) value; entries sorted by (row, value)."""
    if len(values) == 0:
        return np.zeros(nrows, dtype=values.dtype)
    cum = np.cumsum(counts)
    start = np.concatenate([[0], cum])[np.searchsorted(rows, np.arange(nrows), side="left")]
    pos = np.searchsorted(cum, start + k, side="right")
    return values[np.minimum(pos, len(values) - 1)]


def quantiles(rows: np.ndarray, values: np.ndarray, counts: np.ndarray, nrows: int, q: float) -> np.ndarray:
    """Per row, ``numpy.quantile(..., q)`` (linear) of the multiset; entries sorted by (row, value)."""
    N = np.bincount(rows, weights=counts, minlength=nrows).astype(np.int64)
    virt = (N - 1).astype(np.float64) * q
    prev = np.clip(np.floor(virt).astype(np.int64), 0, np.maximum(N - 1, 0))
    nxt = np.minimum(prev + 1, np.maximum(N - 1, 0))
    a = order_stats(rows, values, counts, nrows, prev)
    b = order_stats(rows, values, counts, nrows, nxt)
    out = _lerp(a, b, virt - prev)
    return np.where(N > 0, out, np.nan)


class EnsembleStats:
    """Accumulators of an ensemble; :meth:`add` folds one batch of runs starting at run ``offset``."""

    #: the accumulators; with the per-run arrays kept they are filled on first use (see ``__getattr__``)
    _ACCUMULATORS = frozenset({"level", "final", "unit_steps", "unit_channel", "events", "shares", "picks",
                               "pick_rows"})

    def __init__(self, model, runs: int, keep: bool | None = None):
        self.n, self.T, self.runs = model.n, model.steps, int(runs)
        self.ncodes = len(model.codes)
        self.kept = (self.runs * self.n <= KEEP_CELLS) if keep is None else bool(keep)
        self.arrays: dict = {}
        self._pending: list[tuple[int, int]] = []   # (offset, width) of the kept batches not yet folded
        if not self.kept:
            self._start()

    def _start(self) -> None:
        n, T = self.n, self.T
        self.level = {e: Tally((T + 1) * (n + 1)) for e in ("aware", "adopted")}   # step, count
        self.final = np.zeros(self.runs, dtype=np.int32)
        self.unit_steps = Tally(n * (T + 2))                                      # unit, 1 + step
        self.unit_channel = Tally(n * self.ncodes)
        self.events = {e: np.zeros(self.ncodes, dtype=np.int64) for e in ("aware", "adopted")}
        self.shares = Tally(len(cat.KEYS) * (n + 1) * (n + 1))                   # category, k, m
        self.picks: dict[str, Tally] = {}
        self.pick_rows: dict[str, int] = {}

    def __getattr__(self, name: str):
        # Kept ensembles fold their batches only when a statistic is first read: a caller that
        # wants the per-run arrays alone (benchmarks, calibration) pays nothing for the statistics.
        if name in EnsembleStats._ACCUMULATORS and "_pending" in self.__dict__:
            self._start()
            for offset, w in self.__dict__.pop("_pending"):
                self._fold({k: v[:, offset:offset + w] for k, v in self.arrays.items()}, offset)
            return getattr(self, name)
        raise AttributeError(name)

    def add(self, part: dict, offset: int) -> None:
        """Fold one batch of runs (``part``: units × width arrays) starting at run ``offset``."""
        if not self.kept:
            self._fold(part, offset)
            return
        w = part["adopted_step"].shape[1]
        for key, v in part.items():
            if key not in self.arrays:
                self.arrays[key] = np.empty((v.shape[0], self.runs), dtype=v.dtype)
            self.arrays[key][:, offset:offset + w] = v
        if "_pending" in self.__dict__:
            self._pending.append((offset, w))
        else:  # a statistic was read already: fold at once
            self._fold(part, offset)

    def _fold(self, part: dict, offset: int) -> None:
        n, T = self.n, self.T
        w = part["adopted_step"].shape[1]
        for e in ("aware", "adopted"):
            c = step_counts(part[f"{e}_step"], T)                               # (T+1) × w
            self.level[e].add(np.arange(T + 1)[:, None] * (n + 1) + c)
            if e == "adopted":
                self.final[offset:offset + w] = c[-1]
        s = part["adopted_step"].astype(np.int64)
        self.unit_steps.add(np.arange(n)[:, None] * (T + 2) + (s + 1))
        for e, key in (("aware", "aware_channel"), ("adopted", "adopted_channel")):
            ch = part[key]
            self.events[e] += np.bincount(ch[ch >= 0].astype(np.int64), minlength=self.ncodes)
        ch = part["adopted_channel"].astype(np.int64)
        self.unit_channel.add((np.arange(n)[:, None] * self.ncodes + ch)[ch >= 0])
        self._add_shares(part["adopted_step"])
        for key, v in part.items():
            if key.endswith(".picked"):
                a = v.shape[0]
                self.pick_rows[key] = a
                t = self.picks.setdefault(key, Tally(max(a, 1) * (T + 2)))
                t.add(np.arange(a)[:, None] * (T + 2) + (v.astype(np.int64) + 1))

    def _add_shares(self, steps: np.ndarray) -> None:
        t = steps.astype(float)
        t[t < 0] = np.nan
        w = t.shape[1]
        if w == 1 and self.runs > 1:
            # numpy sums one column pairwise but the columns of a wider matrix row after row;
            # a doubled column gives the bits the whole units × runs matrix would give
            t = np.repeat(t, 2, axis=1)
        idx = cat.category_index(t, axis=0)[:, :w]
        m = (idx >= 0).sum(axis=0)
        ok = m > 0
        n1 = self.n + 1
        self.shares.add(np.concatenate(
            [(j * n1 + (idx[:, ok] == j).sum(axis=0)) * n1 + m[ok] for j in range(len(cat.KEYS))]))

    # -- reading ---------------------------------------------------------------------------------
    def level_table(self, event: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(step, count, runs) entries of the per-step count tally, sorted."""
        codes, counts = self.level[event].items()
        return codes // (self.n + 1), codes % (self.n + 1), counts

    def share_table(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(category, share k/m, runs) entries over the runs with adopters, sorted by category and share."""
        codes, counts = self.shares.items()
        n1 = self.n + 1
        j, k, m = codes // (n1 * n1), (codes // n1) % n1, codes % n1
        v = k.astype(float) / m.astype(float)
        order = np.lexsort((v, j))
        return j[order], v[order], counts[order]

    def unit_table(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(unit, adoption step or -1, runs) entries."""
        codes, counts = self.unit_steps.items()
        return codes // (self.T + 2), codes % (self.T + 2) - 1, counts

    def nbytes(self) -> int:
        tallies = [*self.level.values(), self.unit_steps, self.unit_channel, self.shares, *self.picks.values()]
        return (sum(t.nbytes() for t in tallies) + self.final.nbytes
                + sum(a.nbytes for a in self.arrays.values()))


def step_counts(steps: np.ndarray, T: int) -> np.ndarray:
    """(T + 1) × runs cumulative number of units with a step ≥ 0 by each step."""
    R = steps.shape[1]
    ok = steps >= 0
    flat = (steps.astype(np.int64) + (T + 1) * np.arange(R)[None, :])[ok]
    h = np.bincount(flat, minlength=(T + 1) * R).reshape(R, T + 1).T
    return np.cumsum(h, axis=0)


#: bytes per unit×run cell of the kept per-run arrays (4 int16 steps, 2 int8 channels, float32 latent)
KEPT_CELL_BYTES = 15


def estimate_bytes(n: int, steps: int, runs: int, codes: int, keep: bool) -> int:
    """Upper estimate of the memory the accumulators (and kept per-run arrays) of an ensemble need."""
    def tally(size, seen):
        return 8 * size if size <= DENSE_CELLS else 16 * min(size, seen)
    acc = (2 * tally((steps + 1) * (n + 1), (steps + 1) * runs) + tally(n * (steps + 2), n * runs)
           + tally(n * codes, n * runs) + tally(5 * (n + 1) ** 2, 5 * runs) + 4 * runs)
    return acc + (KEPT_CELL_BYTES * n * runs if keep else 0)
