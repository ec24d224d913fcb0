"""Result collection: DataFrames from an ensemble, and the writer of the result directory (format_version 1;
its reader is :mod:`innosys.diffusion.result_dir`).

>>> from innosys.diffusion import scenario_from_dict, simulate
>>> import networkx as nx
>>> sc = scenario_from_dict({"innovation": {"name": "Demo"}, "time": {"start": "2020-01", "steps": 12},
...     "run": {"runs": 20, "seed": 1}, "seeds": {"adopters": ["0"]},
...     "channels": {"mass_media": {"awareness": 0.2}, "interpersonal": {"layers": {"graph": 1.0}}}})
>>> res = simulate(sc, nx.karate_club_graph())
>>> list(res.curves().columns)[:4]
['step', 'date', 'adopted_mean', 'adopted_p05']
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from innosys import __version__, schema
from innosys.atomic import atomic_dir, atomic_file
from innosys.diffusion import categories as cat
from innosys.diffusion.model import Model
from innosys.diffusion.result_dir import FORMAT_VERSION, ResultDirError, as_result, read_result  # noqa: F401
from innosys.diffusion.scenario import dumps_toml

SHARES = (0.1, 0.5, 0.9)
#: groups larger than this are left out of edges.csv (they act as a near-complete graph)
EDGE_GROUP_LIMIT = 100


def _q(a: np.ndarray, q: float, axis: int = 1) -> np.ndarray:
    return np.quantile(a, q, axis=axis)


@dataclass
class SimulationResult:
    """An ensemble: per unit and run, the step of awareness, adoption, rejection, discontinuance
    (-1 = never) and the channel codes; methods return DataFrames."""

    model: Model
    arrays: dict
    runs: int
    seed: int
    elapsed: float
    data_dir: str | None = None

    # -- basics -----------------------------------------------------------------------------------
    @property
    def scenario(self):
        return self.model.scenario

    @property
    def n(self) -> int:
        return self.model.n

    @property
    def steps(self) -> int:
        return self.model.steps

    @property
    def ids(self):
        return self.model.population.ids

    def _step_matrix(self, key: str) -> np.ndarray:
        """float matrix with NaN for never."""
        a = self.arrays[key].astype(float)
        a[a < 0] = np.nan
        return a

    def counts(self, event: str = "adopted") -> np.ndarray:
        """(steps + 1) × runs cumulative number of units that have ever been ``event`` by each step."""
        s = self.arrays[f"{event}_step"]
        T, R = self.steps, s.shape[1]
        ok = s >= 0
        flat = (s.astype(np.int64) + (T + 1) * np.arange(R)[None, :])[ok]
        h = np.bincount(flat, minlength=(T + 1) * R).reshape(R, T + 1).T
        return np.cumsum(h, axis=0)

    # -- tables ----------------------------------------------------------------------------------
    def adoption_times(self, wide: bool = False) -> pd.DataFrame:
        """Adoption step per unit and run (NaN = never); long (unit_id, run, step, date) or wide."""
        t = self._step_matrix("adopted_step")
        if wide:
            return pd.DataFrame(t, index=pd.Index(list(self.ids), name="unit_id"),
                                columns=pd.RangeIndex(self.runs, name="run"))
        dates = np.array(self.model.dates + [""], dtype=object)
        s = self.arrays["adopted_step"]
        df = pd.DataFrame({
            "unit_id": np.repeat(np.asarray(list(self.ids), dtype=object), self.runs),
            "run": np.tile(np.arange(self.runs), self.n),
            "step": t.ravel(),
            "date": dates[np.where(s < 0, -1, s).ravel()],
        })
        df.loc[df["step"].isna(), "date"] = None
        return df

    def curves(self) -> pd.DataFrame:
        """Cumulative shares of adopting units per step: mean and 5/50/95 % quantiles over runs."""
        ad = self.counts("adopted") / self.n
        aw = self.counts("aware") / self.n
        return pd.DataFrame({
            "step": np.arange(self.steps + 1), "date": self.model.dates,
            "adopted_mean": ad.mean(axis=1), "adopted_p05": _q(ad, 0.05), "adopted_p50": _q(ad, 0.5),
            "adopted_p95": _q(ad, 0.95),
            "aware_mean": aw.mean(axis=1), "aware_p05": _q(aw, 0.05), "aware_p95": _q(aw, 0.95),
        })

    def time_to_share(self, shares=SHARES) -> dict[str, int | None]:
        """First step at which the mean adoption curve reaches each share (None = never)."""
        mean = (self.counts("adopted") / self.n).mean(axis=1)
        out = {}
        for s in shares:
            hit = np.flatnonzero(mean >= s - 1e-12)
            out[str(s)] = int(hit[0]) if len(hit) else None
        return out

    def final_share(self) -> dict[str, float]:
        f = self.counts("adopted")[-1] / self.n
        return {"mean": float(f.mean()), "p05": float(np.quantile(f, 0.05)), "p95": float(np.quantile(f, 0.95))}

    def _labels(self, by: str = "label") -> tuple[list[str], np.ndarray]:
        codes = self.model.codes
        names = [c[1] if by == "label" else c[0] for c in codes]
        uniq = list(dict.fromkeys(names))
        return uniq, np.array([uniq.index(x) for x in names])

    def channels(self, by: str = "label") -> pd.DataFrame:
        """Mean number of awareness and adoption events per run caused by each channel.

        ``by='label'`` groups by schema channel (as in channels.csv); ``by='name'`` by scenario channel.
        """
        names, mapping = self._labels(by)
        rows = []
        for event in ("awareness", "adoption"):
            codes = self.arrays["aware_channel" if event == "awareness" else "adopted_channel"]
            counts = np.zeros(len(names))
            for code, target in enumerate(mapping):
                counts[target] += np.count_nonzero(codes == code)
            counts /= self.runs
            total = counts.sum()
            for name, c in zip(names, counts):
                rows.append({"channel": name, "event": event, "count_mean": float(c),
                             "share": float(c / total) if total > 0 else 0.0})
        return pd.DataFrame(rows, columns=["channel", "event", "count_mean", "share"])

    def category_shares_per_run(self) -> pd.DataFrame:
        """Rogers category shares among each run's adopters (runs × categories)."""
        return pd.DataFrame(cat.shares_per_run(self._step_matrix("adopted_step")), columns=list(cat.KEYS))

    def categories(self) -> pd.DataFrame:
        per = self.category_shares_per_run().to_numpy()
        ok = ~np.isnan(per).any(axis=1)
        rows = []
        for j, c in enumerate(schema.ADOPTER_CATEGORIES):
            v = per[ok, j]
            rows.append({"category": c.key, "expected_share": c.share,
                         "share_mean": float(v.mean()) if len(v) else float("nan"),
                         "share_p05": float(np.quantile(v, 0.05)) if len(v) else float("nan"),
                         "share_p95": float(np.quantile(v, 0.95)) if len(v) else float("nan")})
        return pd.DataFrame(rows)

    def _place_names(self) -> list[str | None]:
        """Display names of the units' County/Region ids (the ids where the graph has no name)."""
        pop = self.model.population
        places = pop.places or [None] * self.n
        nodes = pop.graph.nodes if pop.graph is not None else {}
        return [nodes[p].get("name", p) if p in nodes else p for p in places]

    def units(self) -> pd.DataFrame:
        """Per unit: adoption probability, median and mean step, aggregated category, main channel."""
        pop = self.model.population
        s = self.arrays["adopted_step"]
        adopted = s >= 0
        prob = adopted.mean(axis=1)
        # never-adopted runs sort last; widen first so the sentinel cannot wrap in a narrow dtype
        never = np.iinfo(np.int64).max
        srt = np.sort(np.where(adopted, s.astype(np.int64), never), axis=1)
        med = srt[:, (self.runs - 1) // 2].astype(float)
        med[srt[:, (self.runs - 1) // 2] == never] = np.nan
        with np.errstate(invalid="ignore"):
            mean = np.where(adopted.any(axis=1),
                            np.where(adopted, s, 0).sum(axis=1) / np.maximum(adopted.sum(axis=1), 1), np.nan)
        catidx = cat.category_index(med)
        category = np.array([cat.KEYS[i] if i >= 0 else cat.NON_ADOPTER for i in catidx], dtype=object)
        names, mapping = self._labels("label")
        ch = self.arrays["adopted_channel"]
        counts = np.zeros((self.n, len(names)))
        for code, target in enumerate(mapping):
            counts[:, target] += (ch == code).sum(axis=1)
        main = np.where(counts.max(axis=1) > 0, np.array(names, dtype=object)[counts.argmax(axis=1)], "")

        def col(values):
            return values if values is not None else [None] * self.n

        return pd.DataFrame({
            "unit_id": list(self.ids), "name": col(pop.names) if pop.names else list(self.ids),
            "kind": col(pop.kinds), "county": col(pop.places), "county_name": self._place_names(),
            "size_class": col(pop.size_classes),
            "latitude": pop.lat if pop.lat is not None else np.nan,
            "longitude": pop.lon if pop.lon is not None else np.nan,
            "adoption_probability": prob,
            "median_step": pd.array(np.where(np.isnan(med), pd.NA, med), dtype="Int64"),
            "mean_step": mean, "category": category, "main_channel": main,
        })

    def representative_run(self) -> int:
        """The run whose final adopter count is the median (ties: the first such run)."""
        final = self.counts("adopted")[-1]
        med = np.quantile(final, 0.5, method="lower")
        return int(np.flatnonzero(final == med)[0])

    def trajectory(self, run: int | None = None) -> pd.DataFrame:
        r = self.representative_run() if run is None else run
        names = [c[1] for c in self.model.codes]

        def steps(key):
            v = self.arrays[key][:, r].astype(float)
            return pd.array(np.where(v < 0, pd.NA, v), dtype="Int64")

        def chan(key):
            v = self.arrays[key][:, r]
            return [names[c] if c >= 0 else "" for c in v]

        return pd.DataFrame({
            "unit_id": list(self.ids), "aware_step": steps("aware_step"), "adopted_step": steps("adopted_step"),
            "rejected_step": steps("rejected_step"), "discontinued_step": steps("discontinued_step"),
            "aware_channel": chan("aware_channel"), "adopted_channel": chan("adopted_channel"),
        })

    def edges(self) -> pd.DataFrame:
        """Unit-to-unit influence ties of the interpersonal-type channels (layer 'all' and groups over
        :data:`EDGE_GROUP_LIMIT` members left out)."""
        pop = self.model.population
        rows = {}
        for c in self.model.channels:
            if not c.influence:
                continue
            for s, t, layer, w in c.edges(pop, EDGE_GROUP_LIMIT):
                key = (s, t, layer)
                rows[key] = max(rows.get(key, 0.0), w)
        return pd.DataFrame([(s, t, layer, w) for (s, t, layer), w in rows.items()],
                            columns=["source", "target", "layer", "weight"])

    def pickups(self) -> pd.DataFrame:
        """Vertical pick-ups: for each pick-up channel and authority, the share of runs with a pick-up
        and the median pick-up step."""
        rows = []
        for c in self.model.channels:
            key = f"{c.name}.picked"
            if key not in self.arrays:
                continue
            p = self.arrays[key]
            for j, a in enumerate(c.authorities):
                v = p[j]
                ok = v >= 0
                rows.append({"channel": c.name, "authority": a, "pickup_probability": float(ok.mean()),
                             "median_step": float(np.median(v[ok])) if ok.any() else np.nan})
        return pd.DataFrame(rows, columns=["channel", "authority", "pickup_probability", "median_step"])

    def summary(self) -> dict:
        sc = self.scenario
        ch = self.channels()
        adopt = ch[ch["event"] == "adoption"]
        cats = self.categories()
        return {
            "format_version": FORMAT_VERSION,
            "innosys_version": __version__,
            "scenario": sc.name,
            "title": sc.title,
            "scenario_file": str(sc.path) if sc.path else None,
            "seed": self.seed,
            "runs": self.runs,
            "steps": self.steps,
            "step_length": self.model.step,
            "start": self.model.start,
            "innovation_id": self.model.innovation_id,
            "innovation_name": self.model.innovation_name,
            "adopting_kinds": list(sc.data["population"]["kinds"]),
            "n_units": self.n,
            "data_dir": self.data_dir,
            "time_to_share": self.time_to_share(),
            "final_share": self.final_share(),
            "category_shares": {r.category: (None if np.isnan(r.share_mean) else float(r.share_mean))
                                for r in cats.itertuples()},
            "channels": {r.channel: float(r.count_mean) for r in adopt.itertuples()},
            "elapsed_seconds": round(float(self.elapsed), 4),
        }

    def _repr_html_(self) -> str:  # a compact summary table in notebooks
        from innosys.viz.notebook import simulation_result_html
        return simulation_result_html(self)

    def scenario_toml(self) -> str:
        raw = dict(self.scenario.raw)
        raw["run"] = {**raw.get("run", {}), "runs": self.runs, "seed": self.seed}
        return dumps_toml(raw)


# ---------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------

#: how numbers are written into every CSV of a result directory
CSV_OPTIONS = {"index": False, "float_format": "%.8g", "lineterminator": "\n"}


def _csv(df: pd.DataFrame, path: Path) -> None:
    df.to_csv(path, **CSV_OPTIONS)


def to_csv_text(df: pd.DataFrame) -> str:
    """A table as the text its CSV file in a result directory holds."""
    return df.to_csv(**CSV_OPTIONS)


def write_results(result: SimulationResult, out: str | Path) -> Path:
    """Write the result directory (format_version 1) atomically: into a temporary directory next to
    ``out``, then renamed; an existing ``out`` directory is replaced only once the new one is complete."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise FileExistsError(f"{out} exists and is not a directory")
    with atomic_dir(out) as tmp:
        write_results_into(result, tmp)
    return out


def write_results_into(result: SimulationResult, directory: Path) -> None:
    """The result files, written into an existing (temporary) directory."""
    (directory / "summary.json").write_text(json.dumps(result.summary(), ensure_ascii=False, indent=2) + "\n",
                                            encoding="utf-8")
    _csv(result.curves(), directory / "curves.csv")
    _csv(result.units(), directory / "units.csv")
    _csv(result.categories(), directory / "categories.csv")
    _csv(result.channels(), directory / "channels.csv")
    _csv(result.trajectory(), directory / "trajectory.csv")
    _csv(result.edges(), directory / "edges.csv")
    (directory / "scenario.toml").write_text(result.scenario_toml(), encoding="utf-8")


def write_table_atomic(df: pd.DataFrame, path: str | Path) -> Path:
    """Write one CSV atomically (temporary file + rename)."""
    return atomic_file(path, lambda tmp: _csv(df, Path(tmp)))


def results_to_records(result: SimulationResult) -> dict:
    """Plain records for a graph database write-back (no database code here).

    Returns ``{"simulation": {...summary}, "units": [...], "channels": [...]}``; each unit record
    has unit_id, innovation_id, scenario, adoption_probability, median_step, median_date, mean_step,
    category, main_channel.  Values are JSON-safe (None for missing).
    """
    summ = result.summary()
    dates = result.model.dates
    units = []
    for r in result.units().itertuples(index=False):
        med = None if pd.isna(r.median_step) else int(r.median_step)
        units.append({
            "unit_id": r.unit_id, "innovation_id": result.model.innovation_id, "scenario": summ["scenario"],
            "seed": result.seed, "adoption_probability": float(r.adoption_probability), "median_step": med,
            "median_date": dates[med] if med is not None else None,
            "mean_step": None if pd.isna(r.mean_step) else float(r.mean_step),
            "category": r.category, "main_channel": r.main_channel or None,
        })
    chans = [{**rec, "scenario": summ["scenario"]} for rec in result.channels().to_dict("records")]
    return {"simulation": summ, "units": units, "channels": chans}
