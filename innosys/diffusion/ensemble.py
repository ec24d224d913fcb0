"""Run an ensemble: plan run blocks, run batches (in worker processes if asked), join their arrays.

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

import math
import time
from concurrent.futures import ProcessPoolExecutor, as_completed

import numpy as np

from innosys.diffusion.engine import run_batch
from innosys.diffusion.model import RUN_BLOCK, Model
from innosys.diffusion.results import SimulationResult
from innosys.diffusion.scenario import Scenario

#: target number of unit×run cells per computing batch
BATCH_CELLS = 40_000


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
              progress=None, data_dir: str | None = None) -> SimulationResult:
    """Run an ensemble of ``model`` and return its :class:`SimulationResult`.

    ``progress(done_runs)`` is called after each batch.  The numbers depend only on the model,
    ``runs`` and ``seed`` — never on ``workers``.
    """
    runs, seed = run_settings(model.scenario, runs, seed)
    t0 = time.perf_counter()
    batches = _batches(_plan(runs), model.n)
    parts: list[dict] = [None] * len(batches)  # type: ignore[list-item]
    done = 0
    if workers > 1 and len(batches) > 1:
        import multiprocessing as mp

        ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as ex:
            futs = {ex.submit(_work, (model, bt, seed)): i for i, bt in enumerate(batches)}
            for f in as_completed(futs):
                i = futs[f]
                parts[i] = f.result()
                done += sum(w for _, w in batches[i])
                if progress:
                    progress(done)
    else:
        for i, bt in enumerate(batches):
            parts[i] = _work((model, bt, seed))
            done += sum(w for _, w in bt)
            if progress:
                progress(done)
    arrays = _join(parts)
    return SimulationResult(model, arrays, runs, seed, time.perf_counter() - t0, data_dir)


def _join(parts: list[dict]) -> dict:
    """The batches' arrays side by side (runs are columns)."""
    if len(parts) == 1:
        return dict(parts[0])
    return {k: np.concatenate([p[k] for p in parts], axis=1) for k in parts[0]}
