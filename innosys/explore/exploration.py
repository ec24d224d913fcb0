"""An exploration: a scenario, uncertain parameters, a design, its outcomes and their analysis.

:func:`explore` runs it (optionally into a directory that can be resumed);
:func:`read_exploration` reads a finished directory back.  Directory layout::

    DIR/explore.json        settings (everything that decides the numbers) and a summary
    DIR/scenario.toml       the base scenario
    DIR/design.parquet      design points: one column per parameter, plus seed
    DIR/chunks/*.parquet    results of each chunk, written as it completes
    DIR/results.parquet     every point with its outcomes
    DIR/sobol.csv | DIR/morris.csv, DIR/prim_boxes.csv, DIR/prim_trajectory.csv
    DIR/explore.html        the page

>>> point_seeds(3, 7, "common").tolist()
[7, 7, 7]
>>> a = point_seeds(4, 7, "independent")
>>> len(set(a.tolist())), bool((point_seeds(2, 7, "independent") == a[:2]).all())
(4, True)
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from innosys import __version__
from innosys.atomic import atomic_file, atomic_text
from innosys.explore import analysis
from innosys.explore.design import DesignError, Parameter, bind, make_design, parse_vary
from innosys.explore.executor import DEFAULT_CHUNK, ScenarioEvaluator, run_design
from innosys.explore.outcomes import Target, parse_outcomes, parse_target

FORMAT_VERSION = 1
MANIFEST = "explore.json"
SEEDINGS = ("common", "independent")
#: the settings a resumed run must share with the directory it continues
_DECIDING = ("scenario_toml", "parameters", "method", "samples", "runs", "seed", "seeding", "outcomes")


@dataclass
class Exploration:
    """The result of :func:`explore`: settings and DataFrames (``design``, ``results``, ``sobol``,
    ``morris``, ``prim_boxes``, ``prim_trajectory``)."""

    settings: dict
    params: list[Parameter]
    results: pd.DataFrame
    sobol: pd.DataFrame = field(default_factory=pd.DataFrame)
    morris: pd.DataFrame = field(default_factory=pd.DataFrame)
    prim_boxes: pd.DataFrame = field(default_factory=pd.DataFrame)
    prim_trajectory: pd.DataFrame = field(default_factory=pd.DataFrame)
    directory: Path | None = None

    @property
    def outcomes(self) -> list[str]:
        return list(self.settings["outcomes"])

    @property
    def design(self) -> pd.DataFrame:
        return self.results[[p.key for p in self.params] + ["seed"]]

    @property
    def target(self) -> Target | None:
        t = self.settings.get("target")
        return parse_target(t) if t else None

    def page(self):
        """The HTML page (:class:`innosys.viz.page.Page`)."""
        from innosys.explore.page import exploration_page

        return exploration_page(self)


def point_seeds(n: int, seed: int, seeding: str) -> np.ndarray:
    """The seed of each design point: the scenario seed for all (``common``: common random numbers,
    so differences between points come from the parameters only) or one derived per point
    (``independent``) — from the point's number, never from the worker or the chunk."""
    if seeding == "common":
        return np.full(n, seed, dtype=np.int64)
    if seeding == "independent":
        return np.array([np.random.SeedSequence([seed, i]).generate_state(1)[0] for i in range(n)], dtype=np.int64)
    raise DesignError("--seeding", f"'{seeding}' is not one of {', '.join(SEEDINGS)}")


def explore(scenario, vary, *, method: str = "sobol", samples: int = 64, runs: int | None = None,
            outcomes=("final_share",), target: str | None = None, seed: int | None = None,
            seeding: str = "common", out: str | Path | None = None, resume: bool = False,
            scheduler="local", workers: int | None = None, chunk_size: int = DEFAULT_CHUNK,
            data=None, data_dir: str | None = None, prim_threshold: float = 0.8, progress=None) -> Exploration:
    """Explore ``scenario`` (a Scenario or a TOML path) over the ranges in ``vary``.

    ``vary``: ``KEY=LOW:HIGH[:log]`` strings or :class:`Parameter` objects.
    ``runs`` per design point (default: the scenario's ``run.runs``); ``seed``
    (default: the scenario's ``run.seed``) seeds the design and the points.
    ``target`` (e.g. ``"share@2030-01>=0.9"``) adds PRIM scenario discovery.
    ``scheduler``: ``"local"`` (LocalCluster of ``workers``), ``"none"``
    (serial), a scheduler address or a ``distributed.Client``.  With ``out``,
    chunks are written as they complete and ``resume=True`` continues a
    stopped run; the same settings give the same numbers in every case.
    """
    from innosys.diffusion import Scenario, build_model, load_scenario

    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    params = bind([p if isinstance(p, Parameter) else parse_vary(p) for p in vary], sc)
    outs = parse_outcomes(list(outcomes) if not isinstance(outcomes, str) else [outcomes])
    tgt = parse_target(target) if target else None
    if tgt is not None and tgt.outcome not in [o.name for o in outs]:
        outs = outs + parse_outcomes([tgt.outcome])
    runs = int(runs if runs is not None else sc.data["run"]["runs"])
    seed = int(seed if seed is not None else sc.data["run"]["seed"])
    if runs < 1:
        raise DesignError("--runs", "must be at least 1")
    settings = {
        "format_version": FORMAT_VERSION, "kind": "exploration", "innosys_version": __version__,
        "scenario": sc.name, "title": sc.title, "scenario_toml": sc.to_toml(),
        "parameters": [p.spec() for p in params], "integer_keys": [p.key for p in params if p.integer],
        "method": method, "samples": int(samples), "runs": runs,
        "seed": seed, "seeding": seeding, "outcomes": [o.name for o in outs],
        "target": str(tgt) if tgt else None, "chunk_size": int(chunk_size),
    }
    design = make_design(params, method, int(samples), seed)
    design["seed"] = point_seeds(len(design), seed, seeding)
    settings["points"] = len(design)

    if data is None:
        from innosys.graph import load_graph

        data = load_graph(data_dir)
    base = build_model(sc, data)
    for o in outs:   # an outcome date outside the scenario's span fails here, not on a worker
        o.value(np.zeros(base.steps + 1), base.dates)
    evaluator = ScenarioEvaluator(sc, base.population, params, outs, runs)

    directory = Path(out) if out is not None else None
    if directory is not None:
        _prepare(directory, settings, design, resume)
    results = run_design(evaluator, design, directory=directory, chunk_size=chunk_size, scheduler=scheduler,
                         workers=workers, progress=progress)
    ex = analyse(settings, params, results, prim_threshold=prim_threshold)
    if directory is not None:
        write_exploration(ex, directory)
    return ex


