"""Evaluate design points in chunks, serially or on a Dask cluster, writing each chunk as it completes.

An *evaluator* is a picklable callable: a DataFrame of design points (one
column per parameter plus ``seed``, index ``point``) → a DataFrame of outcomes
with the same index.  :class:`ScenarioEvaluator` runs the diffusion engine;
:class:`FunctionEvaluator` wraps a plain function (e.g. SALib's Ishigami test
function), so the same executor is checked against known indices.

Each point's seed is in the design, never taken from the worker or the chunk,
so the numbers are the same for any cluster, chunk size or resume.  Chunk
results go to ``DIR/chunks/points-FIRST-LAST.parquet`` (atomic writes); a
resumed run skips the points already there.  A worker that dies loses only the
chunk it was running: Dask runs that chunk again elsewhere.

>>> import pandas as pd
>>> from SALib.test_functions import Ishigami
>>> pts = pd.DataFrame({"x1": [0.0, 1.0], "x2": [0.5, 0.0], "x3": [0.0, 2.0], "seed": [0, 0]})
>>> ev = FunctionEvaluator(Ishigami.evaluate, ["x1", "x2", "x3"], "y")
>>> out = run_design(ev, pts, scheduler="none")
>>> [round(v, 4) for v in out["y"]]
[1.6089, 2.1878]
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from innosys.atomic import atomic_file
from innosys.explore.outcomes import Outcome

#: design points per Dask task: big enough that scheduling costs little next to the engine,
#: small enough that a lost worker costs a few seconds
DEFAULT_CHUNK = 16
CHUNKS = "chunks"


def adoption_curve(model, runs: int, seed: int) -> np.ndarray:
    """The mean cumulative adopted share per step of one ensemble (the result's own curve)."""
    from innosys.diffusion import run_model

    return run_model(model, runs=runs, seed=seed).curves()["adopted_mean"].to_numpy()


class ScenarioEvaluator:
    """Runs design points of one scenario over a fixed population (built once, shipped with the evaluator).

    ``scenario``: the base :class:`~innosys.diffusion.Scenario`; ``population``:
    a :class:`~innosys.diffusion.Population` (or anything ``build_model`` accepts);
    ``params``: the :class:`~innosys.explore.design.Parameter` list; ``runs`` per point.
    """

    def __init__(self, scenario, population, params, outcomes: list[Outcome], runs: int):
        self.scenario = scenario
        self.population = population
        self.params = list(params)
        self.outcomes = list(outcomes)
        self.runs = int(runs)

    @property
    def columns(self) -> list[str]:
        return [o.name for o in self.outcomes]

    def model(self, values: dict):
        """The compiled model of one design point (``values``: key → value)."""
        from innosys.diffusion import build_model

        return build_model(self.scenario.with_params(values), self.population)

    def point_values(self, row) -> dict:
        return {p.key: int(row[p.key]) if p.integer else float(row[p.key]) for p in self.params}

    def __call__(self, points: pd.DataFrame) -> pd.DataFrame:
        rows = []
        for _, row in points.iterrows():
            model = self.model(self.point_values(row))
            curve = adoption_curve(model, self.runs, int(row["seed"]))
            rows.append([o.value(curve, model.dates) for o in self.outcomes])
        return pd.DataFrame(rows, index=points.index, columns=self.columns, dtype=float)


class FunctionEvaluator:
    """A vectorised function of the parameter matrix as an evaluator (``func(X) -> y``)."""

    def __init__(self, func: Callable, names: list[str], outcome: str = "y"):
        self.func, self.names, self.outcome = func, list(names), outcome

    @property
    def columns(self) -> list[str]:
        return [self.outcome]

    def __call__(self, points: pd.DataFrame) -> pd.DataFrame:
        y = np.asarray(self.func(points[self.names].to_numpy(dtype=float)), dtype=float)
        return pd.DataFrame({self.outcome: y}, index=points.index)


# ---------------------------------------------------------------------------
# Chunk files
# ---------------------------------------------------------------------------

def chunk_path(directory: Path, first: int, last: int) -> Path:
    return directory / CHUNKS / f"points-{first:08d}-{last:08d}.parquet"


def read_chunks(directory: str | Path) -> pd.DataFrame | None:
    """Every completed chunk under ``DIR/chunks`` as one DataFrame (index ``point``), or None."""
    files = sorted((Path(directory) / CHUNKS).glob("points-*.parquet"))
    if not files:
        return None
    df = pd.concat([pd.read_parquet(f) for f in files])
    return df[~df.index.duplicated()].sort_index()


def _write_chunk(directory: Path, result: pd.DataFrame) -> None:
    path = chunk_path(directory, int(result.index[0]), int(result.index[-1]))
    atomic_file(path, lambda tmp: result.to_parquet(tmp, engine="pyarrow"))


def plan_chunks(points: pd.Index, chunk_size: int) -> list[np.ndarray]:
    """Consecutive pieces of at most ``chunk_size`` of the (sorted) point ids still to run."""
    if chunk_size < 1:
        raise ValueError("chunk size must be at least 1")
    ids = np.sort(np.asarray(points, dtype=np.int64))
    return [ids[i:i + chunk_size] for i in range(0, len(ids), chunk_size)]


def _evaluate(evaluator, points: pd.DataFrame) -> pd.DataFrame:
    t0 = time.perf_counter()
    out = evaluator(points)
    out = pd.concat([points, out], axis=1)
    out.attrs["seconds"] = time.perf_counter() - t0
    return out


# ---------------------------------------------------------------------------
# Schedulers
# ---------------------------------------------------------------------------

def scheduler_address(scheduler: str | None) -> str | None:
    """``--scheduler`` resolved: an explicit value, else ``DASK_SCHEDULER_ADDRESS``, else ``local``."""
    return scheduler or os.environ.get("DASK_SCHEDULER_ADDRESS") or "local"


def local_cluster(workers: int | None = None, **kw):
    """A LocalCluster of ``workers`` single-threaded processes (default: one per core); the HTTP
    server takes any free port, so several clusters can run side by side."""
    import dask
    from distributed import LocalCluster

    kw = {"threads_per_worker": 1, "processes": True, "dashboard_address": ":0", "silence_logs": 40, **kw}
    # Dask starts workers with MALLOC_TRIM_THRESHOLD_ set, which also freezes glibc's mmap threshold:
    # the engine's large per-step arrays are then mapped and unmapped on every step (page faults),
    # running it 2-3x slower than in a plain process.  None unsets the variable for our workers.
    # The statistical profiler (for the dashboard, which is not shown) samples every 10 ms: off.  The
    # event-loop watchdog, memory and system monitors poll less often: a cluster that waits for chunks
    # of seconds needs no 20-100 ms polling, and it costs CPU that the simulations need (measured in
    # benchmarks/explore.py: an idle 2-worker cluster used 8 % of a core, 3 % with these settings).
    with dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
                          "distributed.worker.profile.enabled": False,
                          "distributed.admin.tick.interval": "200ms",
                          "distributed.worker.memory.monitor-interval": "1s",
                          "distributed.admin.system-monitor.interval": "2s"}):
        return LocalCluster(n_workers=workers or os.cpu_count() or 1, **kw)


