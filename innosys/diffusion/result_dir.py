"""The result directory (format_version 1): what its files hold, and its one reader.

:func:`innosys.diffusion.results.write_results` writes ``summary.json`` plus CSV tables (curves,
units, categories, channels, trajectory, edges) and ``scenario.toml``.  :func:`read_result` reads
them back for every consumer (pages, Neo4j write-back, the embedded ``simulation-results`` query)
and validates what it reads: the files a caller needs are there, the format version is one this
innosys reads, ``summary.json`` has sane values (steps a whole number >= 0, shares finite and in
0..1), every table has its columns and numbers are numbers.  Any problem raises
:class:`ResultDirError` naming the file and the key (or line and column).

:func:`as_result` also accepts an in-memory :class:`~innosys.diffusion.results.SimulationResult`,
so a Python user can draw pages without writing files first.

>>> try:
...     read_result("no/such/run")
... except ResultDirError as e:
...     print(e)
no/such/run: result directory not found
"""

from __future__ import annotations

import io
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from innosys.diffusion.state import NAMES

FORMAT_VERSION = 1
#: The states a unit passes through in a run, in drawing order.
STATES = NAMES

#: Columns of each CSV file of a result directory, and which of them are numeric.
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "curves": ("step", "date", "adopted_mean", "adopted_p05", "adopted_p50", "adopted_p95",
               "aware_mean", "aware_p05", "aware_p95"),
    "units": ("unit_id", "name", "kind", "county", "size_class", "latitude", "longitude",
              "adoption_probability", "median_step", "mean_step", "category", "main_channel"),
    "categories": ("category", "expected_share", "share_mean", "share_p05", "share_p95"),
    "channels": ("channel", "event", "count_mean", "share"),
    "trajectory": ("unit_id", "aware_step", "adopted_step", "rejected_step", "discontinued_step",
                   "aware_channel", "adopted_channel"),
    "edges": ("source", "target", "layer", "weight"),
}
NUMERIC_COLUMNS: dict[str, tuple[str, ...]] = {
    "curves": ("step", "adopted_mean", "adopted_p05", "adopted_p50", "adopted_p95",
               "aware_mean", "aware_p05", "aware_p95"),
    "units": ("latitude", "longitude", "adoption_probability", "median_step", "mean_step"),
    "categories": ("expected_share", "share_mean", "share_p05", "share_p95"),
    "channels": ("count_mean", "share"),
    "trajectory": ("aware_step", "adopted_step", "rejected_step", "discontinued_step"),
    "edges": ("weight",),
}
#: Columns holding a step of the simulation, where an empty cell (or a negative number) means "never".
STEP_COLUMNS: dict[str, tuple[str, ...]] = {
    "units": ("median_step", "mean_step"),
    "trajectory": ("aware_step", "adopted_step", "rejected_step", "discontinued_step"),
}
#: Columns that hold whole numbers.
INTEGER_COLUMNS: dict[str, tuple[str, ...]] = {
    "curves": ("step",),
    "trajectory": ("aware_step", "adopted_step", "rejected_step", "discontinued_step"),
}
#: Columns that hold shares or probabilities (0..1).
SHARE_COLUMNS: dict[str, tuple[str, ...]] = {
    "curves": ("adopted_mean", "adopted_p05", "adopted_p50", "adopted_p95", "aware_mean", "aware_p05",
               "aware_p95"),
    "units": ("adoption_probability",),
    "categories": ("expected_share", "share_mean", "share_p05", "share_p95"),
    "channels": ("share",),
}
#: Numeric columns that must have a value on every row.
REQUIRED_VALUES: dict[str, tuple[str, ...]] = {
    "curves": ("step", "adopted_mean", "adopted_p05", "adopted_p95"),
    "units": ("adoption_probability",),
    "categories": ("share_mean",),
    "channels": ("count_mean",),
}
DATE_PATTERN = r"\d{4}-(0[1-9]|1[0-2])(-\d{2})?"
SUMMARY_KEYS = ("format_version", "scenario", "steps", "time_to_share", "final_share", "category_shares",
                "runs", "seed")

#: The tables each consumer reads.
PLAYBACK_TABLES = ("curves", "units", "categories", "channels", "trajectory", "edges")
REPORT_TABLES = ("curves", "units", "categories")
ALL_TABLES = PLAYBACK_TABLES


class ResultDirError(ValueError):
    """A result directory is missing, incomplete, tampered with or in a format this innosys cannot read."""


@dataclass
class Result:
    """One result directory: ``summary`` (dict) and the tables read (DataFrames)."""

    path: Path
    summary: dict
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    scenario_toml: str | None = None

    @property
    def scenario(self) -> str:
        return str(self.summary.get("scenario") or self.path.name)

    @property
    def title(self) -> str:
        return str(self.summary.get("title") or self.scenario)

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(name)


