"""Run an ensemble: plan run blocks, run batches (in worker processes if asked), fold them into statistics.

This is the only place where runs and seed get their defaults (:func:`run_settings`) and the one
place where the runs of an ensemble are put together.

>>> import networkx as nx
>>> from innosys.diffusion import build_model, scenario_from_dict
>>> sc = scenario_from_dict({"innovation": {"name": "Demo"}, "time": {"start": "2020-01", "steps": 8},
...     "run": {"runs": 40, "seed": 3}, "seeds": {"adopters": ["0"]},
...     "channels": {"mass_media": {"awareness": 0.2}}})
>>> res = run_model(build_model(sc, nx.karate_club_graph()))
>>> res.runs, res.seed, run_settings(sc, runs=10)
(40, 3, (10, 3))
"""

from __future__ import annotations

import itertools
import math
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

import numpy as np

from innosys.diffusion.aggregate import KEEP_CELLS, EnsembleStats, estimate_bytes
from innosys.diffusion.engine import run_batch
from innosys.diffusion.model import RUN_BLOCK, Model
from innosys.diffusion.results import SimulationResult
from innosys.diffusion.scenario import Scenario

#: target number of unit×run cells per computing batch
BATCH_CELLS = 40_000
#: batches in flight per worker process
IN_FLIGHT = 4
#: environment variable: the most memory (GiB) an ensemble's statistics may take; default half the RAM
MEMORY_LIMIT_ENV = "INNOSYS_MEMORY_LIMIT_GB"


def memory_limit() -> int:
    """Bytes an ensemble's statistics and kept arrays may take (checked before running)."""
    import os

    if os.environ.get(MEMORY_LIMIT_ENV):
        try:
            return int(float(os.environ[MEMORY_LIMIT_ENV]) * 2**30)
        except ValueError:
            raise ValueError(f"{MEMORY_LIMIT_ENV}: expected a number of GiB, "
                             f"got {os.environ[MEMORY_LIMIT_ENV]!r}") from None
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") // 2
    except (ValueError, OSError, AttributeError):   # no sysconf (Windows): assume 8 GiB of RAM
        return 4 * 2**30


def run_settings(scenario: Scenario, runs: int | None = None, seed: int | None = None) -> tuple[int, int]:
    """(runs, seed): the given values, else the scenario's ``[run]`` table."""
    d = scenario.data["run"]
    runs = int(runs if runs is not None else d["runs"])
    seed = int(seed if seed is not None else d["seed"])
    if runs < 1:
        raise ValueError("runs must be at least 1")
    if seed < 0:
        raise ValueError("seed must be >= 0")
    return runs, seed


def _plan(runs: int) -> list[tuple[int, int]]:
    nblocks = math.ceil(runs / RUN_BLOCK)
    return [(k, min(RUN_BLOCK, runs - k * RUN_BLOCK)) for k in range(nblocks)]


def _batches(blocks: list[tuple[int, int]], n: int) -> list[list[tuple[int, int]]]:
    per = max(1, BATCH_CELLS // max(1, n * RUN_BLOCK))
    return [blocks[i:i + per] for i in range(0, len(blocks), per)]


def _work(args):
    model, batch, seed = args
    return run_batch(model, [k for k, _ in batch], [w for _, w in batch], seed)


def run_model(model: Model, runs: int | None = None, seed: int | None = None, workers: int = 1,
              progress=None, data_dir: str | None = None, keep: bool | None = None) -> SimulationResult:
    """Run an ensemble of ``model`` and return its :class:`SimulationResult`.

    Each batch of runs is folded into the ensemble statistics (:mod:`~innosys.diffusion.aggregate`)
    and dropped, so memory does not grow with ``runs``; the per-run arrays are kept only while
    runs × units ≤ :data:`~innosys.diffusion.aggregate.KEEP_CELLS` (``keep`` forces either way).
    ``progress(done_runs)`` is called after each batch.  The numbers depend only on the model,
    ``runs`` and ``seed`` — never on ``workers``.
    """
    runs, seed = run_settings(model.scenario, runs, seed)
    check_memory(model, runs, keep)
    t0 = time.perf_counter()
    batches = _batches(_plan(runs), model.n)
    offsets = np.concatenate([[0], np.cumsum([sum(w for _, w in bt) for bt in batches])]).tolist()
    stats = EnsembleStats(model, runs, keep)
    done = 0
    if workers > 1 and len(batches) > 1:
        import multiprocessing as mp

        ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as ex:
            # a bounded window of batches in flight: finished batches are folded and dropped
            todo = iter(enumerate(batches))
            futs = {}
            for i, bt in itertools.islice(todo, IN_FLIGHT * workers):
                futs[ex.submit(_work, (model, bt, seed))] = i
            while futs:
                finished, _ = wait(futs, return_when=FIRST_COMPLETED)
                for f in finished:
                    i = futs.pop(f)
                    stats.add(f.result(), offsets[i])
                    done += offsets[i + 1] - offsets[i]
                    if progress:
                        progress(done)
                for i, bt in itertools.islice(todo, len(finished)):
                    futs[ex.submit(_work, (model, bt, seed))] = i
    else:
        for i, bt in enumerate(batches):
            stats.add(_work((model, bt, seed)), offsets[i])
            done += offsets[i + 1] - offsets[i]
            if progress:
                progress(done)
    return SimulationResult(model, stats, runs, seed, time.perf_counter() - t0, data_dir)


def check_memory(model: Model, runs: int, keep: bool | None = None) -> None:
    """Refuse, before running, an ensemble whose statistics would not fit in :func:`memory_limit`."""
    keep = (runs * model.n <= KEEP_CELLS) if keep is None else keep
    need, limit = estimate_bytes(model.n, model.steps, runs, len(model.codes), keep), memory_limit()
    if need > limit:
        raise MemoryLimitError(
            f"{runs:,} runs of {model.n:,} units × {model.steps:,} steps would need about "
            f"{need / 2**30:.2f} GiB for the ensemble statistics"
            + (" and the per-run arrays" if keep else "")
            + f", more than the limit of {limit / 2**30:.2f} GiB (half the RAM, or {MEMORY_LIMIT_ENV}); "
            "use fewer runs")


class MemoryLimitError(ValueError):
    """An ensemble that would not fit in memory (raised before running)."""
