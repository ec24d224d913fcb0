"""The network explorer: the actor graph as one interactive, self-contained HTML page.

:func:`network_data` turns the innosys graph into plain data for the page
(nodes with colour, size, county, activities, geographic position,
properties and provenance; edges with type and provenance; the legend);
:func:`network_explorer` wraps it in the page (vis-network, inlined).

Filters given here choose what goes INTO the page (all combine with AND):
``kind`` keeps nodes of those kinds (default: every kind except sources,
whose details appear as provenance instead), ``county`` keeps nodes located
in those counties, ``activity`` keeps actors performing one of those Edquist
activities (and the activity nodes themselves), ``relation`` keeps edges of
those types.  An edge is kept when both its ends are.  The page's own
controls then hide and show within that with the same rules.

>>> from innosys.graph import load_graph
>>> G = load_graph()
>>> page = network_explorer(G, kind="Municipality", geo=True)
>>> page.info["nodes"] == len([n for n, k in G.nodes(data="kind") if k == "Municipality"])
True
"""

from __future__ import annotations

import html
from collections import Counter, defaultdict

import networkx as nx

from innosys import schema
from innosys.graph.analytics import county_of
from innosys.viz import assets
from innosys.viz.geo import CREDIT_NOTE, county_outlines
from innosys.viz.layout import geo_positions, project, reference_latitude, seed_positions
from innosys.viz.page import Page, document, render, template
from innosys.viz.palette import KIND_STYLES, RELATION_STYLES
from innosys.viz.results import clean

COUNTY = "County"
REGION = "Region"
EDQUIST_KIND = next(k.name for k in schema.NODE_KINDS.values() if k.generated)
LOCATED_IN = "LOCATED_IN"
PART_OF = "PART_OF"
PERFORMS = schema.relation_type_for_table("activities")
PROVENANCE_FIELDS = tuple(schema.PROVENANCE)
#: Kinds left out unless asked for: the sources (shown as provenance of every row instead).
DEFAULT_EXCLUDED_KINDS = tuple(k.name for k in schema.NODE_KINDS.values() if k.table == "sources")
SIZE_MEASURES = ("degree", "betweenness")
MIN_SIZE, MAX_SIZE = 9.0, 42.0
assert {COUNTY, REGION} <= set(schema.NODE_KINDS) and {LOCATED_IN, PART_OF} <= set(schema.RELATION_TYPES)


def _as_list(value) -> list | None:
    if value is None:
        return None
    if isinstance(value, (str, int)):
        return [value]
    out = list(value)
    return out or None


def node_counties(G: nx.MultiDiGraph) -> dict[str, str | None]:
    """The county node each node lies in, or None (:func:`innosys.graph.analytics.county_of`)."""
    return {n: county_of(G, n) for n in G.nodes}


def node_activities(G: nx.MultiDiGraph) -> dict[str, list[int]]:
    """Edquist activity numbers each actor performs (an activity node 'performs' its own)."""
    acts: dict[str, set[int]] = defaultdict(set)
    for u, _, d in G.edges(data=True):
        if d.get("type") == PERFORMS and d.get("activity") is not None:
            acts[u].add(int(d["activity"]))
    for n, d in G.nodes(data=True):
        if d.get("kind") == EDQUIST_KIND:
            acts[n].add(int(d["number"]))
    return {n: sorted(a) for n, a in acts.items()}


def resolve_county(G: nx.MultiDiGraph, spec: str) -> str:
    """A county node id from an id (``county:11``), a county number (``11``) or a name (``Rogaland``)."""
    counties = {n: d for n, d in G.nodes(data=True) if d.get("kind") == COUNTY}
    s = str(spec).strip()
    if s in counties:
        return s
    for n, d in counties.items():
        if str(d.get("county_number", "")) == s.zfill(2) or str(d.get("name", "")).casefold() == s.casefold():
            return n
    known = ", ".join(f"{n} ({counties[n].get('name')})" for n in sorted(counties)[:20])
    raise ValueError(f"unknown county {spec!r}; the graph has: {known or 'no counties'}")


def resolve_activity(spec) -> int:
    """An Edquist activity number from a number (5, '5') or a key ('organisations')."""
    s = str(spec).strip()
    for a in schema.EDQUIST_ACTIVITIES:
        if s in (str(a.number), a.key, a.node_id):
            return a.number
    raise ValueError(f"unknown Edquist activity {str(spec)!r}; use 1..{len(schema.EDQUIST_ACTIVITIES)} or one of: "
                     + ", ".join(a.key for a in schema.EDQUIST_ACTIVITIES))


