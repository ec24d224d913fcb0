"""Observed adoption series: reading a CSV file and checking it against a scenario.

A series file has one row per observation date and these columns:

- ``date`` (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; a bare year means its December) or ``step``;
- at least one of ``count`` (cumulative adopters), ``share`` (cumulative adopted share 0..1) and
  ``ids`` (the units that had adopted by that date, separated by ``;``; then ``count`` is their number).

Every problem is reported as ``FILE:LINE: COLUMN: what is wrong`` (a :class:`ValueError`).  Line
numbers of the rows are kept in ``df.attrs["lines"]`` so that later checks against a scenario
(:func:`check_against_model`) can name the line too.

>>> import pathlib, tempfile
>>> f = pathlib.Path(tempfile.mkdtemp()) / "obs.csv"
>>> _ = f.write_text("date,share\\n2018-05,0.01\\n2019-03,0.1\\n")
>>> read_observed(f).to_dict("records")
[{'date': '2018-05', 'share': 0.01}, {'date': '2019-03', 'share': 0.1}]
>>> _ = f.write_text("date,share\\n2018-05,0.01\\n2019-03,1.5\\n")
>>> try:
...     read_observed(f)
... except ValueError as e:
...     print(str(e).split("/")[-1])
obs.csv:3: share: must lie between 0 and 1, got 1.5
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from innosys.diffusion.timeline import parse_month

#: fewest observations a series may have (a curve needs two points)
MIN_OBSERVATIONS = 2
VALUE_COLUMNS = ("count", "share", "ids")


def _number(path, line, col, text) -> float:
    try:
        v = float(text)
    except ValueError:
        raise ValueError(f"{path}:{line}: {col}: not a number: '{text}'") from None
    if v != v:  # NaN
        raise ValueError(f"{path}:{line}: {col}: not a number: '{text}'")
    return v


def read_observed(path: str | Path, min_rows: int = MIN_OBSERVATIONS) -> pd.DataFrame:
    """Read and check a series file (see the module docstring); returns date|step plus the value columns."""
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"{path}: file not found")
    try:
        with p.open(newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.reader(fh))
    except (UnicodeDecodeError, csv.Error) as e:
        raise ValueError(f"{path}: cannot read CSV ({e})") from None
    if not rows:
        raise ValueError(f"{path}: empty file")
    cols = [c.strip().lower() for c in rows[0]]
    tcol = "step" if "step" in cols else "date" if "date" in cols else None
    values = [c for c in VALUE_COLUMNS if c in cols]
    if tcol is None or not values:
        raise ValueError(f"{path}: needs columns 'step' or 'date', and 'count', 'share' or 'ids'; "
                         f"found {', '.join(cols)}")
    out, lines, seen = [], [], {}
    prev = None
    for line, raw in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in raw):
            continue
        if len(raw) != len(cols):
            raise ValueError(f"{path}:{line}: expected {len(cols)} fields ({', '.join(cols)}), got {len(raw)}")
        rec = dict(zip(cols, (c.strip() for c in raw)))
        t = rec[tcol]
        row: dict = {}
        if tcol == "step":
            if not t.isdigit():
                raise ValueError(f"{path}:{line}: step: not a step number: '{t}'")
            row["step"] = int(t)
        else:
            ym = parse_month(t)
            if ym is None:
                raise ValueError(f"{path}:{line}: date: expected YYYY, YYYY-MM or YYYY-MM-DD, got '{t}'")
            row["date"] = f"{ym[0]:04d}-{(ym[1] if len(t) > 4 else 12):02d}"
        key = row[tcol]
        if key in seen:
            raise ValueError(f"{path}:{line}: {tcol}: {key} repeats line {seen[key]}")
        if prev is not None and key < prev:
            raise ValueError(f"{path}:{line}: {tcol}: {key} comes before the previous row's {prev} "
                             f"(rows must be in time order)")
        seen[key], prev = line, key
        ids = None
        if rec.get("ids"):  # an empty cell: no list for this row
            ids = tuple(sorted({i.strip() for i in rec["ids"].split(";") if i.strip()}))
            row["ids"] = ids
        if "count" in rec:
            c = rec["count"]
            if c == "" and ids is None:
                raise ValueError(f"{path}:{line}: count: empty (give a count or the ids)")
            if c == "" and ids is not None:
                row["count"] = float(len(ids))
            else:
                row["count"] = _number(path, line, "count", c)
                if row["count"] < 0:
                    raise ValueError(f"{path}:{line}: count: must be >= 0, got {c}")
                if ids is not None and row["count"] != len(ids):
                    raise ValueError(f"{path}:{line}: count: {c} differs from the {len(ids)} ids given")
        elif ids is not None:
            row["count"] = float(len(ids))
        if "share" in rec:
            s = _number(path, line, "share", rec["share"])
            if not 0.0 <= s <= 1.0:
                raise ValueError(f"{path}:{line}: share: must lie between 0 and 1, got {rec['share']}")
            row["share"] = s
        out.append(row)
        lines.append(line)
    if len(out) < min_rows:
        raise ValueError(f"{path}: too short: {len(out)} observation(s), at least {min_rows} needed")
    df = pd.DataFrame(out)
    df = df[[c for c in (tcol, "count", "share", "ids") if c in df.columns]]
    _check_cumulative(df, lines, path)
    df.attrs.update(file=str(path), lines=lines)
    return df


def _check_cumulative(df: pd.DataFrame, lines: list[int], path) -> None:
    for col in ("count", "share"):
        if col not in df.columns:
            continue
        v = df[col].to_numpy()
        for i in range(1, len(v)):
            if v[i] < v[i - 1]:
                raise ValueError(f"{path}:{lines[i]}: {col}: {v[i]:g} is below the previous row's {v[i - 1]:g} "
                                 f"(the series counts adopters so far, so it cannot fall)")
    if "ids" in df.columns:
        listed = [(i, v) for i, v in enumerate(df["ids"]) if isinstance(v, tuple)]
        for (_, a), (i, b) in zip(listed, listed[1:]):
            lost = set(a) - set(b)
            if lost:
                raise ValueError(f"{path}:{lines[i]}: ids: {', '.join(sorted(lost))} adopted by the previous row "
                                 f"but missing here (list every adopter so far)")


def check_against_model(obs: pd.DataFrame, model) -> pd.DataFrame:
    """Check a series against a compiled model and add ``count`` and ``share`` for its population.

    Errors name the file and line: a count larger than the population, ids that are not units of
    the scenario, a date before the start or after the horizon, count and share that disagree.
    """
    path = obs.attrs.get("file", "observed")
    lines = obs.attrs.get("lines", list(range(2, len(obs) + 2)))
    n = model.n
    index = model.population.index
    units = index if isinstance(index, dict) else None  # lazy indices (plain graphs) have no names
    out = obs.copy()
    counts, shares = [], []
    for i, rec in enumerate(obs.to_dict("records")):
        line = lines[i]
        if "date" in rec:
            if rec["date"] < model.start or model.to_step(rec["date"]) > model.steps:
                raise ValueError(f"{path}:{line}: date: {rec['date']} lies outside the scenario's time "
                                 f"{model.dates[0]}..{model.dates[-1]}")
        elif rec["step"] > model.steps:
            raise ValueError(f"{path}:{line}: step: {rec['step']} lies after the scenario's last step {model.steps}")
        if isinstance(rec.get("ids"), tuple) and units is not None:
            bad = [u for u in rec["ids"] if u not in units]
            if bad:
                raise ValueError(f"{path}:{line}: ids: not adopting units of the scenario: {', '.join(bad[:5])}")
        c = rec.get("count")
        s = rec.get("share")
        c = None if c is None or c != c else float(c)
        s = None if s is None or s != s else float(s)
        if c is not None and c > n:
            raise ValueError(f"{path}:{line}: count: {c:g} is larger than the population of {n} units")
        if c is None:
            c = s * n
        if s is None:
            s = c / n
        elif abs(s * n - c) > 1.0:
            raise ValueError(f"{path}:{line}: share: {s:g} of {n} units is {s * n:.1f}, but count says {c:g}")
        counts.append(c)
        shares.append(s)
    out["count"], out["share"] = counts, shares
    out.attrs.update(obs.attrs)
    return out
