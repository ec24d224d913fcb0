"""The exploration page: Sobol' S1/ST with confidence intervals, Morris μ*/σ, outcome against each
parameter, PRIM boxes with coverage and density, and the scenario text.

Same offline rules as the other pages (:mod:`innosys.viz.page`): one file,
plotly.js inlined, a strict CSP, data only as escaped JSON, every string put
into the HTML escaped.

>>> import pandas as pd
>>> si = pd.DataFrame({"outcome": "t50", "parameter": ["a<b>"], "S1": [0.4], "S1_conf": [0.1],
...                    "ST": [0.5], "ST_conf": [0.1]})
>>> fig = sobol_figures(si)[0]
>>> [t["name"] for t in fig["data"]], fig["data"][0]["x"]
(['first order S1', 'total ST'], ['a&lt;b&gt;'])
"""

from __future__ import annotations

import html
import math

import numpy as np

from innosys.viz import assets
from innosys.viz.page import Page, document, render, template
from innosys.viz.palette import scenario_colour
from innosys.viz.results import clean

#: at most this many points per scatter plot (evenly spaced over the design), to keep pages small
SCATTER_POINTS = 2000
_MARGIN = {"l": 60, "r": 16, "t": 36, "b": 48}


def _esc(value) -> str:
    return html.escape("" if value is None else str(value))


def _t(text) -> str:
    # plotly.js decodes entities and a subset of HTML in chart text: escaped text shows as typed
    return html.escape(str(text), quote=True)


def _num(v, digits: int = 3) -> str:
    v = clean(v)
    return "–" if v is None else f"{float(v):.{digits}g}"


def _list(values) -> list:
    return [clean(v) for v in values]


def sobol_figures(sobol) -> list[dict]:
    figs = []
    for outcome, df in sobol.groupby("outcome", sort=False):
        names = [_t(p) for p in df["parameter"]]
        traces = [{"type": "bar", "name": label, "x": names, "y": _list(df[col]),
                   "error_y": {"type": "data", "array": _list(df[f"{col}_conf"]), "visible": True},
                   "marker": {"color": scenario_colour(i)}, "hovertemplate": "%{x}: %{y:.3f}"}
                  for i, (col, label) in enumerate((("S1", "first order S1"), ("ST", "total ST")))]
        figs.append({"data": traces, "layout": {
            "title": {"text": _t(outcome)}, "barmode": "group", "margin": _MARGIN,
            "yaxis": {"title": {"text": "index"}, "rangemode": "tozero"}, "legend": {"orientation": "h", "y": -0.25}}})
    return figs


def morris_figures(morris) -> list[dict]:
    figs = []
    for outcome, df in morris.groupby("outcome", sort=False):
        trace = {"type": "scatter", "mode": "markers+text", "x": _list(df["mu_star"]), "y": _list(df["sigma"]),
                 "text": [_t(p) for p in df["parameter"]], "textposition": "top center",
                 "error_x": {"type": "data", "array": _list(df["mu_star_conf"]), "visible": True},
                 "marker": {"size": 10, "color": scenario_colour(0)}, "name": _t(outcome),
                 "hovertemplate": "%{text}<br>μ* %{x:.3g}, σ %{y:.3g}<extra></extra>"}
        figs.append({"data": [trace], "layout": {
            "title": {"text": _t(outcome)}, "margin": _MARGIN, "showlegend": False,
            "xaxis": {"title": {"text": "μ*"}, "rangemode": "tozero"},
            "yaxis": {"title": {"text": "σ"}, "rangemode": "tozero"}}})
    return figs


def scatter_figures(ex) -> tuple[list[dict], int]:
    """One figure per outcome: a panel per parameter (a thinned, evenly spaced subset of points)."""
    r = ex.results.sort_index()
    n = len(r)
    take = np.unique(np.linspace(0, n - 1, min(n, SCATTER_POINTS)).astype(int)) if n else np.array([], int)
    sub = r.iloc[take]
    hit = ex.target.test(sub[ex.target.outcome]) if ex.target is not None else None
    keys = [p.key for p in ex.params]
    cols = min(4, len(keys))
    rows = math.ceil(len(keys) / cols)
    figs = []
    for outcome in ex.outcomes:
        traces, layout = [], {"grid": {"rows": rows, "columns": cols, "pattern": "independent"},
                              "margin": _MARGIN, "showlegend": False, "title": {"text": _t(outcome)},
                              "height": 240 * rows + 60}
        for i, p in enumerate(ex.params):
            ax = "" if i == 0 else str(i + 1)
            colour = ([scenario_colour(1) if h else scenario_colour(0) for h in hit] if hit is not None
                      else scenario_colour(0))
            traces.append({"type": "scatter", "mode": "markers", "x": _list(sub[p.key]), "y": _list(sub[outcome]),
                           "xaxis": f"x{ax}", "yaxis": f"y{ax}", "name": _t(p.key),
                           "marker": {"size": 4, "opacity": 0.6, "color": colour},
                           "hovertemplate": _t(p.key) + " %{x:.3g}: %{y:.3g}<extra></extra>"})
            layout[f"xaxis{ax}"] = {"title": {"text": _t(p.key), "font": {"size": 11}},
                                    "type": "log" if p.log else "linear"}
        figs.append({"data": traces, "layout": layout, "wide": True})
    return figs, len(sub)