def _check_names(values, known, what: str) -> list[str]:
    bad = [v for v in values if v not in known]
    if bad:
        raise ValueError(f"unknown {what} {', '.join(map(repr, bad))}; choose from: {', '.join(known)}")
    return list(values)


def _sizes(H: nx.MultiDiGraph, size_by: str) -> dict[str, float]:
    if size_by == "degree":
        score = {n: float(H.degree(n)) for n in H}
    elif size_by == "betweenness":
        score = nx.betweenness_centrality(nx.Graph(H.to_undirected(as_view=True))) if len(H) > 2 else {}
        score = {n: score.get(n, 0.0) for n in H}
    else:
        raise ValueError(f"unknown size measure {size_by!r}; choose from: {', '.join(SIZE_MEASURES)}")
    top = max(score.values(), default=0.0)
    if top <= 0:
        return {n: MIN_SIZE for n in H}
    return {n: round(MIN_SIZE + (MAX_SIZE - MIN_SIZE) * (s / top) ** 0.5, 2) for n, s in score.items()}


def _split(attrs: dict, skip: tuple[str, ...]) -> tuple[dict, dict]:
    props, prov = {}, {}
    for k, v in attrs.items():
        if k in skip:
            continue
        v = clean(v)
        if v is None or v == "":
            continue
        if not isinstance(v, (str, int, float, bool)):
            v = str(v)
        (prov if k in PROVENANCE_FIELDS else props)[k] = v
    return props, prov


def physics_settings(n_nodes: int) -> dict:
    """How much physics the page runs before it freezes the layout.

    Fewer iterations for bigger graphs, a coarser Barnes-Hut approximation
    (``theta``) past a few hundred nodes, and a time budget for the first
    layout (a slow machine stops early; "Re-run layout" runs all iterations),
    so that a few thousand nodes are interactive within about two seconds
    (see benchmarks/viz_explorer.py).
    """
    return {"iterations": max(60, min(400, round(60000 / max(1, n_nodes)))),
            "theta": 0.5 if n_nodes <= 600 else 1.2,
            "budgetMs": 1200}


