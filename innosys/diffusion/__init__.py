"""The diffusion engine: who adopts an innovation when, through which channel, and who lags.

Mesa-style separation, one topic per module:

- scenario definitions: :mod:`~innosys.diffusion.scenario` (the format, the Scenario object, id checks),
  :mod:`~innosys.diffusion.validation` (pydantic value types of keys; errors naming file and key),
  :mod:`~innosys.diffusion.timeline` (months and steps), :mod:`~innosys.diffusion.scenario_docs`
  (the generated key reference);
- the environment: :mod:`~innosys.diffusion.population` (units and ties from the actor graph);
- model rules: :mod:`~innosys.diffusion.state` (unit states), :mod:`~innosys.diffusion.channels`
  (one module per kind of channel; each type registered next to its rules),
  :mod:`~innosys.diffusion.model` (compiling a scenario), :mod:`~innosys.diffusion.engine` (the step loop);
- running: :mod:`~innosys.diffusion.ensemble` (:func:`run_model`, the runs/seed defaults, the memory
  check) and :mod:`~innosys.diffusion.aggregate` (statistics folded run block by run block);
- result collection: :mod:`~innosys.diffusion.results` (DataFrames, the result directory's writer) and
  :mod:`~innosys.diffusion.result_dir` (its format and its one reader);
- experiments: :mod:`~innosys.diffusion.experiments` (sweeps, comparisons on common random
  numbers) and :mod:`~innosys.diffusion.calibrate`.

>>> import networkx as nx
>>> from innosys.diffusion import scenario_from_dict, simulate
>>> sc = scenario_from_dict({
...     "innovation": {"name": "Demo tool", "relative_advantage": 0.7},
...     "time": {"start": "2020-01", "step": "quarter", "steps": 20},
...     "run": {"runs": 64, "seed": 7},
...     "seeds": {"adopters": ["0"]},
...     "channels": {"mass_media": {"awareness": 0.1, "adoption": 0.01},
...                  "interpersonal": {"layers": {"graph": 1.0}, "adoption": 0.3}}})
>>> res = simulate(sc, nx.karate_club_graph())
>>> res.runs, round(res.final_share()["mean"], 2) > 0.1
(64, True)
"""

from __future__ import annotations

from innosys.diffusion.categories import (
    categorize_times,
    category_shares,
    innovativeness_categories,
)
from innosys.diffusion.ensemble import run_model, run_settings
from innosys.diffusion.model import RUN_BLOCK, Model, build_model
from innosys.diffusion.population import Population, build_population
from innosys.diffusion.results import SimulationResult, results_to_records, write_results
from innosys.diffusion.scenario import (
    Scenario,
    ScenarioError,
    check_ids,
    load_scenario,
    scenario_from_dict,
)


def simulate(scenario: Scenario | str, data=None, runs: int | None = None, seed: int | None = None,
             workers: int = 1, progress=None, data_dir: str | None = None) -> SimulationResult:
    """Run a scenario (object or TOML path) as a Monte Carlo ensemble.

    ``data``: the innosys graph (default: ``load_graph(data_dir)``), a networkx graph
    or a :class:`Population`.  Same scenario + seed ⇒ identical numbers for any ``workers``.
    """
    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario)
    if data is None:
        from innosys.graph import load_graph

        data = load_graph(data_dir)
    return run_model(build_model(scenario, data), runs=runs, seed=seed, workers=workers, progress=progress,
                     data_dir=data_dir)


from innosys.diffusion.calibrate import calibrate, observed_from_csv, observed_from_data  # noqa: E402
from innosys.diffusion.experiments import compare, sweep  # noqa: E402

__all__ = [
    "RUN_BLOCK", "Model", "Population", "Scenario", "ScenarioError", "SimulationResult", "build_model",
    "build_population", "calibrate", "categorize_times", "category_shares", "check_ids", "compare",
    "innovativeness_categories", "load_scenario", "observed_from_csv", "observed_from_data", "results_to_records",
    "run_model", "run_settings", "scenario_from_dict", "simulate", "sweep", "write_results",
]
