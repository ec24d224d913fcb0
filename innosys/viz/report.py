"""Scenario report: several simulation results compared on one page.

The page overlays the adoption curves of the scenarios (mean with the 5–95 %
band of runs, on a calendar axis), tabulates the time to 10, 50 and 90 %
adoption, the final share and the shares of Rogers' categories, and lists the
units whose outcome differs most between scenarios: the spread (max − min) of
their adoption probability across scenarios, then of their median adoption
step.  Charts are drawn with plotly.js (inlined); tables are plain HTML.

>>> rows = differing_units([])
>>> list(rows.columns)[:3]
['unit_id', 'name', 'kind']
"""

from __future__ import annotations

import html
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pandas as pd

from innosys import schema
from innosys.viz import assets
from innosys.viz.choropleth import report_maps
from innosys.viz.page import Page, document, render, template
from innosys.viz.palette import CATEGORY_COLOURS, hex_to_rgba, scenario_colour
from innosys.viz.results import REPORT_TABLES, Result, ResultFormatError, as_result, clean

SHARE_KEYS = ("0.1", "0.5", "0.9")


def scenario_labels(results: list[Result]) -> list[str]:
    """One distinct label per result: the scenario name, made unique with the directory name."""
    names = [r.scenario for r in results]
    dup = Counter(names)
    labels = [f"{n} ({r.path.name})" if dup[n] > 1 else n for n, r in zip(names, results, strict=True)]
    seen: Counter = Counter()
    out = []
    for lab in labels:
        seen[lab] += 1
        out.append(lab if seen[lab] == 1 else f"{lab} #{seen[lab]}")
    return out


def _step_date(result: Result, step) -> tuple[int | None, str | None]:
    if step is None:
        return None, None
    curves = result.tables["curves"]
    hit = curves.loc[curves["step"] == int(step), "date"]
    return int(step), (str(hit.iloc[0]) if len(hit) else None)


def timing_table(results: list[Result], labels: list[str] | None = None) -> pd.DataFrame:
    """Per scenario: time to 10/50/90 % (step and date), final share with its band, category shares."""
    labels = labels or scenario_labels(results)
    rows = []
    for r, label in zip(results, labels, strict=True):
        s = r.summary
        row = {"scenario": label, "title": r.title}
        for key in SHARE_KEYS:
            step, date = _step_date(r, (s.get("time_to_share") or {}).get(key))
            pct = int(round(float(key) * 100))
            row[f"step_{pct}"] = step
            row[f"date_{pct}"] = date
        fs = s.get("final_share") or {}
        row.update(final_mean=clean(fs.get("mean")), final_p05=clean(fs.get("p05")), final_p95=clean(fs.get("p95")))
        cats = s.get("category_shares") or {}
        for c in schema.ADOPTER_CATEGORIES:
            row[c.key] = clean(cats.get(c.key))
        rows.append(row)
    return pd.DataFrame(rows)


def differing_units(results: list[Result], labels: list[str] | None = None, top: int | None = 20) -> pd.DataFrame:
    """Units whose outcome differs most between scenarios, most different first.

    ``prob_spread`` is max − min of the adoption probability over the
    scenarios that contain the unit (at least two); ``step_spread`` the same
    for the median adoption step (NaN when fewer than two scenarios have
    one).  Units with no difference at all are left out.
    """
    base = ["unit_id", "name", "kind", "county", "prob_spread", "step_spread"]
    if len(results) < 2:
        return pd.DataFrame(columns=base)
    labels = labels or scenario_labels(results)
    probs, steps, info = {}, {}, {}
    for r, label in zip(results, labels, strict=True):
        u = r.tables["units"].drop_duplicates("unit_id").set_index("unit_id")
        probs[label] = u["adoption_probability"]
        steps[label] = u["median_step"]
        # the county's name when the result has it (county_name), else its id
        county = u["county_name"].fillna(u["county"]) if "county_name" in u else u["county"]
        for uid, row in u[["name", "kind"]].assign(county=county).iterrows():
            info.setdefault(uid, row.to_dict())
    P = pd.DataFrame(probs)
    S = pd.DataFrame(steps).reindex(P.index)
    present = P.notna().sum(axis=1) >= 2
    P, S = P[present], S[present]
    prob_spread = P.max(axis=1) - P.min(axis=1)
    step_spread = (S.max(axis=1) - S.min(axis=1)).where(S.notna().sum(axis=1) >= 2)
    df = pd.DataFrame({"unit_id": P.index, "prob_spread": prob_spread.to_numpy(),
                       "step_spread": step_spread.to_numpy()})
    for col in ("name", "kind", "county"):
        df[col] = [info[u].get(col, "") for u in P.index]
    for label in labels:
        df[f"prob:{label}"] = P[label].to_numpy()
        df[f"step:{label}"] = S[label].to_numpy()
    df = df[(df["prob_spread"] > 0) | (df["step_spread"].fillna(0) > 0)]
    df = df.sort_values(["prob_spread", "step_spread", "unit_id"], ascending=[False, False, True],
                        na_position="last")
    cols = base + [c for c in df.columns if c not in base]
    df = df[cols].reset_index(drop=True)
    return df.head(top) if top else df


