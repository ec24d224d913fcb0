"""Validation page: forecasts of real adoption histories, per case, against what was observed.

Reads a directory written by :func:`innosys.diffusion.forecast.run_validation` (or
``python benchmarks/validation.py``): one sub-directory per case with ``forecast.json``,
``observed.csv`` and ``curves.csv``.  Per case the chart shows the observed points (filled: in the
fit window, open: held out), the fit window shaded, the 5–95 % band and mean of the calibrated
innosys forecast, innosys without network layers and the Bass forecast; a table lists the hold-out
errors of every case.  Same offline rules as the other pages: everything inlined, strict CSP,
every string escaped.

>>> import tempfile
>>> validation_page(tempfile.mkdtemp())
Traceback (most recent call last):
...
innosys.diffusion.result_dir.ResultDirError: ...: no validation cases (sub-directories with forecast.json)
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pandas as pd

from innosys.viz import assets
from innosys.viz.page import Page, document, render, template
from innosys.viz.palette import hex_to_rgba, scenario_colour
from innosys.viz.results import ResultFormatError, clean  # ResultFormatError: the result reader's error

CASE_FILES = ("forecast.json", "observed.csv", "curves.csv")
MODEL_LABELS = {"innosys": "innosys (real network)", "innosys_no_network": "innosys without network layers",
                "bass": "Bass model"}


def read_cases(directory: str | Path) -> list[dict]:
    """Every case of a validation directory: {name, forecast, observed, curves}, sorted by name."""
    root = Path(directory)
    if not root.is_dir():
        raise ResultFormatError(f"{directory}: not a directory")
    cases = []
    for sub in sorted(p for p in root.iterdir() if (p / "forecast.json").is_file()):
        missing = [f for f in CASE_FILES if not (sub / f).is_file()]
        if missing:
            raise ResultFormatError(f"{sub}: missing {', '.join(missing)}")
        try:
            fc = json.loads((sub / "forecast.json").read_text(encoding="utf-8"))
            obs = pd.read_csv(sub / "observed.csv", dtype={"date": str})
            curves = pd.read_csv(sub / "curves.csv", dtype={"date": str})
        except (ValueError, OSError) as e:
            raise ResultFormatError(f"{sub}: cannot read ({e})") from None
        need = {"date", "share", "in_fit"} - set(obs.columns) or {"date", "bass", "innosys_mean"} - set(curves.columns)
        if need:
            raise ResultFormatError(f"{sub}: missing column(s) {', '.join(sorted(need))}")
        cases.append({"name": sub.name, "forecast": fc, "observed": obs, "curves": curves})
    if not cases:
        raise ResultFormatError(f"{directory}: no validation cases (sub-directories with forecast.json)")
    return cases


def _esc(v) -> str:
    v = clean(v)
    return "n/a" if v is None else html.escape(str(v))


def _who(r: dict) -> str:
    rec, rnd = clean(r.get("who_recall")), clean(r.get("who_random"))
    return "n/a" if rec is None else html.escape(f"{rec:.2f} ({rnd:.2f})")


def _plot_text(text: str) -> str:
    return html.escape(text, quote=True)


def case_figure(case: dict, index: int) -> dict:
    """The plotly figure (plain dict) of one case."""
    c, obs, fc = case["curves"], case["observed"], case["forecast"]
    x = [str(d) for d in c["date"]]
    col = {"innosys": scenario_colour(0), "innosys_no_network": scenario_colour(1), "bass": scenario_colour(2)}
    traces = [
        {"x": x, "y": [clean(v) for v in c["innosys_p95"]], "type": "scatter", "mode": "lines", "hoverinfo": "skip",
         "line": {"width": 0, "color": col["innosys"]}, "showlegend": False, "name": "innosys 95 %"},
        {"x": x, "y": [clean(v) for v in c["innosys_p05"]], "type": "scatter", "mode": "lines", "hoverinfo": "skip",
         "line": {"width": 0, "color": col["innosys"]}, "fill": "tonexty", "fillcolor": hex_to_rgba(col["innosys"], 0.2),
         "name": "innosys 5–95 % of runs"},
        {"x": x, "y": [clean(v) for v in c["innosys_mean"]], "type": "scatter", "mode": "lines",
         "line": {"width": 2.5, "color": col["innosys"]}, "name": MODEL_LABELS["innosys"],
         "hovertemplate": "%{x}: %{y:.1%}"},
    ]
    if "innosys_no_network_mean" in c:
        traces.append({"x": x, "y": [clean(v) for v in c["innosys_no_network_mean"]], "type": "scatter",
                       "mode": "lines", "line": {"width": 2, "dash": "dash", "color": col["innosys_no_network"]},
                       "name": MODEL_LABELS["innosys_no_network"], "hovertemplate": "%{x}: %{y:.1%}"})
    traces.append({"x": x, "y": [clean(v) for v in c["bass"]], "type": "scatter", "mode": "lines",
                   "line": {"width": 2, "dash": "dot", "color": col["bass"]}, "name": MODEL_LABELS["bass"],
                   "hovertemplate": "%{x}: %{y:.1%}"})
    fit = obs["in_fit"].astype(str).str.lower().isin(["true", "1"])
    for flag, label, symbol in ((True, "observed, in the fit window", "circle"),
                                (False, "observed, held out", "circle-open")):
        part = obs[fit == flag]
        traces.append({"x": [str(d) for d in part["date"]], "y": [clean(v) for v in part["share"]],
                       "type": "scatter", "mode": "markers", "name": label, "meta": "observed",
                       "marker": {"size": 10, "symbol": symbol, "color": "#1f2933", "line": {"width": 2}},
                       "hovertemplate": "%{x}: %{y:.1%}"})
    shapes = []
    if fc.get("until"):
        shapes.append({"type": "rect", "xref": "x", "yref": "paper", "x0": x[0], "x1": str(fc["until"]),
                       "y0": 0, "y1": 1, "fillcolor": "rgba(120,130,140,0.12)", "line": {"width": 0},
                       "layer": "below"})
    layout = {"margin": {"l": 56, "r": 16, "t": 16, "b": 40}, "xaxis": {"type": "date"},
              "yaxis": {"tickformat": ".0%", "range": [0, 1.02], "title": {"text": "share of municipalities"}},
              "legend": {"orientation": "h", "y": -0.15}, "shapes": shapes, "hovermode": "closest"}
    return {"id": f"case-{index}", "data": traces, "layout": layout}


def _errors_html(cases: list[dict]) -> str:
    head = ("<tr><th>Case</th><th>Cut-off</th><th class=\"num\">Fit / hold-out points</th><th>Model</th>"
            "<th class=\"num\">RMSE of share</th><th>50 % reached (observed)</th><th>50 % reached (forecast)</th>"
            "<th class=\"num\">Error (months)</th><th class=\"num\">Who adopted: recall (random)</th></tr>")
    rows = []
    for case in cases:
        for r in case["forecast"].get("errors", []):
            rows.append("<tr>" + "".join([
                f'<td class="case">{_esc(case["name"])}</td>', f"<td>{_esc(r.get('until'))}</td>",
                f'<td class="num">{_esc(r.get("n_fit"))} / {_esc(r.get("n_holdout"))}</td>',
                f"<td>{_esc(MODEL_LABELS.get(r.get('model'), r.get('model')))}</td>",
                f'<td class="num">{_esc(r.get("rmse_share"))}</td>', f"<td>{_esc(r.get('t50_observed'))}</td>",
                f"<td>{_esc(r.get('t50_forecast'))}</td>", f'<td class="num">{_esc(r.get("t50_error_months"))}</td>',
                f'<td class="num">{_who(r)}</td>',
            ]) + "</tr>")
    return f'<table class="data" id="errors"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'


def _case_html(case: dict, index: int) -> str:
    fc = case["forecast"]
    lead = str(fc.get("title") or "").rstrip(". ")
    lead = f"{lead}. " if lead else ""
    params = "; ".join(f"{m}: " + ", ".join(f"{k} = {v}" for k, v in p.items())
                       for m, p in (fc.get("params") or {}).items())
    return (f'<section class="case"><h2>{_esc(case["name"])}</h2>'
            f'<p class="muted small">{html.escape(lead)}Fit window (shaded) up to '
            f'{_esc(fc.get("until"))}; {_esc(fc.get("n"))} units.</p>'
            f'<div id="case-{index}" class="chart tall" aria-label="Forecast and observations"></div>'
            f'<p class="muted small">Fitted: {html.escape(params)}</p></section>')


def validation_page(directory: str | Path, *, title: str | None = None) -> Page:
    """The validation page of a directory of hold-out forecasts (see the module docstring)."""
    cases = read_cases(directory)
    title = title or "Validation: forecasts against real adoption histories"
    figures = [case_figure(c, i) for i, c in enumerate(cases)]
    points = {c["name"]: int(len(c["observed"])) for c in cases}
    data = {"title": title, "figures": figures, "counts": {"cases": len(cases), "points": points}}
    body = render(template("validation.html"), title=html.escape(title),
                  subtitle=html.escape(f"{len(cases)} case{'s' if len(cases) != 1 else ''}"),
                  errors=_errors_html(cases), cases="".join(_case_html(c, i) for i, c in enumerate(cases)))
    text = document(title=title, body=body, data=data, styles=[template("base.css"), template("report.css")],
                    scripts=[assets.plotly_js(), template("common.js"), template("validation.js")])
    return Page(text, title=title, kind="validation", info={"cases": len(cases), "points": sum(points.values())})
