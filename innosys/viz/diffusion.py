"""Diffusion playback: one simulation result replayed step by step in the browser.

When every unit is a Norwegian municipality, the page draws them on a map
(their 2024 boundaries, © Kartverket) with the county borders, and the
influence edges of ``edges.csv`` as an optional overlay; otherwise (thesis
samples with anonymised municipalities, other actor kinds) it draws the units
as points (geographically when they have coordinates) joined by the influence
edges, and says why there is no map.  It colours each unit
by its state at the chosen step of the representative run
(``trajectory.csv``): unaware, aware, adopted, rejected, discontinued;
adopters can be coloured by their Rogers category (``units.csv``).  A time
slider with play/pause and speed drives the network and a marker on the
adoption S-curve (mean with its 5–95 % band); beside it are the category
distribution and the adoptions and awareness by channel.

>>> import inspect
>>> "result_dir" in inspect.signature(diffusion_playback).parameters
True
"""

from __future__ import annotations

import html

import pandas as pd

from innosys import schema
from innosys.viz import assets, geo
from innosys.viz.layout import geo_positions, seed_positions
from innosys.viz.page import Page, document, render, template
from innosys.viz.palette import (
    CATEGORY_COLOURS,
    CATEGORY_NAMES,
    MUTED,
    NON_ADOPTER,
    STATE_COLOURS,
    layer_colour,
)
from innosys.viz.results import PLAYBACK_TABLES, STATES, Result, as_result, clean

STEP_FIELDS = ("aware_step", "adopted_step", "rejected_step", "discontinued_step")


def _num_list(series) -> list:
    return [clean(v) for v in series.tolist()]


def _step_list(series) -> list:
    return [None if clean(v) is None else int(v) for v in series.tolist()]


def _text(frame, unit: str, col: str) -> str:
    return str(frame[col].get(unit, "")) if unit in frame.index else ""


def _county(units, i):
    """The county's name when the result has it (county_name), else its id."""
    if "county_name" in units.columns and not pd.isna(units.at[i, "county_name"]):
        return units.at[i, "county_name"]
    return units.at[i, "county"]


def playback_data(result: Result, *, use_map: bool = True) -> dict:
    """The playback page's data (plain JSON-able) from a result read with :func:`read_result`.

    Edges are the rows of edges.csv that join two units, one per unordered
    pair and layer (the largest weight); rows naming a non-unit are counted in
    ``skippedEdges``.  With ``use_map`` (the default) and every unit a
    municipality with boundaries, the page draws the map (``layout`` "map").
    """
    units = result.tables["units"].reset_index(drop=True)
    traj = result.tables["trajectory"].drop_duplicates("unit_id").set_index("unit_id")
    curves = result.tables["curves"]
    ids = units["unit_id"].tolist()
    index = {u: i for i, u in enumerate(ids)}

    # One drawn edge per unordered pair of units and layer (engines may list a tie in both directions).
    edges, skipped, neighbours = [], 0, {u: [] for u in ids}
    layer_order: dict[str, int] = {}
    seen: dict[tuple[int, int, int], int] = {}
    for row in result.tables["edges"].itertuples(index=False):
        s, t = str(row.source), str(row.target)
        if s not in index or t not in index:
            skipped += 1
            continue
        li = layer_order.setdefault(str(row.layer), len(layer_order))
        a, b = sorted((index[s], index[t]))
        w = clean(row.weight)
        if (a, b, li) in seen:
            e = edges[seen[(a, b, li)]]
            if w is not None and (e[3] is None or w > e[3]):
                e[3] = w
            continue
        seen[(a, b, li)] = len(edges)
        edges.append([a, b, li, w])
        neighbours[s].append(t)
        neighbours[t].append(s)

    coords = {}
    for u, lat, lon in zip(ids, units["latitude"], units["longitude"], strict=True):
        if clean(lat) is not None and clean(lon) is not None:
            coords[u] = (float(lat), float(lon))
    on_map, off_map = geo.covered(ids)
    draw_map = use_map and bool(ids) and not off_map
    if draw_map:  # the map places units at their points (for the ties overlay); no network layout needed
        point = geo.norway_map()["point"]
        pos = {u: point(*coords[u]) if u in coords else (None, None) for u in ids}
    else:  # by coordinates when any unit has them; otherwise a quick starting layout for the page's physics
        pos = geo_positions(ids, coords, neighbours) if coords else seed_positions(ids, neighbours)

    steps = curves["step"].astype(int).tolist()
    traj_cols = {f: [] for f in STEP_FIELDS}
    for u in ids:
        for f in STEP_FIELDS:
            v = traj[f].get(u) if u in traj.index else None
            traj_cols[f].append(None if clean(v) is None else int(v))
    rep_curve = []
    adopted = traj_cols["adopted_step"]
    for t in steps:
        rep_curve.append(sum(1 for a in adopted if a is not None and a <= t) / max(1, len(ids)))

    s = result.summary
    cats = result.tables["categories"]
    channels = result.tables["channels"]
    layers = {name: i for name, i in layer_order.items()}
    layer_counts = [0] * len(layers)
    for e in edges:
        layer_counts[e[2]] += 1
    return {
        "title": result.title,
        "scenario": result.scenario,
        "innovation": str(s.get("innovation_name") or s.get("innovation_id") or ""),
        "stepLength": str(s.get("step_length") or "step"),
        "runs": clean(s.get("runs")),
        "seed": clean(s.get("seed")),
        "layout": "map" if draw_map else "geo" if coords else "force",
        "map": geo.map_data() if draw_map else None,
        "mapNote": _map_note(len(ids), len(off_map), draw_map),
        "steps": steps,
        "dates": [str(d) for d in curves["date"].tolist()],
        "units": [{"id": u, "label": str(units.at[i, "name"] or u), "kind": str(units.at[i, "kind"]),
                   "county": str(_county(units, i)), "sizeClass": str(units.at[i, "size_class"]),
                   "category": str(units.at[i, "category"] or NON_ADOPTER),
                   "prob": clean(units.at[i, "adoption_probability"]),
                   "medianStep": clean(units.at[i, "median_step"]), "meanStep": clean(units.at[i, "mean_step"]),
                   "mainChannel": str(units.at[i, "main_channel"]),
                   "x": pos[u][0], "y": pos[u][1], "geo": u in coords}
                  for i, u in enumerate(ids)],
        "traj": {"aware": traj_cols["aware_step"], "adopted": traj_cols["adopted_step"],
                 "rejected": traj_cols["rejected_step"], "discontinued": traj_cols["discontinued_step"],
                 "awareChannel": [_text(traj, u, "aware_channel") for u in ids],
                 "adoptedChannel": [_text(traj, u, "adopted_channel") for u in ids]},
        "edges": edges,
        "skippedEdges": skipped,
        "layers": [{"name": name, "colour": layer_colour(name, i), "count": layer_counts[i]}
                   for name, i in layers.items()],
        "states": [{"name": st, "colour": STATE_COLOURS[st]} for st in STATES],
        "categories": [{"key": c.key, "name": c.name, "colour": CATEGORY_COLOURS[c.key], "expected": c.share}
                       for c in schema.ADOPTER_CATEGORIES]
        + [{"key": NON_ADOPTER, "name": CATEGORY_NAMES[NON_ADOPTER], "colour": CATEGORY_COLOURS[NON_ADOPTER],
            "expected": None}],
        "curves": {col: _num_list(curves[col]) for col in curves.columns if col not in ("step", "date")},
        "shownRun": rep_curve,
        "categoryShares": [{"key": str(r.category), "name": CATEGORY_NAMES.get(str(r.category), str(r.category)),
                            "colour": CATEGORY_COLOURS.get(str(r.category), MUTED),
                            "expected": clean(r.expected_share), "mean": clean(r.share_mean),
                            "p05": clean(r.share_p05), "p95": clean(r.share_p95)}
                           for r in cats.itertuples(index=False)],
        "channels": [{"channel": str(r.channel), "event": str(r.event), "count": clean(r.count_mean),
                      "share": clean(r.share)} for r in channels.itertuples(index=False)],
        "timeToShare": {k: clean(v) for k, v in (s.get("time_to_share") or {}).items()},
        "finalShare": {k: clean(v) for k, v in (s.get("final_share") or {}).items()},
        "counts": {"nodes": len(ids), "edges": len(edges)},
    }