def prim_figure(trajectory) -> dict | None:
    if trajectory is None or not len(trajectory):
        return None
    traces = []
    for b, df in trajectory.groupby("box", sort=True):
        traces.append({"type": "scatter", "mode": "lines+markers", "x": _list(df["coverage"]),
                       "y": _list(df["density"]), "name": f"box {int(b)}", "text": [str(int(v)) for v in df["res_dim"]],
                       "marker": {"color": scenario_colour(int(b) - 1), "size": 6},
                       "hovertemplate": "coverage %{x:.2f}, density %{y:.2f}, %{text} restricted<extra></extra>"})
    return {"data": traces, "layout": {"margin": _MARGIN, "title": {"text": "peeling trajectory"},
                                       "xaxis": {"title": {"text": "coverage"}, "range": [0, 1.02]},
                                       "yaxis": {"title": {"text": "density"}, "range": [0, 1.02]}}}


def _prim_html(ex) -> str:
    if ex.target is None:
        return ('<p class="muted" id="prim-note">No target given (e.g. <code>--target "share@2030-01&gt;=0.9"</code>),'
                " so no scenario discovery.</p>")
    hits = int(np.asarray(ex.target.test(ex.results[ex.target.outcome])).sum())
    head = f'<p id="prim-target">Target <code>{_esc(ex.target)}</code>: met by {hits:,} of {len(ex.results):,} design points.</p>'
    b = ex.prim_boxes
    if b is None or not len(b):
        return head + '<p class="muted" id="prim-note">PRIM found no box (the target is met everywhere, nowhere, or in no box dense enough).</p>'
    rows = []
    for box, df in b.groupby("box", sort=True):
        first = df.iloc[0]
        for j, (_, r) in enumerate(df.iterrows()):
            lead = (f'<td rowspan="{len(df)}">box {int(box)}</td><td class="num" rowspan="{len(df)}">{_num(first["coverage"], 3)}</td>'
                    f'<td class="num" rowspan="{len(df)}">{_num(first["density"], 3)}</td>'
                    f'<td class="num" rowspan="{len(df)}">{_num(first["mass"], 3)}</td>') if j == 0 else ""
            rows.append(f"<tr>{lead}<td>{_esc(r['parameter'])}</td><td class=\"num\">{_num(r['low'], 4)}</td>"
                        f"<td class=\"num\">{_num(r['high'], 4)}</td></tr>")
    return (head + '<div class="scroll"><table class="data" id="prim-boxes"><thead><tr><th>Box</th>'
            '<th class="num">Coverage</th><th class="num">Density</th><th class="num">Mass</th><th>Parameter</th>'
            '<th class="num">From</th><th class="num">To</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table></div>")


def _parameters_html(ex) -> str:
    s = ex.settings
    rows = "".join(f"<tr><td>{_esc(p.key)}</td><td class=\"num\">{_num(p.low, 4)}</td><td class=\"num\">{_num(p.high, 4)}</td>"
                   f"<td>{'log' if p.log else 'linear'}{', integer' if p.integer else ''}</td></tr>" for p in ex.params)
    facts = [("method", s["method"]), ("samples (N)", s["samples"]), ("design points", s["points"]),
             ("runs per point", s["runs"]), ("seed", s["seed"]), ("seeding", s["seeding"]),
             ("outcomes", ", ".join(s["outcomes"])), ("target", s.get("target") or "–")]
    dl = "".join(f"<dt>{_esc(k)}</dt><dd>{_esc(v)}</dd>" for k, v in facts)
    return (f'<dl class="props" id="settings">{dl}</dl><table class="data" id="parameters"><thead><tr><th>Parameter</th>'
            f'<th class="num">Low</th><th class="num">High</th><th>Scale</th></tr></thead><tbody>{rows}</tbody></table>')


def exploration_page(ex, title: str | None = None) -> Page:
    """The page of an :class:`~innosys.explore.Exploration`."""
    s = ex.settings
    title = title or f"Exploration: {s['title']}"
    sobol = sobol_figures(ex.sobol) if len(ex.sobol.columns) else []
    morris = morris_figures(ex.morris) if len(ex.morris.columns) else []
    scatter, shown = scatter_figures(ex)
    prim = prim_figure(ex.prim_trajectory)
    none = '<p class="muted small">Not computed for this design (method {m}).</p>'.format(m=_esc(s["method"]))
    scatter_note = (f"{shown:,} of {len(ex.results):,} design points"
                    + (" (evenly spaced)" if shown < len(ex.results) else "")
                    + ("; points meeting the target in the second colour." if ex.target is not None else "."))
    data = {"title": title, "figures": {"sobol": sobol, "morris": morris, "scatter": scatter, "prim": prim},
            "counts": {"parameters": len(ex.params), "outcomes": len(ex.outcomes), "points": len(ex.results),
                       "sobolCharts": len(sobol), "morrisCharts": len(morris), "scatterCharts": len(scatter),
                       "primBoxes": int(ex.prim_boxes["box"].nunique()) if len(ex.prim_boxes.columns) else 0}}
    body = render(template("explore.html"), title=_esc(title),
                  subtitle=_esc(f"{s['method']} design, {s['points']:,} points × {s['runs']} runs, "
                                f"{len(ex.params)} parameters"),
                  sobol_note="" if sobol else none, morris_note="" if morris else none,
                  scatter_note=_esc(scatter_note), prim=_prim_html(ex), parameters=_parameters_html(ex),
                  scenario=_esc(s["scenario_toml"]))
    text = document(title=title, body=body, data=data,
                    styles=[template("base.css"), template("report.css"), template("explore.css")],
                    scripts=[assets.plotly_js(), template("common.js"), template("explore.js")])
    return Page(text, title=title, kind="explore", info={"parameters": len(ex.params), "points": len(ex.results)})
