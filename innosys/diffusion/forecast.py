"""Hold-out forecasts: fit on a series up to a cut-off date, forecast the rest, and score three models.

For one observed adoption series and a scenario:

- ``innosys``: the scenario with its adoption rates calibrated (:func:`~innosys.diffusion.calibrate.calibrate`)
  on the observations up to ``until``, simulated on the real network;
- ``innosys_no_network``: the same, recalibrated, with the cooperation layers (relations, networks,
  ICT companies, programmes, ...) switched off: only geography (county, proximity) and the
  non-network channels remain;
- ``bass``: the Bass model fitted on the same window (:mod:`innosys.diffusion.bass`).

Each is scored on the observations after the cut-off: the RMSE of the adopted share, and the
error (in months) of the date the series reaches 50 %.  Where the series lists who had adopted
(``ids``), :func:`who_recall` also scores whether the forecast expected the right units.

>>> import networkx as nx, pandas as pd
>>> from innosys.diffusion import scenario_from_dict
>>> sc = scenario_from_dict({"innovation": {"name": "Demo"}, "time": {"start": "2020-01", "steps": 24},
...     "run": {"runs": 20, "seed": 1}, "seeds": {"adopters": ["0"]},
...     "adoption": {"own_initiative": 0, "rejection": 0, "reconsider": 0},
...     "channels": {"mass_media": {"awareness": 0.3, "adoption": 0.02},
...                  "interpersonal": {"layers": {"graph": 1.0}}}})
>>> obs = pd.DataFrame({"date": ["2020-04", "2020-08", "2021-01", "2021-06"], "count": [3, 8, 17, 24]})
>>> fc = holdout(sc, obs, nx.karate_club_graph(), until="2020-08", runs=20, maxiter=15)
>>> list(fc.errors["model"])
['innosys', 'innosys_no_network', 'bass']
>>> fc.errors.loc[fc.errors.model == "bass", "n_holdout"].item()
2
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from innosys.diffusion.bass import fit_bass
from innosys.diffusion.channels.influence import COOPERATION_LAYERS
from innosys.diffusion.observed import check_against_model

#: influence layers that carry the cooperation structure; switched off for ``innosys_no_network``
NETWORK_LAYERS = COOPERATION_LAYERS
MODELS = ("innosys", "innosys_no_network", "bass")
#: observation metric read by :func:`series_from_data`
SERIES_METRIC = "adopting_municipalities"
#: the same series given as a share (0-1) of the municipalities of its day; used where their number
#: changed over the series (mergers), so a count would not compare with today's population
SHARE_METRIC = "share_of_municipalities"
#: the validation cases of docs/validation.md: name -> (scenario file in the shipped scenario folder,
#: innovation id whose series the data holds, cut-off = last date of the fit window)
VALIDATION_CASES = {
    "digisos": ("validation/digisos.toml", "inn:digisos-soknad", "2018-09"),
    "velferdsteknologi": ("validation/velferdsteknologi.toml", "inn:velferdsteknologi", "2017-06"),
    "digital_hjemmeoppfolging": ("validation/digital_hjemmeoppfolging.toml", "inn:digital-hjemmeoppfolging",
                                 "2022-06"),
    # the same Digisos history cut later: the fit window then holds the start of the national roll-out
    "digisos_2019": ("validation/digisos.toml", "inn:digisos-soknad", "2019-02"),
    "kjernejournal": ("validation/kjernejournal.toml", "inn:kjernejournal-pleie-omsorg", "2020-12"),
    "frisklivssentral": ("validation/frisklivssentral.toml", "inn:frisklivssentral", "2017-12"),
}


def _months(date: str) -> int:
    return int(date[:4]) * 12 + int(date[5:7]) - 1


def _date(months: float) -> str:
    m = int(round(months))
    return f"{m // 12:04d}-{m % 12 + 1:02d}"


def without_network(scenario):
    """The scenario with every cooperation layer (:data:`NETWORK_LAYERS`) removed from its channels.

    A channel left with no layer is silenced (awareness and adoption 0).  Returns
    ``(scenario, silenced channel names)``.
    """
    params, silenced = {}, []
    for name, ch in scenario.data["channels"].items():
        if "layers" not in ch:  # only the channels whose influence runs along layers have the key
            continue
        kept = {k: v for k, v in ch["layers"].items() if k not in NETWORK_LAYERS and v > 0}
        if kept:
            params[f"channels.{name}.layers"] = kept
        else:
            params[f"channels.{name}.awareness"] = 0.0
            params[f"channels.{name}.adoption"] = 0.0
            silenced.append(name)
    return scenario.with_params(params), silenced


def crossing(dates: list[str], shares, level: float = 0.5) -> float | None:
    """Month index (see ``_months``) at which ``shares`` first reach ``level``, linearly interpolated."""
    m = [_months(d) for d in dates]
    s = np.asarray(shares, dtype=float)
    for i in range(len(s)):
        if s[i] >= level:
            if i == 0:
                return float(m[0])
            f = (level - s[i - 1]) / (s[i] - s[i - 1])
            return m[i - 1] + f * (m[i] - m[i - 1])
    return None


@dataclass
class Forecast:
    """Result of :func:`holdout`: the observed series, the curves of the three models and their errors."""

    observed: pd.DataFrame      # date, count, share, in_fit
    curves: pd.DataFrame        # date, innosys_mean/_p05/_p95, innosys_no_network_..., bass
    errors: pd.DataFrame        # model, rmse_share, t50_observed, t50_forecast, t50_error_months, ...
    until: str | None
    n: int
    params: dict = field(default_factory=dict)   # model -> fitted parameters
    notes: list[str] = field(default_factory=list)
    name: str = ""
    title: str = ""
    scenario: object = None     # the calibrated innosys scenario

    def to_dict(self) -> dict:
        return {"name": self.name, "title": self.title, "until": self.until, "n": self.n, "params": self.params,
                "notes": self.notes, "errors": json.loads(self.errors.to_json(orient="records"))}

    def write(self, directory: str | Path) -> Path:
        """Write forecast.json, observed.csv, curves.csv and errors.csv into ``directory`` (created)."""
        d = Path(directory)
        d.mkdir(parents=True, exist_ok=True)
        (d / "forecast.json").write_text(json.dumps(self.to_dict(), indent=2) + "\n", encoding="utf-8")
        obs = self.observed.copy()
        if "ids" in obs.columns:
            obs["ids"] = [";".join(v) if isinstance(v, (list, tuple)) else "" for v in obs["ids"]]
        obs.to_csv(d / "observed.csv", index=False)
        self.curves.to_csv(d / "curves.csv", index=False)
        self.errors.to_csv(d / "errors.csv", index=False)
        if self.scenario is not None:
            (d / "scenario.toml").write_text(self.scenario.to_toml(), encoding="utf-8")
        return d


def _band(res, n: int) -> dict[str, np.ndarray]:
    c = res.counts("adopted") / n
    return {"mean": c.mean(axis=1), "p05": np.quantile(c, 0.05, axis=1), "p95": np.quantile(c, 0.95, axis=1)}


def holdout(scenario, observed: pd.DataFrame, data=None, until: str | None = None, runs: int | None = None,
            seed: int | None = None, maxiter: int = 60, params: list[str] | None = None,
            progress=None) -> Forecast:
    """Calibrate on ``observed`` up to ``until`` (YYYY-MM; None = all), forecast the rest, score three models.

    ``observed``: a series from :func:`~innosys.diffusion.observed.read_observed` (or any frame with
    ``date`` and ``count``/``share``).  Units listed in ``ids`` at the scenario's start become seed
    adopters.  Raises ValueError naming the file for a window too short to fit or empty hold-out.
    """
    from innosys.diffusion import build_model, load_scenario, simulate
    from innosys.diffusion.calibrate import calibrate, default_params
    from innosys.diffusion.scenario import Scenario

    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    if data is None:
        from innosys.graph import load_graph

        data = load_graph()
    base = build_model(sc, data)
    pop, n = base.population, base.n
    path = observed.attrs.get("file", "observed series")
    obs = check_against_model(observed, base).reset_index(drop=True)
    if "date" not in obs.columns:
        obs.insert(0, "date", [base.dates[int(s)] for s in obs["step"]])
    notes: list[str] = []
    if "ids" in obs.columns:
        first = [r for r in obs.to_dict("records") if base.to_step(r["date"]) == 0 and isinstance(r.get("ids"), tuple) and r["ids"]]
        if first:
            seeds = sorted(set(sc.data["seeds"].get("adopters", [])) | set(first[-1]["ids"]))
            sc = sc.with_params({"seeds.adopters": seeds})
            notes.append(f"{len(first[-1]['ids'])} adopter(s) listed at the start are seed adopters")
    params = list(params) if params else default_params(sc)
    until_m = _months(until) if until else None
    in_fit = np.array([until_m is None or _months(d) <= until_m for d in obs["date"]])
    obs["in_fit"] = in_fit
    need = max(2, len(params))
    if in_fit.sum() < need:
        raise ValueError(f"{path}: only {int(in_fit.sum())} observation(s) up to {until}; "
                         f"the fit needs at least {need}")
    if until and in_fit.all():
        raise ValueError(f"{path}: no observations after {until} to forecast")
    fit_obs = obs.loc[in_fit, ["date", "count"]]
    runs = runs or sc.data["run"]["runs"]
    seed = sc.data["run"]["seed"] if seed is None else seed
    dates = base.dates
    curves = pd.DataFrame({"date": dates})
    fitted: dict[str, dict] = {}
    who: dict[str, float | None] = {}
    calibrated = sc
    sc_nn, silenced = without_network(sc)
    if silenced:
        notes.append(f"without network layers, channel(s) {', '.join(silenced)} have no layer left and are off")
    for k, (label, s) in enumerate((("innosys", sc), ("innosys_no_network", sc_nn))):
        ps = [p for p in params if not any(p == f"channels.{c}.adoption" for c in silenced)] if label != "innosys" \
            else params
        if ps:
            cal = calibrate(s, fit_obs, pop, params=ps, runs=runs, seed=seed, bootstrap=0, maxiter=maxiter)
            s = cal.scenario
            calibrated = s if label == "innosys" else calibrated
            fitted[label] = {r.param: round(float(r.value), 6) for r in cal.params.itertuples()}
        else:
            fitted[label] = {}
        res = simulate(s, pop, runs=runs, seed=seed)
        for q, v in _band(res, n).items():
            curves[f"{label}_{q}"] = v
        who[label] = who_recall(obs[~obs["in_fit"]], res, base)
        if progress:
            progress(k + 1)
    t0 = _months(dates[0])
    years = np.array([(_months(d) - t0) / 12.0 for d in dates])
    fy = np.array([(_months(d) - t0) / 12.0 for d in fit_obs["date"]])
    bass = fit_bass(fy, fit_obs["count"].to_numpy(), population=n)
    fitted["bass"] = {"p": round(bass.p, 6), "q": round(bass.q, 6), "m": round(bass.m, 3)}
    curves["bass"] = bass.predict(years) / n
    if progress:
        progress(3)
    errors = _score(obs, curves, until)
    errors["who_recall"] = [who.get(m, (None, None))[0] for m in errors["model"]]
    errors["who_random"] = [who.get(m, (None, None))[1] for m in errors["model"]]
    return Forecast(obs, curves, errors, until, n, fitted, notes + list(base.notes), sc.name,
                    sc.data.get("title", ""), calibrated)


def _listed(rows: pd.DataFrame) -> list[dict]:
    return [r for r in rows.to_dict("records") if isinstance(r.get("ids"), tuple) and r["ids"]]


def who_recall(rows: pd.DataFrame, res, model) -> tuple[float | None, float | None]:
    """How well a forecast knows *who* adopts, and what a random guess would score.

    For each row listing adopters (``ids``, possibly only the known part of ``count``): the units
    adopted at the start in every run (the seeds) are set aside; of the remaining listed adopters,
    the share found among the ``count`` − seeds units the ensemble makes most likely to have adopted
    by that date.  Averaged over the rows; (None, None) when no row lists a unit beyond the seeds.
    """
    listed = _listed(rows)
    if not listed:
        return None, None
    times = res.adoption_times(wide=True)            # unit x run adoption step, NaN = never
    given = set(times.index[(times == 0).all(axis=1)])
    open_units = [u for u in times.index if u not in given]
    scores, chance = [], []
    for r in listed:
        known = set(r["ids"]) - given
        k = int(round(r["count"])) - len(given)
        if not known or k <= 0 or not open_units:
            continue
        p = (times.loc[open_units] <= model.to_step(r["date"])).mean(axis=1)   # NaN (never) is False
        # ties broken by unit id so that the score does not depend on the row order
        ranked = sorted(open_units, key=lambda u: (-p[u], str(u)))[:k]
        scores.append(len(set(ranked) & known) / len(known))
        chance.append(min(1.0, k / len(open_units)))
    if not scores:
        return None, None
    return round(float(np.mean(scores)), 4), round(float(np.mean(chance)), 4)


def _score(obs: pd.DataFrame, curves: pd.DataFrame, until: str | None) -> pd.DataFrame:
    hold = obs[~obs["in_fit"]]
    cm = [_months(d) for d in curves["date"]]
    t50_obs = crossing(list(obs["date"]), obs["share"])
    rows = []
    for model in MODELS:
        col = f"{model}_mean" if model != "bass" else "bass"
        pred = np.interp([_months(d) for d in hold["date"]], cm, curves[col].to_numpy())
        rmse = float(np.sqrt(np.mean((pred - hold["share"].to_numpy()) ** 2))) if len(hold) else None
        t50 = crossing(list(curves["date"]), curves[col])
        err = None if t50 is None or t50_obs is None else round(t50 - t50_obs, 1)
        rows.append({"model": model, "until": until, "n_fit": int(obs["in_fit"].sum()), "n_holdout": int(len(hold)),
                     "rmse_share": None if rmse is None else round(rmse, 4),
                     "t50_observed": None if t50_obs is None else _date(t50_obs),
                     "t50_forecast": None if t50 is None else _date(t50),
                     "t50_error_months": err})
    return pd.DataFrame(rows)


def series_from_data(G, innovation_id: str, metric: str = SERIES_METRIC) -> pd.DataFrame:
    """The dated series of an innovation from the dataset's observations (``date`` or ``year``).

    Counts come from ``metric``; where the data give none, shares from :data:`SHARE_METRIC` (column
    ``share``, the count then follows from the scenario's population).  Rows with confidence
    ``interpreted`` (announcements, the compilers' readings) are left out; the frame's ``attrs``
    name the observation ids in place of file lines.  When the adoptions table names adopters,
    column ``ids`` lists those known by each date (a part of ``count``).
    """
    def rows_of(m):
        return [r for r in G.graph.get("observations", [])
                if r.get("metric") == m and innovation_id in (r.get("innovation_id"), r.get("subject_id"))
                and r.get("confidence") != "interpreted"]

    recs, column = rows_of(metric), "count"
    if not recs and metric == SERIES_METRIC:
        recs, column = rows_of(SHARE_METRIC), "share"
    if not recs:
        raise ValueError(f"no '{metric}' observations of '{innovation_id}' in the data")
    rows = []
    for r in recs:
        d = str(r.get("date") or "") or f"{int(r['year']):04d}-12"
        rows.append({"date": d[:7], column: float(r["value"]), "id": r["id"]})
    df = pd.DataFrame(rows).sort_values("date").reset_index(drop=True)
    out = df[["date", column]].copy()
    years = _adopter_years(G, innovation_id)
    if years:
        # the known part of who had adopted: a bare year counts from the December of that year
        out["ids"] = [tuple(sorted(u for u, y in years.items() if f"{y:04d}-12" <= d)) for d in out["date"]]
    out.attrs.update(file=f"observations of {innovation_id}", lines=list(df["id"]))
    return out


def _adopter_years(G, innovation_id: str) -> dict[str, int]:
    """Units the adoptions table shows as adopters (adopted or piloted), by first year."""
    years: dict[str, int] = {}
    if innovation_id not in G:
        return years
    for u, _, d in G.in_edges(innovation_id, data=True):
        if d.get("type") == "ADOPTED" and d.get("status") in ("adopted", "piloted") and d.get("year_start"):
            years[u] = min(int(d["year_start"]), years.get(u, 9999))
    return years


def run_validation(out: str | Path, cases=None, runs: int = 100, maxiter: int = 60, data=None,
                   progress=None, seed: int | None = None) -> pd.DataFrame:
    """Run the hold-out of every case of :data:`VALIDATION_CASES` (or ``cases``) on the shipped
    scenarios; write each case's :class:`Forecast` to ``out/<case>/`` and all errors to
    ``out/errors.csv``; return the errors (one row per case and model).  ``seed`` replaces the
    scenarios' own seeds (to see how much the scores move with the Monte Carlo draw)."""
    from innosys.demo import scenario_dir
    from innosys.diffusion import load_scenario

    if data is None:
        from innosys.graph import load_graph

        data = load_graph()
    out = Path(out)
    rows = []
    names = list(cases or VALIDATION_CASES)
    for i, name in enumerate(names):
        scenario_file, innovation, until = VALIDATION_CASES[name]
        sc = load_scenario(scenario_dir() / scenario_file)
        fc = holdout(sc, series_from_data(data, innovation), data, until=until, runs=runs, maxiter=maxiter, seed=seed)
        fc.write(out / name)
        rows += [{"case": name, "innovation": innovation, **r} for r in fc.errors.to_dict("records")]
        if progress:
            progress(i + 1, name)
    table = pd.DataFrame(rows)
    out.mkdir(parents=True, exist_ok=True)
    table.to_csv(out / "errors.csv", index=False)
    return table