def _esc(value) -> str:
    return html.escape("" if value is None else str(value))


def _pct(v, digits: int = 1) -> str:
    v = clean(v)
    return "–" if v is None else f"{100 * float(v):.{digits}f} %"


def _num(v, digits: int = 1) -> str:
    v = clean(v)
    if v is None:
        return "–"
    return f"{int(v)}" if float(v).is_integer() else f"{float(v):.{digits}f}"


def _swatch(colour: str) -> str:
    return f'<span class="swatch square" style="background:{colour}"></span>'


def _timing_html(tt: pd.DataFrame, colours: list[str]) -> str:
    cats = schema.ADOPTER_CATEGORIES
    head = ("<tr><th>Scenario</th>"
            + "".join(f'<th class="num">Time to {int(float(k) * 100)} %</th>' for k in SHARE_KEYS)
            + '<th class="num">Final share (5–95 %)</th>'
            + "".join(f'<th class="num">{_swatch(CATEGORY_COLOURS[c.key])}{_esc(c.name)}</th>' for c in cats)
            + "</tr>")
    rows = []
    for (_, r), colour in zip(tt.iterrows(), colours, strict=True):
        cells = [f'<td class="scenario">{_swatch(colour)}<span class="label">{_esc(r["scenario"])}</span>'
                 f'<div class="muted small">{_esc(r["title"])}</div></td>']
        for k in SHARE_KEYS:
            pct = int(float(k) * 100)
            step, date = clean(r[f"step_{pct}"]), r[f"date_{pct}"]
            text = "not reached" if step is None else f"step {int(step)}" + (f" · {date}" if date else "")
            cells.append(f'<td class="num">{_esc(text)}</td>')
        cells.append(f'<td class="num">{_pct(r["final_mean"])} '
                     f'<span class="muted small">({_pct(r["final_p05"])}–{_pct(r["final_p95"])})</span></td>')
        cells += [f'<td class="num">{_pct(r[c.key])}</td>' for c in cats]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    expected = ('<tr class="expected"><td class="muted">Rogers (expected)</td>'
                + '<td></td>' * (len(SHARE_KEYS) + 1)
                + "".join(f'<td class="num muted">{_pct(c.share)}</td>' for c in cats) + "</tr>")
    return (f'<table class="data" id="timing"><thead>{head}</thead>'
            f'<tbody>{"".join(rows)}{expected}</tbody></table>{CATEGORIES_NOTE}')


#: what the category columns are, shown under the "Rogers (expected)" row (docs/diffusion.md §3)
CATEGORIES_NOTE = (
    '<p class="muted small" id="categories-note">Categories classify each run\'s adoption times by that '
    "run's mean ± sd (Rogers' definition), not the units' innovativeness. Under the hazard rule a strong "
    "innovativeness effect skews those times (few or no innovators, a large early majority), so a gap to "
    "Rogers' expected shares is a model artefact, not a finding (docs/diffusion.md §3).</p>")