@contextmanager
def dask_client(scheduler, workers: int | None = None):
    """A ``distributed.Client``: ``local`` starts a LocalCluster (one thread per worker process),
    an address (``tcp://host:8786``) connects to a running scheduler, a Client is used as is."""
    from distributed import Client

    if isinstance(scheduler, Client):
        yield scheduler
        return
    if scheduler == "local":
        with local_cluster(workers) as cluster, Client(cluster) as client:
            yield client
    else:
        with Client(scheduler) as client:
            yield client


def run_design(evaluator, points: pd.DataFrame, *, directory: str | Path | None = None,
               chunk_size: int = DEFAULT_CHUNK, scheduler="local", workers: int | None = None,
               progress: Callable[[int, int], None] | None = None) -> pd.DataFrame:
    """Evaluate every design point; returns the points with their outcomes (index ``point``).

    ``scheduler``: ``"none"`` (serial, in this process), ``"local"`` (a
    LocalCluster of ``workers`` processes), a scheduler address or a
    ``distributed.Client``.  With ``directory``, each chunk is written to
    ``DIR/chunks`` as it completes and points already there are not run again.
    ``progress(done, total)`` is called after each chunk.
    """
    directory = Path(directory) if directory is not None else None
    done = read_chunks(directory) if directory is not None else None
    if done is not None:
        done = done[done.index.isin(points.index)]
    todo = points.index if done is None else points.index.difference(done.index)
    parts = [] if done is None else [done]
    total, finished = len(points), len(points) - len(todo)
    if progress:
        progress(finished, total)

    def collect(result: pd.DataFrame):
        nonlocal finished
        if directory is not None:
            _write_chunk(directory, result)
        parts.append(result)
        finished += len(result)
        if progress:
            progress(finished, total)

    chunks = [points.loc[ids] for ids in plan_chunks(todo, chunk_size)]
    if chunks and scheduler == "none":
        for c in chunks:
            collect(_evaluate(evaluator, c))
    elif chunks:
        from distributed import as_completed

        with dask_client(scheduler, workers) as client:
            ev = client.scatter(evaluator, broadcast=True, hash=False)
            futures = [client.submit(_evaluate, ev, c, pure=False) for c in chunks]
            for fut in as_completed(futures):
                collect(fut.result())
                fut.release()
    if not parts:
        return points.iloc[:0]
    out = pd.concat(parts).sort_index()
    out.index.name = "point"
    return out
