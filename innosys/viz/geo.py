"""Norway's municipality and county boundaries (Kartverket, 2024 division) as SVG paths for the pages.

The boundaries ship with the package as TopoJSON (``data/norway/*.topojson``,
provenance in ``data/README.md``).  Pages draw them as inline SVG paths, so
no map library and no network request is needed: :func:`norway_map` projects
them once (Lambert conformal conic, the usual projection for maps of the whole
country) onto a fixed canvas.  Every page that draws them credits
:data:`CREDIT`, as the CC BY 4.0 licence asks.

>>> m = norway_map()
>>> len(m["shapes"]), m["shapes"][0]["id"][:2], len(m["counties"])
(357, 'm:', 15)
>>> m["credit"]
'© Kartverket'
>>> x_oslo, _ = m["point"](59.91, 10.75); x_bergen, _ = m["point"](60.39, 5.32)
>>> x_oslo > x_bergen
True
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from pathlib import Path

import numpy as np

from innosys.io.dataset import default_data_dir

#: Attribution required by the boundaries' licence (CC BY 4.0); shown on every page that draws them.
CREDIT = "© Kartverket"
CREDIT_NOTE = "Municipality and county boundaries (2024): © Kartverket, CC BY 4.0"
MUNICIPALITIES_FILE = "municipalities-2024.topojson"
COUNTIES_FILE = "counties-2024.topojson"
#: Width of the map canvas in SVG units; the height follows from the projection.
MAP_WIDTH = 1000

XY = Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]


def boundaries_dir() -> Path:
    """The folder holding the shipped boundary files (``data/norway`` or its installed copy)."""
    return default_data_dir() / "norway"


@cache
def read_topology(name: str) -> dict:
    """One shipped TopoJSON file, parsed (``MUNICIPALITIES_FILE`` or ``COUNTIES_FILE``)."""
    path = boundaries_dir() / name
    if not path.is_file():
        raise FileNotFoundError(f"boundary file {name} not found in {path.parent}")
    return json.loads(path.read_text(encoding="utf-8"))


def _arcs(topo: dict) -> list[np.ndarray]:
    """The topology's arcs as (n, 2) arrays of longitude/latitude (undoing quantisation if present)."""
    t = topo.get("transform")
    out = []
    for arc in topo["arcs"]:
        a = np.asarray(arc, dtype=float)
        if t:  # quantised TopoJSON stores delta-encoded integers
            a = np.cumsum(a, axis=0) * t["scale"] + t["translate"]
        out.append(a)
    return out


def _ring(arc_ids: list[int], arcs: list[np.ndarray]) -> np.ndarray:
    # TopoJSON: a negative index ~i means arc i reversed; consecutive arcs share their joining point.
    parts = [arcs[i] if i >= 0 else arcs[~i][::-1] for i in arc_ids]
    return np.concatenate([parts[0]] + [p[1:] for p in parts[1:]])


def features(topo: dict) -> Iterator[tuple[dict, list[np.ndarray]]]:
    """Each geometry's properties and its rings (outer rings and holes alike) as lon/lat arrays."""
    arcs = _arcs(topo)
    for obj in topo["objects"].values():
        for g in obj["geometries"]:
            polygons = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]] if g["type"] == "Polygon" else []
            yield g.get("properties", {}), [_ring(r, arcs) for poly in polygons for r in poly]


def lambert(lon: np.ndarray, lat: np.ndarray, *, parallels=(60.0, 68.0), origin=(65.0, 15.0)):
    """Lambert conformal conic on the sphere (x east, y north, in Earth radii)."""
    p1, p2 = (math.radians(v) for v in parallels)
    lat0, lon0 = (math.radians(v) for v in origin)

    def t(phi):
        return np.tan(math.pi / 4 + phi / 2)

    n = math.log(math.cos(p1) / math.cos(p2)) / math.log(t(p2) / t(p1))
    f = math.cos(p1) * t(p1) ** n / n
    rho = f / t(np.radians(lat)) ** n
    rho0 = f / t(lat0) ** n
    theta = n * (np.radians(lon) - lon0)
    return rho * np.sin(theta), rho0 - rho * np.cos(theta)