def _units_html(df: pd.DataFrame, labels: list[str], colours: list[str], n_results: int) -> str:
    if n_results < 2:
        return '<p class="muted" id="units-note">Compare two or more result directories to see which units differ.</p>'
    if df.empty:
        return '<p class="muted" id="units-note">No unit\'s outcome differs between these scenarios.</p>'
    head = ("<tr><th>Unit</th><th>Kind</th><th>County</th>"
            '<th class="num">Spread of adoption probability</th><th class="num">Spread of median step</th>'
            + "".join(f'<th class="num">{_swatch(c)}{_esc(lab)}<div class="muted small">probability · median step</div></th>'
                      for lab, c in zip(labels, colours, strict=True))
            + "</tr>")
    rows = []
    for _, r in df.iterrows():
        cells = [f'<td>{_esc(r["name"])}<div class="muted small">{_esc(r["unit_id"])}</div></td>',
                 f"<td>{_esc(r['kind'])}</td>", f"<td>{_esc(r['county'])}</td>",
                 f'<td class="num">{_pct(r["prob_spread"], 0)}</td>', f'<td class="num">{_num(r["step_spread"])}</td>']
        for lab in labels:
            cells.append(f'<td class="num">{_pct(r[f"prob:{lab}"], 0)} · {_num(r[f"step:{lab}"])}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f'<table class="data" id="units"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'


def _scenarios_html(results: list[Result], labels: list[str], colours: list[str]) -> str:
    head = ("<tr><th>Scenario</th><th>Title</th><th>Innovation</th><th class=\"num\">Units</th>"
            "<th class=\"num\">Runs</th><th class=\"num\">Seed</th><th>Steps</th><th>Directory</th></tr>")
    rows = []
    for r, lab, colour in zip(results, labels, colours, strict=True):
        s = r.summary
        steps = f"{s.get('steps')} × {s.get('step_length', 'step')} from {s.get('start', '?')}"
        rows.append("<tr>" + "".join([
            f"<td>{_swatch(colour)}{_esc(lab)}</td>", f"<td>{_esc(r.title)}</td>",
            f"<td>{_esc(s.get('innovation_name') or s.get('innovation_id'))}</td>",
            f'<td class="num">{_esc(s.get("n_units"))}</td>', f'<td class="num">{_esc(s.get("runs"))}</td>',
            f'<td class="num">{_esc(s.get("seed"))}</td>', f"<td>{_esc(steps)}</td>",
            f'<td class="small">{_esc(r.path)}</td>']) + "</tr>")
    return f'<table class="data" id="scenarios"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'


def _plot_text(text: str) -> str:
    # plotly.js reads trace names and titles as a small subset of HTML and decodes entities,
    # so escaping turns any markup in a name into plain visible text.
    return html.escape(text, quote=True)


def report_figures(results: list[Result], labels: list[str], colours: list[str]) -> dict:
    """Plotly figure specs (plain dicts) for the curves and the category shares."""
    curve_traces = []
    for r, lab, colour in zip(results, labels, colours, strict=True):
        c = r.tables["curves"]
        dates = [str(d) for d in c["date"]]
        name = _plot_text(lab)
        curve_traces.append({"x": dates, "y": [clean(v) for v in c["adopted_p95"]], "type": "scatter", "mode": "lines",
                             "line": {"width": 0, "color": colour}, "hoverinfo": "skip", "showlegend": False,
                             "legendgroup": name, "name": name})
        curve_traces.append({"x": dates, "y": [clean(v) for v in c["adopted_p05"]], "type": "scatter", "mode": "lines",
                             "line": {"width": 0, "color": colour}, "fill": "tonexty",
                             "fillcolor": hex_to_rgba(colour, 0.18), "hoverinfo": "skip", "showlegend": False,
                             "legendgroup": name, "name": name})
        curve_traces.append({"x": dates, "y": [clean(v) for v in c["adopted_mean"]], "type": "scatter",
                             "mode": "lines", "line": {"width": 2.5, "color": colour}, "name": name,
                             "legendgroup": name, "hovertemplate": "%{x}: %{y:.1%}"})
    guides = [{"type": "line", "xref": "paper", "x0": 0, "x1": 1, "yref": "y", "y0": y, "y1": y,
               "line": {"color": "#b8c2cc", "width": 1, "dash": "dot"}} for y in (0.1, 0.5, 0.9)]
    curves = {"data": curve_traces, "layout": {
        "margin": {"l": 56, "r": 16, "t": 16, "b": 40}, "yaxis": {"tickformat": ".0%", "range": [0, 1.02],
                                                                "title": {"text": "share adopted (mean, 5–95 % band)"}},
        "xaxis": {"type": "date"}, "legend": {"orientation": "h", "y": -0.12}, "shapes": guides,
        "hovermode": "x unified"}}
    cats = schema.ADOPTER_CATEGORIES
    cat_traces = [{"x": [c.name for c in cats], "y": [c.share for c in cats], "type": "bar", "name": "Rogers",
                   "marker": {"color": "#c9d1da"}, "hovertemplate": "%{x}: %{y:.1%}"}]
    for r, lab, colour in zip(results, labels, colours, strict=True):
        shares = r.summary.get("category_shares") or {}
        cat_traces.append({"x": [c.name for c in cats], "y": [clean(shares.get(c.key)) for c in cats], "type": "bar",
                           "name": _plot_text(lab), "marker": {"color": colour}, "hovertemplate": "%{x}: %{y:.1%}"})
    categories = {"data": cat_traces, "layout": {
        "barmode": "group", "margin": {"l": 56, "r": 16, "t": 16, "b": 40},
        "yaxis": {"tickformat": ".0%", "title": {"text": "share of adopters"}}, "legend": {"orientation": "h", "y": -0.15}}}
    return {"curves": curves, "categories": categories}


def _explorations_html(explorations) -> str:
    if not explorations:
        return ""
    items = "".join(f'<li><a href="{_esc(quote(href))}">{_esc(label)}</a></li>' for label, href in explorations)
    return f'<section><h2>Explorations</h2><ul id="explorations">{items}</ul></section>'


def scenario_report(result_dirs, *, title: str | None = None, top: int = 20, explorations=()) -> Page:
    """The comparison page for one or more result directories (or read :class:`Result` objects, or
    in-memory :class:`~innosys.diffusion.results.SimulationResult` objects).

    ``explorations``: (label, relative link) of exploration pages to link to.

    Raises :class:`~innosys.viz.results.ResultFormatError` naming the first
    directory that is missing files or has another format version.
    """
    if isinstance(result_dirs, (str, Path, Result)) or hasattr(result_dirs, "model"):
        result_dirs = [result_dirs]
    results = [as_result(d, REPORT_TABLES) for d in result_dirs]
    if not results and not explorations:
        raise ResultFormatError("no result directory given")
    labels = scenario_labels(results)
    colours = [scenario_colour(i) for i in range(len(results))]
    tt = timing_table(results, labels)
    diff = differing_units(results, labels, top=top)
    title = title or ("Exploration report" if not labels else "Scenario report: " + ", ".join(labels) if len(labels) <= 4
                      else f"Scenario report: {len(labels)} scenarios")
    figures = report_figures(results, labels, colours)
    maps = report_maps(results, labels)
    data = {"title": title, "figures": figures, "labels": labels, "maps": maps,
            "counts": {"scenarios": len(results), "units": int(len(diff)), "curveTraces": len(figures["curves"]["data"])}}
    body = render(
        template("report.html"), title=_esc(title),
        subtitle=_esc(f"{len(results)} scenario{'s' if len(results) != 1 else ''} compared"),
        timing=_timing_html(tt, colours), units=_units_html(diff, labels, colours, len(results)),
        scenarios=_scenarios_html(results, labels, colours), top=_esc(top), maps_note=_esc(maps["note"]),
        explorations=_explorations_html(explorations))
    text = document(title=title, body=body, data=data,
                    styles=[template("base.css"), template("map.css"), template("report.css")],
                    scripts=[assets.plotly_js(), template("common.js"), template("map.js"), template("report.js")])
    return Page(text, title=title, kind="report", info={"scenarios": len(results), "units": int(len(diff))})
