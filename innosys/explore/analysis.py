"""Indices and scenario discovery from an evaluated design.

- :func:`sobol_indices`: Sobol' first-order (S1) and total (ST) indices with
  bootstrap confidence intervals (SALib, Saltelli/Jansen estimators);
- :func:`morris_indices`: Morris elementary effects, μ* and σ (SALib);
- :func:`prim_boxes`: PRIM boxes for a yes/no target (ema-workbench),
  with coverage (share of all hits inside the box) and density (share of
  the box's points that are hits).

>>> import numpy as np, pandas as pd
>>> from innosys.explore.design import Parameter, make_design
>>> params = [Parameter("a", 0.0, 1.0), Parameter("b", 0.0, 1.0)]
>>> d = make_design(params, "sobol", 256, seed=1)
>>> d["y"] = d["a"] ** 2                      # b has no effect
>>> si = sobol_indices(params, d, "y", seed=1)
>>> bool(si.set_index("parameter").loc["b", "ST"] == 0.0)
True
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from innosys.explore.design import MORRIS_LEVELS, Parameter, salib_problem, unit_matrix
from innosys.explore.outcomes import Target

#: bootstrap resamples for the Sobol' confidence intervals (95 %)
SOBOL_RESAMPLES = 500


def _y(results: pd.DataFrame, outcome: str) -> np.ndarray:
    y = results.sort_index()[outcome].to_numpy(dtype=float)
    if not np.isfinite(y).all():
        raise ValueError(f"outcome {outcome}: {int((~np.isfinite(y)).sum())} design points have no value")
    return y


def sobol_indices(params: list[Parameter], results: pd.DataFrame, outcome: str, seed: int = 0) -> pd.DataFrame:
    """S1, ST and their 95 % confidence half-widths per parameter (a Sobol' design, second order)."""
    from SALib.analyze import sobol

    y = _y(results, outcome)
    if np.ptp(y) == 0:   # no variance: every index is zero (SALib would divide by zero)
        z = np.zeros(len(params))
        si = {"S1": z, "S1_conf": z, "ST": z, "ST_conf": z}
    else:
        si = sobol.analyze(salib_problem(params), y, calc_second_order=True, num_resamples=SOBOL_RESAMPLES,
                           conf_level=0.95, seed=seed)
    return pd.DataFrame({"outcome": outcome, "parameter": [p.key for p in params],
                         "S1": si["S1"], "S1_conf": si["S1_conf"], "ST": si["ST"], "ST_conf": si["ST_conf"]})


def morris_indices(params: list[Parameter], results: pd.DataFrame, outcome: str, seed: int = 0) -> pd.DataFrame:
    """μ, μ*, σ and the μ* confidence half-width per parameter (a Morris design)."""
    from SALib.analyze import morris

    r = results.sort_index()
    X = unit_matrix(params, r)
    si = morris.analyze(salib_problem(params), X, _y(r, outcome), num_levels=MORRIS_LEVELS,
                        conf_level=0.95, seed=seed)
    return pd.DataFrame({"outcome": outcome, "parameter": [p.key for p in params], "mu": si["mu"],
                         "mu_star": si["mu_star"], "sigma": si["sigma"], "mu_star_conf": si["mu_star_conf"]})


def prim_boxes(params: list[Parameter], results: pd.DataFrame, target: Target, *, threshold: float = 0.8,
               max_boxes: int = 3) -> tuple[pd.DataFrame, pd.DataFrame]:
    """PRIM boxes for ``target`` over the varied parameters.

    Returns (boxes, trajectory): one row per box and parameter it restricts
    (``low``, ``high``; box ``coverage``, ``density``, ``mass``, ``points``),
    and the peeling trajectory of each box (coverage, density, mass,
    restricted dimensions per step).  No box when no point or every point hits.
    """
    keys = [p.key for p in params]
    r = results.sort_index()
    hit = np.asarray(target.test(r[target.outcome]), dtype=bool)
    box_cols = ["box", "parameter", "low", "high", "coverage", "density", "mass", "points"]
    traj_cols = ["box", "step", "coverage", "density", "mass", "res_dim"]
    if hit.all() or not hit.any():
        return pd.DataFrame(columns=box_cols), pd.DataFrame(columns=traj_cols)
    with warnings.catch_warnings():   # ema-workbench warns about optional evaluators it does not need here
        warnings.simplefilter("ignore")
        from ema_workbench.analysis import prim

        alg = prim.Prim(r[keys].astype(float).reset_index(drop=True), hit, threshold=threshold)
        rows, traj = [], []
        for b in range(1, max_boxes + 1):
            box = alg.find_box()
            if box is None or box.density < threshold:
                break
            lims = box.box_lim
            init = alg.box_init
            for k in keys:
                lo, hi = float(lims.loc[0, k]), float(lims.loc[1, k])
                if lo > float(init.loc[0, k]) or hi < float(init.loc[1, k]):
                    rows.append([b, k, lo, hi, box.coverage, box.density, box.mass, int(box.yi.size)])
            t = box.peeling_trajectory
            traj.append(pd.DataFrame({"box": b, "step": t["id"], "coverage": t["coverage"], "density": t["density"],
                                      "mass": t["mass"], "res_dim": t["res_dim"]}))
    boxes = pd.DataFrame(rows, columns=box_cols)
    trajectory = pd.concat(traj, ignore_index=True) if traj else pd.DataFrame(columns=traj_cols)
    return boxes, trajectory
