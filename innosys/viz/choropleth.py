"""Choropleths for the scenario report: per-scenario maps and the difference between scenarios.

For every scenario whose units are all municipalities with boundaries, the
report draws each municipality coloured by its adoption probability and by its
median adoption date; for every further scenario, the difference of its
adoption probability from the first scenario's (who gains most from a push?).
Colours are sampled from plotly's colour scales here, so the page only paints.

>>> import pandas as pd
>>> p = probability_panel(pd.Series({"m:0301": 0.5}), "baseline")
>>> p["fills"]["m:0301"], p["legend"]["lo"], p["legend"]["hi"]
('rgb(107, 174, 214)', '0 %', '100 %')
"""

from __future__ import annotations

import math

import pandas as pd
from plotly.colors import sample_colorscale

from innosys.viz import geo
from innosys.viz.results import Result, clean

#: Municipalities that have no value in a panel (not in the scenario, or no median date).
NO_VALUE = "#e3e7eb"
PROBABILITY_SCALE, DATE_SCALE, DIFFERENCE_SCALE = "Blues", "Viridis", "RdBu"
_RAMP = [i / 8 for i in range(9)]


def _colours(scale: str, values: list[float]) -> list[str]:
    return sample_colorscale(scale, [min(1.0, max(0.0, v)) for v in values]) if values else []


def _panel(kind: str, title: str, scale: str, values: pd.Series, position, texts: dict[str, str],
           lo: str, hi: str, caption: str) -> dict:
    known = values.dropna()
    fills = dict(zip(known.index, _colours(scale, [position(v) for v in known])))
    return {"kind": kind, "title": title, "fills": fills, "titles": texts,
            "legend": {"stops": _colours(scale, _RAMP), "lo": lo, "hi": hi, "caption": caption,
                       "missing": NO_VALUE}}


def _pct(v) -> str:
    return "–" if clean(v) is None else f"{100 * float(v):.0f} %"


def probability_panel(prob: pd.Series, label: str, names: dict[str, str] | None = None) -> dict:
    """Adoption probability (share of runs in which the municipality adopts), 0–100 %."""
    names = names or {}
    texts = {u: f"{names.get(u, u)}\nadopts in {_pct(v)} of runs" for u, v in prob.items()}
    return _panel("probability", f"{label}: adoption probability", PROBABILITY_SCALE, prob, float, texts,
                  "0 %", "100 %", "share of runs in which it adopts")


def date_panel(median_step: pd.Series, dates: dict[int, str], label: str, span: tuple[int, int],
               names: dict[str, str] | None = None) -> dict:
    """Median adoption date; ``span`` (first, last step) is shared by all scenarios so colours compare."""
    names = names or {}
    first, last = span
    width = max(1, last - first)

    def date(v):
        return dates.get(int(v), f"step {int(v)}")

    texts = {u: f"{names.get(u, u)}\nmedian adoption: " + ("adopts in fewer than half the runs" if clean(v) is None
                                                          else f"{date(v)} (step {int(v)})")
             for u, v in median_step.items()}
    return _panel("date", f"{label}: median adoption date", DATE_SCALE, median_step,
                  lambda v: (v - first) / width, texts, date(first), date(last),
                  "median adoption date (grey: adopts in fewer than half the runs)")


def difference_panel(prob: pd.Series, base: pd.Series, label: str, base_label: str,
                     names: dict[str, str] | None = None) -> dict:
    """Adoption probability of ``label`` minus ``base_label`` (percentage points), symmetric around 0."""
    names = names or {}
    diff = (prob - base.reindex(prob.index)).dropna()
    bound = max(0.05, float(diff.abs().max()) if len(diff) else 0.0)
    texts = {u: f"{names.get(u, u)}\n{label}: {_pct(prob.get(u))} · {base_label}: {_pct(base.get(u))}"
                f" · difference {100 * v:+.0f} points" for u, v in diff.items()}
    return _panel("difference", f"{label} − {base_label}: adoption probability", DIFFERENCE_SCALE, diff,
                  lambda v: 0.5 + v / (2 * bound), texts, f"−{100 * bound:.0f} points", f"+{100 * bound:.0f} points",
                  f"gain (blue) or loss (red) against {base_label}")


def report_maps(results: list[Result], labels: list[str]) -> dict:
    """The report's map panels, or ``{"map": None, "note": why}`` when a scenario has units without a shape."""
    units = [r.tables["units"].drop_duplicates("unit_id").set_index("unit_id") for r in results]
    off = sorted({u for t in units for u in geo.covered(t.index)[1]})
    if not results or off:
        total = len({u for t in units for u in t.index})
        return {"map": None, "panels": [],
                "note": (f"No maps: {len(off)} of {total} units have no municipality boundaries (anonymised in "
                         "the thesis, or not municipalities).") if off else ""}
    steps = [s for t in units for s in t["median_step"].dropna().astype(int)]
    span = (min(steps), max(steps)) if steps else (0, 1)
    panels = []
    for r, t, label in zip(results, units, labels, strict=True):
        names = t["name"].astype(str).to_dict()
        dates = dict(zip(r.tables["curves"]["step"].astype(int), r.tables["curves"]["date"].astype(str)))
        panels.append(probability_panel(t["adoption_probability"], label, names))
        panels.append(date_panel(t["median_step"], dates, label, span, names))
    base = units[0]["adoption_probability"]
    for t, label in zip(units[1:], labels[1:], strict=True):
        names = t["name"].astype(str).to_dict()
        panels.append(difference_panel(t["adoption_probability"], base, label, labels[0], names))
    for p in panels:  # JSON cannot hold NaN
        p["fills"] = {k: v for k, v in p["fills"].items() if isinstance(v, str)}
        p["titles"] = {k: v for k, v in p["titles"].items() if not (isinstance(v, float) and math.isnan(v))}
    return {"map": geo.map_data(), "panels": panels, "note": geo.CREDIT_NOTE}