def path_data(rings: Iterable[np.ndarray], xy: XY, closed: bool = True) -> str:
    """SVG path data for lon/lat rings through ``xy``: whole units, relative steps, repeats dropped."""
    out = []
    for ring in rings:
        x, y = xy(ring[:, 0], ring[:, 1])
        pts = np.column_stack([np.rint(x), np.rint(y)]).astype(np.int64)
        d = np.diff(pts, axis=0)
        d = d[(d != 0).any(axis=1)]
        if closed and len(d) < 2:
            continue  # a ring smaller than one unit would not show
        steps = " ".join(f"{dx} {dy}" for dx, dy in d.tolist())
        out.append(f"M{pts[0, 0]} {pts[0, 1]}" + (f"l{steps}" if steps else "") + ("z" if closed else ""))
    return "".join(out)


def municipality_id(number: str) -> str:
    """The dataset's id of a municipality (data/README.md, "Ids"): ``m:`` + its four-digit number."""
    return f"m:{number}"


def county_id(number: str) -> str:
    """The dataset's id of a county: ``county:`` + its two-digit number."""
    return f"county:{number}"


@cache
def _frame() -> tuple[float, float, float, float]:
    """Offset and scale taking projected coordinates onto the canvas (from the municipalities' extent)."""
    xs, ys = [], []
    for _, rings in features(read_topology(MUNICIPALITIES_FILE)):
        for r in rings:
            x, y = lambert(r[:, 0], r[:, 1])
            xs += [x.min(), x.max()]
            ys += [y.min(), y.max()]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    scale = (MAP_WIDTH - 20) / (x1 - x0)
    return x0, y1, scale, (y1 - y0) * scale + 20


def canvas_xy(lon, lat):
    """Longitude/latitude to the map canvas of :func:`norway_map` (x right, y down)."""
    x0, y1, scale, _ = _frame()
    x, y = lambert(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    return (x - x0) * scale + 10, (y1 - y) * scale + 10


def _point(lat: float, lon: float) -> tuple[float, float]:
    x, y = canvas_xy([lon], [lat])
    return round(float(x[0]), 1), round(float(y[0]), 1)


@cache
def _map_json() -> dict:
    muni = read_topology(MUNICIPALITIES_FILE)
    shapes = [{"id": municipality_id(p["kommunenummer"]), "number": p["kommunenummer"], "name": p["kommunenavn"],
               "d": path_data(rings, canvas_xy)} for p, rings in features(muni)]
    shapes.sort(key=lambda s: s["number"])
    counties_topo = read_topology(COUNTIES_FILE)
    counties = sorted(({"id": county_id(p["fylkesnummer"]), "name": p["fylkesnavn"]} for p, _ in features(counties_topo)),
                      key=lambda c: c["id"])
    # county borders: every county arc drawn once, as one unfilled path
    borders = path_data(_arcs(counties_topo), canvas_xy, closed=False)
    return {"width": MAP_WIDTH, "height": math.ceil(_frame()[3]), "shapes": shapes, "counties": counties,
            "borders": borders, "credit": CREDIT, "creditNote": CREDIT_NOTE}


def norway_map() -> dict:
    """The map pages draw: canvas size, 357 municipality shapes (id, number, name, SVG path) and county borders.

    Also ``point(lat, lon)``, a function placing a point on the same canvas
    (not JSON: use :func:`map_data` for a page).
    """
    return dict(_map_json(), point=_point)


def map_data() -> dict:
    """:func:`norway_map` without the ``point`` function, ready for a page's JSON."""
    return dict(_map_json())


def county_outlines(xy: XY) -> str:
    """All county borders as one SVG path through another projection ``xy`` (e.g. the explorer's)."""
    return path_data(_arcs(read_topology(COUNTIES_FILE)), xy, closed=False)


def covered(unit_ids: Iterable[str]) -> tuple[list[str], list[str]]:
    """The ids among ``unit_ids`` that have a municipality shape, and those that have none."""
    known = {s["id"] for s in _map_json()["shapes"]}
    ids = list(unit_ids)
    return [u for u in ids if u in known], [u for u in ids if u not in known]