# ---------------------------------------------------------------------------
# summary.json
# ---------------------------------------------------------------------------

def _whole(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _share(v) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) and 0.0 <= v <= 1.0


def check_summary(summary, where: str) -> dict:
    """Check a parsed ``summary.json``; every problem names the file and the key."""
    if not isinstance(summary, dict):
        raise ResultDirError(f"{where}: expected a JSON object")
    version = summary.get("format_version")
    if version != FORMAT_VERSION or isinstance(version, bool):
        raise ResultDirError(
            f"{where}: format_version is {json.dumps(version)}, but this innosys reads format_version "
            f"{FORMAT_VERSION} (key 'format_version'); re-run the simulation with this innosys version")
    absent = [k for k in SUMMARY_KEYS if k not in summary]
    if absent:
        raise ResultDirError(f"{where}: key '{absent[0]}': missing" if len(absent) == 1 else
                             f"{where}: missing key(s): {', '.join(absent)}")
    problems = _summary_values(summary)
    if problems:
        raise ResultDirError("\n".join(f"{where}: {p}" for p in problems))
    return summary


def _summary_values(s: dict) -> list[str]:
    out = []
    if not isinstance(s["scenario"], str) or not s["scenario"].strip():
        out.append("key 'scenario': must be a non-empty string")
    for k, lo in (("steps", 0), ("runs", 1), ("seed", 0)):
        if not _whole(s[k]) or s[k] < lo:
            out.append(f"key '{k}': must be a whole number >= {lo}, got {json.dumps(s[k])}")
    if s.get("n_units") is not None and (not _whole(s["n_units"]) or s["n_units"] < 0):
        out.append(f"key 'n_units': must be a whole number >= 0, got {json.dumps(s['n_units'])}")
    for k in ("final_share", "category_shares", "time_to_share"):
        if not isinstance(s[k], dict):
            out.append(f"key '{k}': must be a table")
    if out:
        return out
    for k, v in s["final_share"].items():
        if not _share(v):
            out.append(f"key 'final_share.{k}': must be a share in [0, 1], got {json.dumps(v)}")
    for k, v in s["category_shares"].items():
        if v is not None and not _share(v):
            out.append(f"key 'category_shares.{k}': must be a share in [0, 1] or null, got {json.dumps(v)}")
    for k, v in s["time_to_share"].items():
        if v is not None and (not _whole(v) or not 0 <= v <= s["steps"]):
            out.append(f"key 'time_to_share.{k}': must be a step in 0..{s['steps']} or null, got {json.dumps(v)}")
    return out


# ---------------------------------------------------------------------------
# CSV tables
# ---------------------------------------------------------------------------

def _first(mask: pd.Series) -> int:
    return int(mask.to_numpy().nonzero()[0][0])


def _read_table(source, table: str, where: str) -> pd.DataFrame:
    try:
        df = pd.read_csv(source, dtype=str, keep_default_na=False, encoding="utf-8")
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as e:
        raise ResultDirError(f"{where}: cannot be read as CSV ({str(e).strip()})") from None
    missing = [c for c in TABLE_COLUMNS[table] if c not in df.columns]
    if missing:
        raise ResultDirError(f"{where}: missing column(s): {', '.join(missing)}")
    for col in NUMERIC_COLUMNS[table]:
        text = df[col].str.strip()
        values = pd.to_numeric(text.where(text != ""), errors="coerce")
        bad = values.isna() & (text != "")
        if bad.any():
            i = _first(bad)
            raise ResultDirError(f"{where}:{i + 2}: {col}: not a number: {df[col].iloc[i]!r}")
        bad = pd.Series(np.isinf(values.to_numpy(dtype=float)), index=values.index)
        if bad.any():
            i = _first(bad)
            raise ResultDirError(f"{where}:{i + 2}: {col}: not a finite number: {df[col].iloc[i]!r}")
        empty = values.isna()
        if col in REQUIRED_VALUES.get(table, ()) and empty.any():
            raise ResultDirError(f"{where}:{_first(empty) + 2}: {col}: value missing")
        if col in INTEGER_COLUMNS.get(table, ()):
            bad = ~empty & (values != values.round())
            if bad.any():
                i = _first(bad)
                raise ResultDirError(f"{where}:{i + 2}: {col}: {df[col].iloc[i]!r} is not a whole number")
        if col in SHARE_COLUMNS.get(table, ()):
            bad = ~empty & ((values < 0) | (values > 1))
            if bad.any():
                i = _first(bad)
                raise ResultDirError(f"{where}:{i + 2}: {col}: must be a number in [0, 1], got {df[col].iloc[i]!r}")
        if col in STEP_COLUMNS.get(table, ()):
            values = values.where(values >= 0)  # a negative step (e.g. -1) means "never", like an empty cell
        df[col] = values.astype("float64")
    if table == "curves":
        bad = ~df["date"].str.fullmatch(DATE_PATTERN)
        if bad.any():
            i = _first(bad)
            raise ResultDirError(f"{where}:{i + 2}: date: expected YYYY-MM, got {df['date'].iloc[i]!r}")
        df["step"] = df["step"].astype(int)
        df = df.sort_values("step").reset_index(drop=True)
    return df