def network_data(G: nx.MultiDiGraph, *, kind=None, relation=None, activity=None, county=None,
                 geo: bool = False, size_by: str = "degree", title: str | None = None) -> dict:
    """The explorer's data: nodes, edges, legend and filter choices, as plain JSON-able data.

    See the module docstring for the filters.  Raises ValueError for an
    unknown kind, relation type, activity, county or size measure.
    """
    kinds = _check_names(_as_list(kind) or [], list(schema.NODE_KINDS), "node kind(s)") or None
    relations = _check_names(_as_list(relation) or [], list(schema.RELATION_TYPES), "relation type(s)") or None
    acts = sorted({resolve_activity(a) for a in _as_list(activity) or []}) or None
    counties = sorted({resolve_county(G, c) for c in _as_list(county) or []}) or None
    if size_by not in SIZE_MEASURES:
        raise ValueError(f"unknown size measure {size_by!r}; choose from: {', '.join(SIZE_MEASURES)}")

    county_of = node_counties(G)
    acts_of = node_activities(G)

    def keep_node(n: str, d: dict) -> bool:
        k = d.get("kind")
        if kinds is not None and k not in kinds:
            return False
        if kinds is None and k in DEFAULT_EXCLUDED_KINDS:
            return False
        if counties is not None and county_of.get(n) not in counties:
            return False
        return not (acts is not None and not set(acts_of.get(n, ())) & set(acts))

    keep = [n for n, d in G.nodes(data=True) if keep_node(n, d)]
    edge_list = [(u, v, k, d) for u, v, k, d in G.subgraph(keep).edges(keys=True, data=True)
                 if relations is None or d.get("type") in relations]
    H = nx.MultiDiGraph()  # the page's graph, structure only
    H.add_nodes_from(keep)
    H.add_edges_from((u, v, k) for u, v, k, _ in edge_list)
    size = _sizes(H, size_by)

    coords = {}
    for n in keep:
        d = G.nodes[n]
        lat, lon = clean(d.get("latitude")), clean(d.get("longitude"))
        if lat is not None and lon is not None:
            coords[n] = (float(lat), float(lon))
    neighbours = {n: sorted(set(H.predecessors(n)) | set(H.successors(n))) for n in keep}
    gpos = geo_positions(keep, coords, neighbours)
    outlines = _county_outlines(reference_latitude(coords)) if coords else None
    spos = seed_positions(keep, neighbours)

    used_sources: set[str] = set()
    nodes = []
    for n in keep:
        d = G.nodes[n]
        props, prov = _split(d, ("kind", "name"))
        if prov.get("source"):
            used_sources.add(str(prov["source"]))
        gx, gy = gpos[n]
        sx, sy = spos[n]
        nodes.append({
            "id": n, "label": str(d.get("name") or n), "kind": d.get("kind"), "size": size[n],
            "county": county_of.get(n), "acts": acts_of.get(n, []), "gx": gx, "gy": gy, "sx": sx, "sy": sy,
            "geo": n in coords, "actor": d.get("kind") in schema.ACTOR_KINDS, "props": props, "prov": prov,
        })
    pair_count: Counter = Counter()
    edges = []
    for u, v, k, d in edge_list:
        pair = tuple(sorted((u, v)))
        idx = pair_count[pair]
        pair_count[pair] += 1
        props, prov = _split(d, ("type",))
        if prov.get("source"):
            used_sources.add(str(prov["source"]))
        edges.append({"id": str(k), "from": u, "to": v, "type": d.get("type"), "props": props, "prov": prov,
                      "bend": idx})

    sources = {}
    for s in sorted(used_sources):
        if s in G:
            props, _ = _split(G.nodes[s], ("kind",))
            sources[s] = props
    kind_count = Counter(G.nodes[n].get("kind") for n in keep)
    rel_count = Counter(e["type"] for e in edges)
    county_names = {c: str(G.nodes[c].get("name") or c) for c in set(county_of.values()) if c}
    county_count = Counter(county_of.get(n) for n in keep)
    act_count = Counter(a for n in keep for a in acts_of.get(n, []) if G.nodes[n].get("kind") != EDQUIST_KIND)
    filters = {"kind": kinds, "relation": relations, "activity": acts, "county": counties}
    return {
        "title": title or "innosys network explorer",
        "layout": "geo" if geo else "force",
        "sizeBy": size_by,
        "filters": {k: v for k, v in filters.items() if v},
        "nodes": nodes,
        "edges": edges,
        "sources": sources,
        "kinds": [{"name": s.name, "colour": s.colour, "shape": s.shape, "doc": s.doc, "count": kind_count[s.name]}
                  for s in KIND_STYLES.values() if kind_count[s.name]],
        "relations": [{"name": s.name, "colour": s.colour, "dashes": list(s.dashes), "arrows": s.arrows,
                       "doc": s.doc, "count": rel_count[s.name]}
                      for s in RELATION_STYLES.values() if rel_count[s.name]],
        "activities": [{"number": a.number, "name": a.name, "group": a.group, "count": act_count[a.number]}
                       for a in schema.EDQUIST_ACTIVITIES],
        "counties": sorted(({"id": c, "name": county_names[c], "count": county_count[c]}
                            for c in county_names if county_count[c]), key=lambda c: (c["name"], c["id"])),
        "noCounty": county_count[None],
        "geoCount": len(coords),
        "outlines": outlines,
        "mapCredit": CREDIT_NOTE if outlines else "",
        "counts": {"nodes": len(nodes), "edges": len(edges)},
        "physics": physics_settings(len(nodes)),
    }


def _county_outlines(ref_lat: float) -> str:
    """County borders as SVG path data in the geographic layout's coordinates (drawn under the nodes)."""
    return county_outlines(lambda lon, lat: project(lat, lon, ref_lat))  # project works on arrays too


def network_explorer(G: nx.MultiDiGraph | None = None, *, kind=None, relation=None, activity=None,
                     county=None, geo: bool = False, size_by: str = "degree",
                     title: str | None = None) -> Page:
    """The network explorer page for ``G`` (default: the shipped dataset's graph).

    Nodes are coloured by kind and sized by ``size_by`` centrality ("degree"
    or "betweenness") within the page's graph; edges are styled by relation
    type.  ``geo=True`` starts in the geographic layout (the page can switch).

    >>> page = network_explorer(kind=["Municipality", "County"], county="Rogaland", geo=True)
    >>> page.info["nodes"] >= 24          # Rogaland's 23 municipalities and the county itself
    True
    >>> import tempfile; path = page.write(tempfile.mkdtemp() + "/rogaland.html")
    """
    if G is None:
        from innosys.graph import load_graph

        G = load_graph()
    data = network_data(G, kind=kind, relation=relation, activity=activity, county=county, geo=geo,
                        size_by=size_by, title=title)
    body = render(template("network.html"), title=html.escape(data["title"]))
    text = document(title=data["title"], body=body, data=data,
                    styles=[assets.vis_css(), template("base.css"), template("network.css")],
                    scripts=[assets.vis_js(), template("common.js"), template("network.js")])
    return Page(text, title=data["title"], kind="network", info=dict(data["counts"]))
