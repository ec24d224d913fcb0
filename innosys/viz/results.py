"""Read a simulation result directory (format_version 1) for the visualisations.

A result directory is written by the diffusion engine: ``summary.json`` plus
CSV tables (curves, units, categories, channels, trajectory, edges).
:func:`read_result` checks that the files a page needs are there, that the
format version is one this innosys reads, that every table has its columns
and that numbers are numbers; any problem raises :class:`ResultFormatError`
with a message naming the directory (or file, line and column).

>>> from innosys.viz.results import ResultFormatError, read_result
>>> try:
...     read_result("/nonexistent/run")
... except ResultFormatError as e:
...     print(e)
/nonexistent/run: result directory not found
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

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
#: Numeric columns that must have a value on every row.
REQUIRED_VALUES: dict[str, tuple[str, ...]] = {
    "curves": ("step", "adopted_mean", "adopted_p05", "adopted_p95"),
    "units": ("adoption_probability",),
    "categories": ("share_mean",),
    "channels": ("count_mean",),
}
DATE_PATTERN = r"\d{4}-(0[1-9]|1[0-2])(-\d{2})?"
SUMMARY_KEYS = ("format_version", "scenario", "steps", "time_to_share", "final_share", "category_shares")

#: The tables each page reads.
PLAYBACK_TABLES = ("curves", "units", "categories", "channels", "trajectory", "edges")
REPORT_TABLES = ("curves", "units", "categories")


class ResultFormatError(ValueError):
    """A result directory is missing, incomplete or in a format this innosys cannot read."""


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


def _read_table(path: Path, table: str, where: str) -> pd.DataFrame:
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as e:
        raise ResultFormatError(f"{where}: cannot be read as CSV ({str(e).strip()})") from None
    missing = [c for c in TABLE_COLUMNS[table] if c not in df.columns]
    if missing:
        raise ResultFormatError(f"{where}: missing column(s): {', '.join(missing)}")
    for col in NUMERIC_COLUMNS[table]:
        text = df[col].str.strip()
        values = pd.to_numeric(text.where(text != ""), errors="coerce")
        bad = values.isna() & (text != "")
        if bad.any():
            i = int(bad.to_numpy().nonzero()[0][0])
            raise ResultFormatError(f"{where}:{i + 2}: {col}: not a number: {df[col].iloc[i]!r}")
        empty = values.isna()
        if col in REQUIRED_VALUES.get(table, ()) and empty.any():
            i = int(empty.to_numpy().nonzero()[0][0])
            raise ResultFormatError(f"{where}:{i + 2}: {col}: value missing")
        if col in STEP_COLUMNS.get(table, ()):
            values = values.where(values >= 0)  # a negative step (e.g. -1) means "never", like an empty cell
        df[col] = values.astype("float64")
    if table == "curves":
        bad = ~df["date"].str.fullmatch(DATE_PATTERN)
        if bad.any():
            i = int(bad.to_numpy().nonzero()[0][0])
            raise ResultFormatError(f"{where}:{i + 2}: date: expected YYYY-MM, got {df['date'].iloc[i]!r}")
        df["step"] = df["step"].astype(int)
        df = df.sort_values("step").reset_index(drop=True)
    return df


def read_result(path: str | Path, tables: tuple[str, ...] = PLAYBACK_TABLES) -> Result:
    """Read and check a result directory; ``tables`` names the CSV tables to load.

    Raises :class:`ResultFormatError` naming the directory and every file that
    is missing, an unreadable summary, an incompatible ``format_version``, a
    missing column or a non-numeric value (with file, line and column).
    """
    root = Path(path)
    where = str(path)
    if not root.is_dir():
        raise ResultFormatError(f"{where}: result directory not found")
    needed = ["summary.json", *(f"{t}.csv" for t in tables)]
    missing = [f for f in needed if not (root / f).is_file()]
    if missing:
        raise ResultFormatError(
            f"{where}: not a complete result directory (format_version {FORMAT_VERSION}): "
            f"missing {', '.join(missing)}")
    try:
        summary = json.loads((root / "summary.json").read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise ResultFormatError(f"{root / 'summary.json'}: not valid JSON ({e})") from None
    if not isinstance(summary, dict):
        raise ResultFormatError(f"{root / 'summary.json'}: expected a JSON object")
    version = summary.get("format_version")
    if version != FORMAT_VERSION:
        raise ResultFormatError(
            f"{root / 'summary.json'}: format_version is {json.dumps(version)}, but this innosys reads "
            f"format_version {FORMAT_VERSION}; re-run the simulation with this innosys version")
    absent = [k for k in SUMMARY_KEYS if k not in summary]
    if absent:
        raise ResultFormatError(f"{root / 'summary.json'}: missing key(s): {', '.join(absent)}")
    result = Result(root, summary)
    for t in tables:
        result.tables[t] = _read_table(root / f"{t}.csv", t, str(root / f"{t}.csv"))
    toml = root / "scenario.toml"
    if toml.is_file():
        result.scenario_toml = toml.read_text(encoding="utf-8")
    return result


def clean(value):
    """A JSON-safe scalar: NaN/NA → None, numpy numbers → Python numbers.

    >>> clean(float("nan")) is None, clean(3.0)
    (True, 3.0)
    """
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        return value
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