def diffusion_playback(result_dir, *, title: str | None = None, use_map: bool = True) -> Page:
    """The playback page for one result directory, an already read :class:`Result` or an in-memory
    :class:`~innosys.diffusion.results.SimulationResult`.

    ``use_map=False`` draws the units as a network of points even when they
    could be drawn on the map.

    Raises :class:`~innosys.viz.results.ResultFormatError` when the directory
    is missing files or has another format version.
    """
    result = as_result(result_dir, PLAYBACK_TABLES)
    data = playback_data(result, use_map=use_map)
    if title:
        data["title"] = title
    data["halfwayStep"] = _halfway(data)  # the still that PNG export shows by default
    page_title = f"{data['title']} — diffusion playback"
    body = render(template("diffusion.html"), title=html.escape(data["title"]),
                  subtitle=html.escape(_subtitle(data)), map_note=html.escape(data["mapNote"]))
    # the map view needs no vis-network: leaving it out keeps the page smaller and faster to start
    network_js = [] if data["map"] else [assets.vis_js()]
    text = document(title=page_title, body=body, data=data,
                    styles=[*([] if data["map"] else [assets.vis_css()]), template("base.css"), template("map.css"),
                            template("diffusion.css")],
                    scripts=[*network_js, assets.plotly_js(), template("common.js"), template("map.js"),
                             template("diffusion.js")])
    info = dict(data["counts"], steps=len(data["steps"]), shapes=len(data["map"]["shapes"]) if data["map"] else 0)
    return Page(text, title=page_title, kind="diffusion", info=info)


def _halfway(data: dict) -> int:
    """The first step at which the mean curve reaches half of the units (else the last): a telling still."""
    mean = data["curves"].get("adopted_mean") or []
    return next((t for t, v in enumerate(mean) if v is not None and v >= 0.5), max(0, len(data["steps"]) - 1))


def _map_note(n_units: int, n_off_map: int, draw_map: bool) -> str:
    if draw_map:
        return geo.CREDIT_NOTE
    if not n_units or not n_off_map:
        return ""
    return (f"No map: {n_off_map} of {n_units} units have no municipality boundaries (anonymised in the "
            "thesis, or not municipalities), so units are drawn as points.")


def _subtitle(data: dict) -> str:
    parts = [f"scenario {data['scenario']}"]
    if data["innovation"]:
        parts.append(data["innovation"])
    if data["runs"] is not None:
        parts.append(f"{data['runs']} runs")
    parts.append(f"{len(data['units'])} units")
    return " · ".join(parts)
