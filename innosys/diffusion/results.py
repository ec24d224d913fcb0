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
from innosys.diffusion import aggregate as agg
from innosys.diffusion import categories as cat
from innosys.diffusion.model import Model
from innosys.diffusion.result_dir import FORMAT_VERSION, ResultDirError, as_result, read_result  # noqa: F401
from innosys.diffusion.scenario import dumps_toml

SHARES = (0.1, 0.5, 0.9)
#: groups larger than this are left out of edges.csv (they act as a near-complete graph)
EDGE_GROUP_LIMIT = 100


class RunsNotKeptError(ValueError):
    """The per-run arrays a call needs were not kept (too many runs × units)."""


@dataclass
class SimulationResult:
    """An ensemble: its statistics folded run block by run block (:mod:`~innosys.diffusion.aggregate`),
    and, while runs × units ≤ :data:`~innosys.diffusion.aggregate.KEEP_CELLS`, per unit and run the
    step of awareness, adoption, rejection, discontinuance (-1 = never) and the channel codes
    (:attr:`arrays`); methods return DataFrames."""

    model: Model
    stats: agg.EnsembleStats
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

    @property
    def arrays(self) -> dict:
        """The per-run arrays (units × runs); kept only while runs × units ≤ ``KEEP_CELLS``."""
        if not self.stats.kept:
            raise RunsNotKeptError(
                f"the per-run arrays of {self.runs:,} runs × {self.n:,} units were not kept (more than "
                f"{agg.KEEP_CELLS:,} cells); use fewer runs (in Python: run_model(..., keep=True))")
        return self.stats.arrays

    def _step_matrix(self, key: str) -> np.ndarray:
        """float matrix with NaN for never."""
        a = self.arrays[key].astype(float)
        a[a < 0] = np.nan
        return a

    def counts(self, event: str = "adopted") -> np.ndarray:
        """(steps + 1) × runs cumulative number of units that have ever been ``event`` by each step."""
        return agg.step_counts(self.arrays[f"{event}_step"], self.steps)

    def mean_counts(self, event: str = "adopted", per_unit: bool = False) -> np.ndarray:
        """Per step, the mean over runs of the number (``per_unit``: share) of units that have ever
        been ``event``: a sum of whole numbers (exact) divided once."""
        step, c, runs = self.stats.level_table("aware" if event == "aware" else "adopted")
        total = np.bincount(step, weights=c * runs, minlength=self.steps + 1)
        return total / (self.runs * self.n if per_unit else self.runs)

    def final_counts(self) -> np.ndarray:
        """Per run, the final number of adopters (kept for every run)."""
        return self.stats.final.astype(np.int64)

    def _level(self, event: str, q: float) -> np.ndarray:
        step, c, runs = self.stats.level_table(event)
        return agg.quantiles(step, c / self.n, runs, self.steps + 1, q)

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
        return pd.DataFrame({
            "step": np.arange(self.steps + 1), "date": self.model.dates,
            "adopted_mean": self.mean_counts("adopted", per_unit=True), "adopted_p05": self._level("adopted", 0.05),
            "adopted_p50": self._level("adopted", 0.5), "adopted_p95": self._level("adopted", 0.95),
            "aware_mean": self.mean_counts("aware", per_unit=True), "aware_p05": self._level("aware", 0.05),
            "aware_p95": self._level("aware", 0.95),
        })

    def time_to_share(self, shares=SHARES) -> dict[str, int | None]:
        """First step at which the mean adoption curve reaches each share (None = never)."""
        mean = self.mean_counts("adopted", per_unit=True)
        out = {}
        for s in shares:
            hit = np.flatnonzero(mean >= s - 1e-12)
            out[str(s)] = int(hit[0]) if len(hit) else None
        return out

    def final_share(self) -> dict[str, float]:
        T = self.steps
        return {"mean": float(self.mean_counts("adopted", per_unit=True)[T]),
                "p05": float(self._level("adopted", 0.05)[T]), "p95": float(self._level("adopted", 0.95)[T])}

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
            events = self.stats.events["aware" if event == "awareness" else "adopted"]
            counts = np.zeros(len(names))
            for code, target in enumerate(mapping):
                counts[target] += events[code]
            counts /= self.runs
            total = counts.sum()
            for name, c in zip(names, counts):
                rows.append({"channel": name, "event": event, "count_mean": float(c),
                             "share": float(c / total) if total > 0 else 0.0})
        return pd.DataFrame(rows, columns=["channel", "event", "count_mean", "share"])

    def category_shares_per_run(self) -> pd.DataFrame:
        """Rogers category shares among each run's adopters (runs × categories; needs the per-run arrays)."""
        return pd.DataFrame(cat.shares_per_run(self._step_matrix("adopted_step")), columns=list(cat.KEYS))

    def categories(self) -> pd.DataFrame:
        """Per Rogers category: expected share, and the mean and 5/95 % quantiles over runs (with
        adopters) of the category's share among the run's adopters."""
        j, v, runs = self.stats.share_table()
        k = len(schema.ADOPTER_CATEGORIES)
        total = np.bincount(j, weights=runs, minlength=k)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.bincount(j, weights=v * runs, minlength=k) / total
        p05, p95 = (agg.quantiles(j, v, runs, k, q) for q in (0.05, 0.95))
        return pd.DataFrame([{"category": c.key, "expected_share": c.share, "share_mean": float(mean[i]),
                              "share_p05": float(p05[i]), "share_p95": float(p95[i])}
                             for i, c in enumerate(schema.ADOPTER_CATEGORIES)])

    def _place_names(self) -> list[str | None]:
        """Display names of the units' County/Region ids (the ids where the graph has no name)."""
        pop = self.model.population
        places = pop.places or [None] * self.n
        nodes = pop.graph.nodes if pop.graph is not None else {}
        return [nodes[p].get("name", p) if p in nodes else p for p in places]

    def units(self) -> pd.DataFrame:
        """Per unit: adoption probability, median and mean step, aggregated category, main channel."""
        pop = self.model.population
        n, T = self.n, self.steps
        unit, step, runs = self.stats.unit_table()
        got = step >= 0
        n_adopt = np.bincount(unit[got], weights=runs[got], minlength=n)
        prob = n_adopt / self.runs
        # the lower median, "never" sorting last
        key = np.where(got, step, T + 1)
        order = np.lexsort((key, unit))
        med = agg.order_stats(unit[order], key[order], runs[order], n, np.full(n, (self.runs - 1) // 2))
        med = np.where(med > T, np.nan, med.astype(float))
        with np.errstate(invalid="ignore", divide="ignore"):
            total = np.bincount(unit[got], weights=(step * runs)[got], minlength=n)   # whole numbers: exact
            mean = np.where(n_adopt > 0, total / np.maximum(n_adopt, 1), np.nan)
        catidx = cat.category_index(med)
        category = np.array([cat.KEYS[i] if i >= 0 else cat.NON_ADOPTER for i in catidx], dtype=object)
        names, mapping = self._labels("label")
        codes, hits = self.stats.unit_channel.items()
        per_code = np.zeros((self.n, len(mapping)))
        per_code[codes // len(mapping), codes % len(mapping)] = hits
        counts = np.zeros((self.n, len(names)))
        for code, target in enumerate(mapping):
            counts[:, target] += per_code[:, code]
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
        final = self.stats.final
        med = np.quantile(final, 0.5, method="lower")
        return int(np.flatnonzero(final == med)[0])

    def trajectory(self, run: int | None = None) -> pd.DataFrame:
        """One run (default: :meth:`representative_run`) unit by unit."""
        r = self.representative_run() if run is None else run
        names = [c[1] for c in self.model.codes]
        one = self.run_arrays(r)

        def steps(key):
            v = one[key].astype(float)
            return pd.array(np.where(v < 0, pd.NA, v), dtype="Int64")

        def chan(key):
            return [names[c] if c >= 0 else "" for c in one[key]]

        return pd.DataFrame({
            "unit_id": list(self.ids), "aware_step": steps("aware_step"), "adopted_step": steps("adopted_step"),
            "rejected_step": steps("rejected_step"), "discontinued_step": steps("discontinued_step"),
            "aware_channel": chan("aware_channel"), "adopted_channel": chan("adopted_channel"),
        })

    def run_arrays(self, run: int) -> dict[str, np.ndarray]:
        """The arrays of one run: from the kept arrays, else simulated again (a run depends only on
        the model, the seed and its run block, see :mod:`~innosys.diffusion.engine`)."""
        if not 0 <= run < self.runs:
            raise IndexError(f"run {run} out of range 0..{self.runs - 1}")
        if self.stats.kept:
            return {k: v[:, run] for k, v in self.stats.arrays.items()}
        from innosys.diffusion.engine import run_batch
        from innosys.diffusion.model import RUN_BLOCK

        block, col = divmod(run, RUN_BLOCK)
        part = run_batch(self.model, [block], [min(RUN_BLOCK, self.runs - block * RUN_BLOCK)], self.seed)
        return {k: v[:, col] for k, v in part.items()}

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
        T = self.steps
        for c in self.model.channels:
            tally = self.stats.picks.get(f"{c.name}.picked")
            if tally is None:
                continue
            codes, runs = tally.items()
            auth, step = codes // (T + 2), codes % (T + 2) - 1
            got = step >= 0
            na = len(c.authorities)
            n_pick = np.bincount(auth[got], weights=runs[got], minlength=na).astype(np.int64)
            lo = agg.order_stats(auth[got], step[got], runs[got], na, np.maximum(n_pick - 1, 0) // 2)
            hi = agg.order_stats(auth[got], step[got], runs[got], na, n_pick // 2)
            for j, a in enumerate(c.authorities):
                # numpy's median: the mean of the two middle values
                med = float(np.mean([lo[j], hi[j]], dtype=np.float64)) if n_pick[j] else np.nan
                rows.append({"channel": c.name, "authority": a, "pickup_probability": float(n_pick[j] / self.runs),
                             "median_step": med})
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
