"""Experiments: parameter sweeps and scenario comparisons on common random numbers.

Every variant runs with the same seed and number of runs, so run ``r`` of
each variant uses the same random streams (latent innovativeness, awareness,
adoption and per-channel draws): differences between variants come from
the parameters, not from noise.

>>> import networkx as nx
>>> from innosys.diffusion import scenario_from_dict
>>> sc = scenario_from_dict({"innovation": {"name": "Demo"}, "time": {"start": "2020-01", "steps": 12},
...     "run": {"runs": 32, "seed": 3}, "seeds": {"adopters": ["0"]},
...     "channels": {"interpersonal": {"layers": {"graph": 1.0}}}})
>>> sw = sweep(sc, {"channels.interpersonal.adoption": [0.1, 0.4]}, nx.karate_club_graph())
>>> bool(sw.table["final_share_mean"].is_monotonic_increasing)
True
"""

from __future__ import annotations

import itertools
import re
import tomllib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from innosys.diffusion.ensemble import run_settings
from innosys.diffusion.scenario import Scenario, ScenarioError, ScenarioProblem, load_scenario


def parse_value(text: str):
    """A command-line value as TOML (number, bool, string, inline table) or else a plain string."""
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


def parse_param(spec: str) -> tuple[str, list]:
    """``'key=v1,v2,...'`` → (key, [values]).  Commas inside ``{...}`` or ``[...]`` do not split."""
    if "=" not in spec:
        raise ValueError(f"--param '{spec}': expected KEY=VALUE[,VALUE...]")
    key, _, rest = spec.partition("=")
    key = key.strip()
    if not re.match(r"^[A-Za-z0-9_.:\-]+$", key):
        raise ValueError(f"--param '{spec}': bad key '{key}'")
    parts, depth, cur = [], 0, ""
    for ch in rest:
        if ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    values = [parse_value(p.strip()) for p in parts if p.strip()]
    if not values:
        raise ValueError(f"--param '{spec}': no values")
    return key, values


def _row(res, extra: dict) -> dict:
    fs = res.final_share()
    tts = res.time_to_share()
    ch = res.channels()
    adopt = {f"adoptions_{r.channel}": r.count_mean for r in ch[ch.event == "adoption"].itertuples()}
    return {**extra, "final_share_mean": fs["mean"], "final_share_p05": fs["p05"], "final_share_p95": fs["p95"],
            "t10": tts["0.1"], "t50": tts["0.5"], "t90": tts["0.9"], **adopt}


@dataclass
class SweepResult:
    grid: dict
    combos: list[dict]
    results: list
    table: pd.DataFrame

    def _repr_html_(self) -> str:  # the table in notebooks
        from innosys.viz.notebook import sweep_html
        return sweep_html(self)


def sweep(scenario: Scenario | str, grid: dict[str, list], data=None, runs: int | None = None,
          seed: int | None = None, workers: int = 1, progress=None) -> SweepResult:
    """Run every combination of ``grid`` (dotted key → values) on common random numbers."""
    from innosys.diffusion import simulate

    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario)
    if data is None:
        from innosys.graph import load_graph

        data = load_graph()
    keys = list(grid)
    combos = [dict(zip(keys, vals)) for vals in itertools.product(*(grid[k] for k in keys))]
    variants = []
    for c in combos:
        try:
            variants.append(scenario.with_params(c))
        except ScenarioError as e:
            raise ScenarioError([ScenarioProblem(p.file, p.key, f"{p.message} (in --param {c})")
                                 for p in e.problems]) from None
    runs, seed = run_settings(scenario, runs, seed)   # every variant shares the base scenario's
    results = []
    for i, v in enumerate(variants):
        results.append(simulate(v, data, runs=runs, seed=seed, workers=workers))
        if progress:
            progress(i + 1)
    table = pd.DataFrame([_row(r, c) for r, c in zip(results, combos)]).fillna({})
    return SweepResult(grid, combos, results, table)


@dataclass
class Comparison:
    scenarios: list[Scenario]
    results: list
    table: pd.DataFrame

    def _repr_html_(self) -> str:  # the table in notebooks
        from innosys.viz.notebook import comparison_html
        return comparison_html(self)


def compare(scenarios: list, data=None, runs: int | None = None, seed: int | None = None, workers: int = 1,
            progress=None) -> Comparison:
    """Run several scenarios with the same runs and seed (common random numbers).

    The table has one row per scenario plus paired differences of the final adopted share
    against the first scenario (mean and 5–95 % band over runs).
    """
    from innosys.diffusion import simulate

    scs = [s if isinstance(s, Scenario) else load_scenario(s) for s in scenarios]
    if not scs:
        raise ValueError("compare needs at least one scenario")
    if data is None:
        from innosys.graph import load_graph

        data = load_graph()
    runs, seed = run_settings(scs[0], runs, seed)     # common random numbers: the first one's
    results = []
    for i, s in enumerate(scs):
        results.append(simulate(s, data, runs=runs, seed=seed, workers=workers))
        if progress:
            progress(i + 1)
    base = results[0].final_counts() / results[0].n
    rows = []
    for s, r in zip(scs, results):
        f = r.final_counts() / r.n
        diff = f - base
        rows.append(_row(r, {"scenario": s.name, "file": str(s.path) if s.path else None, "n_units": r.n})
                    | {"diff_final_share_mean": float(diff.mean()),
                       "diff_final_share_p05": float(np.quantile(diff, 0.05)),
                       "diff_final_share_p95": float(np.quantile(diff, 0.95))})
    return Comparison(scs, results, pd.DataFrame(rows))
