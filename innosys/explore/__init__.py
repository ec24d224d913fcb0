"""Exploratory modelling: global sensitivity analysis and scenario discovery on Dask.

Which uncertain rates of a scenario matter, and under which conditions is a
target reached?  :func:`explore` samples the ranges with SALib (Sobol',
Morris or a Latin hypercube), runs every design point as a Monte Carlo
ensemble — serially or on a Dask cluster, in chunks written as they complete
— and returns DataFrames: the results, Sobol' S1/ST with confidence
intervals or Morris μ*/σ, and PRIM boxes for a yes/no target.

>>> import networkx as nx
>>> from innosys.diffusion import scenario_from_dict
>>> from innosys.explore import explore
>>> sc = scenario_from_dict({"innovation": {"name": "Demo"}, "time": {"start": "2020-01", "steps": 12},
...     "run": {"runs": 8, "seed": 3}, "seeds": {"adopters": ["0"]},
...     "channels": {"word": {"type": "interpersonal", "layers": {"graph": 1.0}, "adoption": 0.2},
...                  "radio": {"type": "mass_media", "awareness": 0.1, "adoption": 0.0}}})
>>> ex = explore(sc, ["channels.word.adoption=0.05:0.5", "channels.radio.awareness=0.01:0.3"],
...              samples=8, outcomes=["final_share", "t50"], scheduler="none", data=nx.karate_club_graph())
>>> len(ex.results), sorted(ex.sobol["outcome"].unique())
(48, ['final_share', 't50'])
>>> st = ex.sobol.set_index(["outcome", "parameter"])["ST"]
>>> bool(st["final_share", "channels.word.adoption"] > st["final_share", "channels.radio.awareness"])
True
"""

from __future__ import annotations

from innosys.explore.analysis import morris_indices, prim_boxes, sobol_indices
from innosys.explore.design import METHODS, DesignError, Parameter, make_design, parse_vary
from innosys.explore.executor import DEFAULT_CHUNK, FunctionEvaluator, ScenarioEvaluator, run_design
from innosys.explore.exploration import (
    Exploration,
    analyse,
    explore,
    is_exploration,
    read_exploration,
    write_exploration,
)
from innosys.explore.outcomes import Outcome, Target, parse_outcomes, parse_target

__all__ = [
    "DEFAULT_CHUNK", "METHODS", "DesignError", "Exploration", "FunctionEvaluator", "Outcome", "Parameter",
    "ScenarioEvaluator", "Target", "analyse", "explore", "is_exploration", "make_design", "morris_indices",
    "parse_outcomes", "parse_target", "parse_vary", "prim_boxes", "read_exploration", "run_design",
    "sobol_indices", "write_exploration",
]