def analyse(settings: dict, params: list[Parameter], results: pd.DataFrame, prim_threshold: float = 0.8) -> Exploration:
    """Indices for every outcome (Sobol' or Morris, by the design's method) and PRIM boxes for the target."""
    ex = Exploration(settings, params, results)
    seed = settings["seed"]
    if settings["method"] == "sobol":
        ex.sobol = pd.concat([analysis.sobol_indices(params, results, o, seed) for o in ex.outcomes],
                             ignore_index=True)
    elif settings["method"] == "morris":
        ex.morris = pd.concat([analysis.morris_indices(params, results, o, seed) for o in ex.outcomes],
                              ignore_index=True)
    if ex.target is not None:
        ex.prim_boxes, ex.prim_trajectory = analysis.prim_boxes(params, results, ex.target, threshold=prim_threshold)
    return ex


def _prepare(directory: Path, settings: dict, design: pd.DataFrame, resume: bool) -> None:
    manifest = directory / MANIFEST
    if manifest.is_file():
        if not resume:
            raise DesignError("--out", f"{directory} already holds an exploration; add --resume to continue it "
                                       "or choose another directory")
        old = json.loads(manifest.read_text(encoding="utf-8"))
        for k in _DECIDING:
            if old.get(k) != settings[k]:
                raise DesignError("--resume", f"'{k}' differs from {manifest} ({old.get(k)!r} there, "
                                              f"{settings[k]!r} now); resume with the same settings")
        return
    if directory.exists() and any(directory.iterdir()):
        raise DesignError("--out", f"{directory} exists and is not an exploration directory")
    directory.mkdir(parents=True, exist_ok=True)
    atomic_text(directory / "scenario.toml", settings["scenario_toml"])
    atomic_file(directory / "design.parquet", lambda tmp: design.to_parquet(tmp, engine="pyarrow"))
    atomic_text(manifest, json.dumps({**settings, "complete": False}, indent=2, ensure_ascii=False) + "\n")


def _csv(df: pd.DataFrame, path: Path) -> None:
    atomic_file(path, lambda tmp: df.to_csv(tmp, index=False, float_format="%.10g"))


def write_exploration(ex: Exploration, directory: str | Path) -> Path:
    """Write results, indices, PRIM boxes and the page into ``directory`` (the manifest last)."""
    d = Path(directory)
    atomic_file(d / "results.parquet", lambda tmp: ex.results.to_parquet(tmp, engine="pyarrow"))
    for name in ("sobol", "morris", "prim_boxes", "prim_trajectory"):
        df = getattr(ex, name)
        if len(df.columns):
            _csv(df, d / f"{name}.csv")
    ex.page().write(d / "explore.html")
    ex.directory = d
    atomic_text(d / MANIFEST, json.dumps({**ex.settings, "complete": True}, indent=2, ensure_ascii=False) + "\n")
    return d


def is_exploration(directory: str | Path) -> bool:
    return (Path(directory) / MANIFEST).is_file()


def read_exploration(directory: str | Path) -> Exploration:
    """A finished exploration directory read back (raises ValueError naming the file when incomplete)."""
    d = Path(directory)
    manifest = d / MANIFEST
    if not manifest.is_file():
        raise ValueError(f"{manifest}: not found (not an exploration directory)")
    settings = json.loads(manifest.read_text(encoding="utf-8"))
    if settings.get("format_version") != FORMAT_VERSION:
        raise ValueError(f"{manifest}: format_version {settings.get('format_version')!r}, expected {FORMAT_VERSION}")
    if not settings.get("complete"):
        raise ValueError(f"{manifest}: the exploration has not finished (continue it with --resume)")
    ints = set(settings.get("integer_keys", []))
    params = [Parameter(p.key, p.low, p.high, p.log, p.key in ints) for p in map(parse_vary, settings["parameters"])]
    results = pd.read_parquet(d / "results.parquet")
    ex = Exploration(settings, params, results, directory=d)
    for name in ("sobol", "morris", "prim_boxes", "prim_trajectory"):
        if (d / f"{name}.csv").is_file():
            setattr(ex, name, pd.read_csv(d / f"{name}.csv"))
    return ex