def _check_consistent(result: Result, where: str) -> None:
    """The curves cover exactly the steps the summary announces."""
    curves = result.tables.get("curves")
    if curves is not None and curves["step"].tolist() != list(range(result.summary["steps"] + 1)):
        raise ResultDirError(f"{where}/summary.json: key 'steps': {result.summary['steps']} does not match "
                             f"curves.csv (steps {curves['step'].min()}..{curves['step'].max()})")


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------

def read_result(path: str | Path, tables: tuple[str, ...] = PLAYBACK_TABLES) -> Result:
    """Read and check a result directory; ``tables`` names the CSV tables to load.

    Raises :class:`ResultDirError` naming the directory and every file that is missing, an
    unreadable or implausible summary (file and key), an incompatible ``format_version``, a
    missing column or a bad value (file, line and column).
    """
    root = Path(path)
    where = str(path)
    if not root.is_dir():
        raise ResultDirError(f"{where}: result directory not found")
    needed = ["summary.json", *(f"{t}.csv" for t in tables)]
    missing = [f for f in needed if not (root / f).is_file()]
    if missing:
        raise ResultDirError(
            f"{where}: not a complete result directory (format_version {FORMAT_VERSION}): "
            f"missing {', '.join(missing)}")
    spath = root / "summary.json"
    try:
        summary = json.loads(spath.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise ResultDirError(f"{spath}: not valid JSON ({e})") from None
    result = Result(root, check_summary(summary, str(spath)))
    for t in tables:
        result.tables[t] = _read_table(root / f"{t}.csv", t, str(root / f"{t}.csv"))
    _check_consistent(result, where)
    toml = root / "scenario.toml"
    if toml.is_file():
        result.scenario_toml = toml.read_text(encoding="utf-8")
    return result


def result_in_memory(sim, tables: tuple[str, ...] = PLAYBACK_TABLES) -> Result:
    """A :class:`Result` from a :class:`~innosys.diffusion.results.SimulationResult` without writing files:
    the tables go through the same CSV formatting and checks as a directory would."""
    from innosys.diffusion.results import to_csv_text

    name = f"<simulation {sim.scenario.name}>"
    result = Result(Path(sim.scenario.name), check_summary(json.loads(json.dumps(sim.summary())), name),
                    scenario_toml=sim.scenario_toml())
    for t in tables:
        result.tables[t] = _read_table(io.StringIO(to_csv_text(getattr(sim, t)())), t, f"{name} {t}")
    _check_consistent(result, name)
    return result


def as_result(source, tables: tuple[str, ...] = PLAYBACK_TABLES) -> Result:
    """A :class:`Result` from a result directory path, a read :class:`Result` or a ``SimulationResult``."""
    if isinstance(source, Result):
        return source
    if isinstance(source, str | Path):
        return read_result(source, tables)
    if hasattr(source, "summary") and hasattr(source, "model"):
        return result_in_memory(source, tables)
    raise TypeError(f"expected a result directory, a Result or a SimulationResult, got {type(source).__name__}")


def unit_records(result: Result) -> list[dict]:
    """One plain dict per row of ``units.csv`` (None for never/missing), as the Neo4j write-back and the
    embedded ``simulation-results`` query use them."""
    units = result.tables["units"]

    def num(v, line, col, integer=False):
        if pd.isna(v):
            return None
        if integer and v != round(v):
            raise ResultDirError(f"{result.path / 'units.csv'}:{line}: {col}: {v!r} is not a whole number")
        return int(v) if integer else float(v)

    rows = []
    for i, r in enumerate(units.itertuples(index=False)):
        uid = str(r.unit_id).strip()
        if not uid:
            raise ResultDirError(f"{result.path / 'units.csv'}:{i + 2}: unit_id: required value is missing")
        rows.append({"unit_id": uid, "adoption_probability": float(r.adoption_probability),
                     "median_step": num(r.median_step, i + 2, "median_step", True),
                     "mean_step": num(r.mean_step, i + 2, "mean_step"),
                     "category": str(r.category).strip() or None, "main_channel": str(r.main_channel).strip() or None})
    return rows
