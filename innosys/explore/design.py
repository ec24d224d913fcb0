"""Uncertain parameters and experimental designs (SALib) for an exploration.

A parameter is a dotted scenario key with a range, written ``KEY=LOW:HIGH`` or
``KEY=LOW:HIGH:log`` (sampled uniformly in log10 space).  Keys whose value in
the scenario is an integer are rounded to the nearest integer.  Designs come
from SALib: Saltelli/Sobol' sequences (``sobol``), Morris trajectories
(``morris``) and Latin hypercubes (``lhs``).

>>> p = parse_vary("channels.peers.adoption=0.05:0.3")
>>> (p.key, p.low, p.high, p.log)
('channels.peers.adoption', 0.05, 0.3, False)
>>> d = make_design([p, parse_vary("adoption.own_initiative=0.001:0.01:log")], "sobol", 8, seed=1)
>>> len(d), list(d.columns)
(48, ['channels.peers.adoption', 'adoption.own_initiative'])
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

METHODS = ("sobol", "morris", "lhs")
#: Morris grid levels (SALib's default); the analysis must use the same number
MORRIS_LEVELS = 4
#: scenario sections that decide the population, the clock or the ensemble: not explorable
#: (the population is built once per worker, the outcome dates must stay fixed)
FIXED_SECTIONS = ("population", "time", "run", "name", "title", "description", "interventions")

_KEY_RE = re.compile(r"^[A-Za-z0-9_\-]+(\.[A-Za-z0-9_\-]+)+$")


class DesignError(ValueError):
    """A bad ``--vary`` spec or design setting; ``field`` names what is wrong."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field


@dataclass(frozen=True)
class Parameter:
    """One uncertain scenario parameter: a dotted key and its range."""

    key: str
    low: float
    high: float
    log: bool = False
    integer: bool = False

    def to_unit(self, values: np.ndarray) -> np.ndarray:
        """Natural values → the space SALib sampled in (log10 for ``log``)."""
        v = np.asarray(values, dtype=float)
        return np.log10(v) if self.log else v

    def from_unit(self, values: np.ndarray) -> np.ndarray:
        v = np.asarray(values, dtype=float)
        v = 10.0 ** v if self.log else v
        return np.round(v) if self.integer else v

    @property
    def bounds(self) -> list[float]:
        return [math.log10(self.low), math.log10(self.high)] if self.log else [self.low, self.high]

    def spec(self) -> str:
        return f"{self.key}={self.low:g}:{self.high:g}" + (":log" if self.log else "")


def parse_vary(spec: str) -> Parameter:
    """``'KEY=LOW:HIGH[:log]'`` → :class:`Parameter` (raises :class:`DesignError`)."""
    field = f"--vary '{spec}'"
    key, eq, rng = spec.partition("=")
    key = key.strip()
    if not eq or not _KEY_RE.match(key):
        raise DesignError(field, "expected KEY=LOW:HIGH[:log] with a dotted scenario key, "
                                 "e.g. channels.peers.adoption=0.05:0.3")
    if key.split(".")[0] in FIXED_SECTIONS:
        raise DesignError(field, f"'{key.split('.')[0]}' keys cannot be explored (they fix the population, "
                                 "the clock or the ensemble); vary rates and other numeric parameters")
    parts = [p.strip() for p in rng.split(":")]
    log = len(parts) == 3 and parts[2] == "log"
    if len(parts) not in (2, 3) or (len(parts) == 3 and not log):
        raise DesignError(field, "expected LOW:HIGH or LOW:HIGH:log")
    try:
        low, high = float(parts[0]), float(parts[1])
    except ValueError:
        raise DesignError(field, f"LOW and HIGH must be numbers, got '{parts[0]}' and '{parts[1]}'") from None
    if not (math.isfinite(low) and math.isfinite(high)) or not low < high:
        raise DesignError(field, "needs finite LOW < HIGH")
    if log and low <= 0:
        raise DesignError(field, "a log range needs LOW > 0")
    return Parameter(key, low, high, log)


def bind(params: list[Parameter], scenario) -> list[Parameter]:
    """Check the keys against ``scenario`` (numeric values, valid at both ends of the range) and mark
    integer keys.  Raises :class:`DesignError` or the scenario's own ``ScenarioError``."""
    keys = [p.key for p in params]
    dup = sorted({k for k in keys if keys.count(k) > 1})
    if dup:
        raise DesignError(f"--vary {dup[0]}", "given more than once")
    if not params:
        raise DesignError("--vary", "give at least one parameter")
    out = []
    for p in params:
        current = scenario.get(p.key)
        if isinstance(current, bool) or (current is not None and not isinstance(current, (int, float))):
            raise DesignError(f"--vary {p.key}", f"the scenario's value is {type(current).__name__} "
                                                 f"({current!r}), not a number")
        integer = isinstance(current, int)
        q = Parameter(p.key, p.low, p.high, p.log, integer)
        for end in (q.low, q.high):   # the scenario validator names file and key for bad values
            scenario.with_params({q.key: int(round(end)) if integer else end})
        out.append(q)
    return out


def salib_problem(params: list[Parameter]) -> dict:
    """The SALib problem dict (bounds in sampling space)."""
    return {"num_vars": len(params), "names": [p.key for p in params], "bounds": [p.bounds for p in params]}


def design_size(method: str, samples: int, n_params: int) -> int:
    """Number of design points: Sobol' N·(2D+2) (second order), Morris N·(D+1), LHS N."""
    return {"sobol": samples * (2 * n_params + 2), "morris": samples * (n_params + 1), "lhs": samples}[method]


def make_design(params: list[Parameter], method: str, samples: int, seed: int) -> pd.DataFrame:
    """The design points (natural units), one column per parameter, index ``point`` 0..n-1."""
    if method not in METHODS:
        raise DesignError("--method", f"'{method}' is not one of {', '.join(METHODS)}")
    if samples < 2:
        raise DesignError("--samples", "must be at least 2")
    problem = salib_problem(params)
    if method == "sobol":
        if samples & (samples - 1):
            raise DesignError("--samples", f"Sobol' needs a power of two (got {samples}; try "
                                           f"{1 << (samples - 1).bit_length()})")
        from SALib.sample import sobol

        X = sobol.sample(problem, samples, calc_second_order=True, scramble=True, seed=seed)
    elif method == "morris":
        from SALib.sample import morris

        X = morris.sample(problem, samples, num_levels=MORRIS_LEVELS, seed=seed)
    else:
        from SALib.sample import latin

        X = latin.sample(problem, samples, seed=seed)
    cols = {p.key: p.from_unit(X[:, i]) for i, p in enumerate(params)}
    return pd.DataFrame(cols, index=pd.RangeIndex(len(X), name="point"))


def unit_matrix(params: list[Parameter], design: pd.DataFrame) -> np.ndarray:
    """The design back in SALib's sampling space (the analysis functions expect it)."""
    return np.column_stack([p.to_unit(design[p.key].to_numpy()) for p in params])
