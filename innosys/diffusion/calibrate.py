"""Calibration: fit channel rates to observed cumulative adoption counts.

The objective is the sum of squared differences between the observed
cumulative adopter counts and the ensemble mean of the model at the same
steps.  Every evaluation uses the same seed (common random numbers), so the
objective is deterministic; it is minimised with Nelder–Mead
(:func:`scipy.optimize.minimize`) over logit-transformed probabilities.

Uncertainty comes from a parametric bootstrap: single runs of the fitted
model play the part of the observed history (which is itself one
realisation) and are refitted; the spread of the refitted values gives
standard errors and 95 % intervals.

>>> import networkx as nx, pandas as pd
>>> from innosys.diffusion import scenario_from_dict
>>> sc = scenario_from_dict({"innovation": {"name": "Demo"}, "time": {"start": "2020-01", "steps": 16},
...     "run": {"runs": 32, "seed": 1}, "seeds": {"aware": "all", "adopters": ["0"]},
...     "adoption": {"own_initiative": 0, "rejection": 0, "reconsider": 0},
...     "channels": {"mass_media": {"adoption": 0.02}, "interpersonal": {"layers": {"graph": 1.0}}}})
>>> obs = pd.DataFrame({"step": [4, 8, 12, 16], "count": [4, 9, 16, 22]})
>>> cal = calibrate(sc, obs, nx.karate_club_graph(), runs=32, bootstrap=0, maxiter=30)
>>> list(cal.params.columns)[:3]
['param', 'initial', 'value']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from scipy.special import expit, logit

from innosys.diffusion.scenario import Scenario, ScenarioError, ScenarioProblem, load_scenario

COUNT_METRICS = re.compile(r"^(adopters|adopting_|adoption_count|n_adopters|users$|using_municipalities)")
EPS = 1e-4


def observed_from_csv(path: str | Path) -> pd.DataFrame:
    """Read ``step|date`` with ``count``, ``share`` or ``ids``; errors name file and line
    (see :mod:`innosys.diffusion.observed`)."""
    from innosys.diffusion.observed import read_observed

    return read_observed(path)


def observed_from_data(G, innovation_id: str, kinds=("Municipality",)) -> pd.DataFrame:
    """Cumulative adopter counts of an innovation from the dataset.

    Uses the adoptions table (distinct adopters of ``kinds`` with status adopted/piloted, counted at the
    end of their ``year_start``) and observations of the innovation whose metric is a count of adopters
    (e.g. ``adopting_municipalities_norway``; lower bounds 'at_least' are taken as given).  For a date
    with both, the larger count is used.
    """
    if innovation_id not in G:
        raise ValueError(f"unknown innovation id '{innovation_id}' (not in the data)")
    years: dict[str, int] = {}
    for u, _, d in G.in_edges(innovation_id, data=True):
        if d.get("type") == "ADOPTED" and G.nodes[u].get("kind") in kinds and d.get("status") in ("adopted", "piloted"):
            y = d.get("year_start")
            if y is not None:
                years[u] = min(int(y), years.get(u, 9999))
    counts: dict[int, float] = {}
    for y in sorted(set(years.values())):
        counts[y] = float(sum(1 for v in years.values() if v <= y))
    sources = {y: "adoptions" for y in counts}
    for rec in G.graph.get("observations", []):
        if innovation_id not in (rec.get("subject_id"), rec.get("innovation_id")):
            continue
        if not COUNT_METRICS.match(str(rec.get("metric", ""))) or rec.get("year") is None:
            continue
        y = int(rec["year"])
        if float(rec["value"]) >= counts.get(y, -1):
            counts[y] = float(rec["value"])
            sources[y] = f"observations:{rec.get('id')}"
    if not counts:
        raise ValueError(f"no adoption counts for '{innovation_id}' in the data (adoptions with year_start, "
                         f"or observations with an adopter-count metric)")
    return pd.DataFrame([{"date": f"{y:04d}-12", "count": c, "source": sources[y]} for y, c in sorted(counts.items())])


def default_params(sc: Scenario) -> list[str]:
    """The adoption rates of the first external (mass_media) and interpersonal channels."""
    out = []
    for want in ("mass_media", "interpersonal"):
        for name, ch in sc.data["channels"].items():
            if ch["type"] == want:
                out.append(f"channels.{name}.adoption")
                break
    return out


@dataclass
class CalibrationResult:
    params: pd.DataFrame          # param, initial, value, se, ci_low, ci_high
    fit: pd.DataFrame             # step, date, observed, fitted, fitted_p05, fitted_p95
    gof: dict
    scenario: Scenario            # the scenario with fitted values
    bootstrap: pd.DataFrame = field(default_factory=pd.DataFrame)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"params": self.params.to_dict("records"), "gof": self.gof,
                "fit": self.fit.to_dict("records"), "notes": self.notes}


def calibrate(scenario: Scenario | str, observed: pd.DataFrame, data=None, params: list[str] | None = None,
              runs: int = 100, seed: int | None = None, bootstrap: int = 20, maxiter: int = 80,
              progress=None) -> CalibrationResult:
    """Fit ``params`` (dotted keys of probabilities; default: the external and interpersonal adoption
    rates) so that the ensemble mean matches ``observed`` (columns step or date, and count)."""
    from innosys.diffusion.ensemble import run_model, run_settings
    from innosys.diffusion.model import build_model, population_for

    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    params = list(params) if params else default_params(sc)
    if not params:
        raise ScenarioError([ScenarioProblem(sc.file, "channels", "nothing to calibrate: no mass_media or "
                                                                  "interpersonal channel; name parameters with --param")])
    for k in params:
        v = sc.get(k)
        if not isinstance(v, float) or not 0.0 <= v <= 1.0:
            raise ScenarioError([ScenarioProblem(sc.file, k, "cannot calibrate: not a probability in this scenario"
                                                 + ("" if v is not None else " (key not set)"))])
    pop = population_for(sc, data)     # the same units simulate() would run
    runs, seed = run_settings(sc, runs, seed)
    base = build_model(sc, pop)
    notes: list[str] = []
    obs = observed.copy()
    if "step" not in obs.columns:
        obs["step"] = [base.to_step(d) if d >= base.start else -1 for d in obs["date"]]
    obs = obs[["step", "count"]].astype({"step": int, "count": float})
    dropped = obs[(obs.step < 0) | (obs.step > base.steps)]
    if len(dropped):
        notes.append(f"{len(dropped)} observation(s) outside the simulated period were left out")
    obs = obs[(obs.step >= 0) & (obs.step <= base.steps)].groupby("step", as_index=False)["count"].max()
    if len(obs) < len(params):
        raise ValueError(f"need at least {len(params)} observations inside the simulated period "
                         f"({base.dates[0]}..{base.dates[-1]}), got {len(obs)}")
    steps = obs["step"].to_numpy()
    y = obs["count"].to_numpy()

    def curve(values, r, s):
        m = build_model(sc.with_params(dict(zip(params, map(float, values)))), pop)
        return run_model(m, runs=r, seed=s).counts("adopted")[steps]

    def fit(target, x0, iters):
        def f(x):
            return float(np.sum((curve(np.clip(expit(x), EPS, 1 - EPS), runs, seed).mean(axis=1) - target) ** 2))

        r = minimize(f, logit(np.clip(x0, EPS, 1 - EPS)), method="Nelder-Mead",
                     options={"maxfev": iters, "xatol": 0.02, "fatol": 1e-6, "initial_simplex": _simplex(x0)})
        return np.clip(expit(r.x), EPS, 1 - EPS), r

    x0 = np.array([sc.get(k) for k in params])
    est, opt = fit(y, x0, maxiter)
    if progress:
        progress(1)
    c = curve(est, runs, seed)
    fitted = c.mean(axis=1)
    resid = y - fitted
    sse = float(np.sum(resid ** 2))
    sst = float(np.sum((y - y.mean()) ** 2))
    gof = {"n_obs": int(len(y)), "n_units": int(pop.n), "sse": sse, "rmse": float(np.sqrt(sse / len(y))),
           "r2": float(1 - sse / sst) if sst > 0 else None,
           "chi2": float(np.sum(resid ** 2 / np.maximum(fitted, 1.0))),
           "inside_band": float(np.mean((y >= np.quantile(c, 0.05, axis=1)) & (y <= np.quantile(c, 0.95, axis=1)))),
           "evaluations": int(opt.nfev), "converged": bool(opt.success)}
    boots = []
    for bi in range(bootstrap):
        synth = curve(est, 1, seed + 10_007 + bi)[:, 0].astype(float)
        b_est, _ = fit(synth, est, max(20, maxiter // 2))
        boots.append(b_est)
        if progress:
            progress(2 + bi)
    B = np.array(boots) if boots else np.zeros((0, len(params)))
    rows = []
    for j, k in enumerate(params):
        rec = {"param": k, "initial": float(x0[j]), "value": float(est[j]), "se": None, "ci_low": None,
               "ci_high": None}
        if len(B) >= 2:
            rec.update(se=float(B[:, j].std(ddof=1)), ci_low=float(np.quantile(B[:, j], 0.025)),
                       ci_high=float(np.quantile(B[:, j], 0.975)))
        rows.append(rec)
    if len(B) < 2:
        notes.append("no bootstrap: standard errors and intervals not computed")
    dates = base.dates
    fit_df = pd.DataFrame({"step": steps, "date": [dates[s] for s in steps], "observed": y, "fitted": fitted,
                           "fitted_p05": np.quantile(c, 0.05, axis=1), "fitted_p95": np.quantile(c, 0.95, axis=1)})
    return CalibrationResult(pd.DataFrame(rows), fit_df, gof, sc.with_params(dict(zip(params, map(float, est)))),
                             pd.DataFrame(B, columns=params), notes)


def _simplex(x0):
    z = logit(np.clip(x0, EPS, 1 - EPS))
    k = len(z)
    s = [z]
    for i in range(k):
        v = z.copy()
        v[i] += 1.0
        s.append(v)
    return np.array(s)
