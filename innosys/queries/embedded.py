"""Embedded (networkx/pandas) implementations of the catalogue queries.

Each function takes the graph from :func:`innosys.graph.to_graph` and the
query's parameters (already converted and defaulted) and returns a DataFrame
with exactly the columns of the Cypher version.  They reuse the analytics in
:mod:`innosys.graph`.

>>> from innosys.graph import load_graph
>>> df = IMPLEMENTATIONS["activities-uncovered"](load_graph(), kind="Municipality")
>>> list(df.columns)
['activity', 'activity_name', 'group']
"""

from __future__ import annotations

from collections.abc import Callable

import networkx as nx
import pandas as pd

from innosys import schema
from innosys.graph import (
    activities_performed_by_none,
    activity_coverage,
    actor_network,
    actors_per_activity,
    brokers,
    county_of,
)

IMPLEMENTATIONS: dict[str, Callable[..., pd.DataFrame]] = {}

#: Longest chain influence-chains follows (the Cypher pattern's upper bound).
MAX_CHAIN = 8


def implements(name: str):
    def register(fn):
        IMPLEMENTATIONS[name] = fn
        return fn
    return register


def frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    """Object columns, so ints stay ints and missing values are None (as from Neo4j)."""
    data = {c: pd.Series([r.get(c) for r in rows], dtype=object) for c in columns}
    return pd.DataFrame(data, columns=columns)


def _clean(value):
    """pandas/numpy scalars and missing values -> plain Python."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and value != value:
        return None
    if hasattr(value, "item") and not isinstance(value, list | tuple):
        return value.item()
    return value


def _records(df: pd.DataFrame) -> list[dict]:
    return [{k: _clean(v) for k, v in zip(df.columns, row)} for row in df.itertuples(index=False, name=None)]


def _name(G, node):
    return G.nodes[node].get("name") if node in G else None


def _edges(G, types=None):
    for u, v, d in G.edges(data=True):
        if types is None or d.get("type") in types:
            yield u, v, d


def _actors(G, spec: str) -> list[str]:
    """An id or an actor kind -> actor ids (as the Cypher ``s.id = $x OR s.kind = $x``)."""
    return [n for n, d in G.nodes(data=True)
            if d.get("kind") in schema.ACTOR_KINDS and (n == spec or d.get("kind") == spec)]


# ---------------------------------------------------------------------------
# Edquist activities
# ---------------------------------------------------------------------------


@implements("activity-actors")
def activity_actors(G, activity=None):
    df = actors_per_activity(G)
    if activity is not None:
        df = df[df["activity"] == activity]
    cols = ["activity", "activity_name", "group", "actor_id", "actor_name", "actor_kind",
            "evidence", "confidence", "source", "lines"]
    return frame(_records(df), cols)


@implements("activity-coverage")
def activity_coverage_lists(G, kind="Municipality"):
    cov = activity_coverage(G, kind, only_active=True)
    nums = [a.number for a in schema.EDQUIST_ACTIVITIES]
    rows = []
    for rec in _records(cov):
        acts = [n for n in nums if rec[n]]
        rows.append({"id": rec["id"], "name": rec["name"], "activities": acts, "count": len(acts)})
    return frame(rows, ["id", "name", "activities", "count"])


@implements("activities-uncovered")
def activities_uncovered(G, kind="Municipality"):
    nums = activities_performed_by_none(G, kind)
    rows = [{"activity": n, "activity_name": schema.EDQUIST_BY_NUMBER[n].name,
             "group": schema.EDQUIST_BY_NUMBER[n].group} for n in nums]
    return frame(rows, ["activity", "activity_name", "group"])


@implements("activity-kinds")
def activity_kinds(G):
    df = actors_per_activity(G)
    rows = []
    for (num, kind), part in df.groupby(["activity", "actor_kind"]):
        rows.append({"activity": int(num), "activity_name": schema.EDQUIST_BY_NUMBER[int(num)].name,
                     "actor_kind": kind, "actors": int(part["actor_id"].nunique())})
    return frame(rows, ["activity", "activity_name", "actor_kind", "actors"])


# ---------------------------------------------------------------------------
# The actor network
# ---------------------------------------------------------------------------


@implements("brokers")
def brokers_query(G, source="ks", target="Municipality"):
    src, tgt = _actors(G, source), _actors(G, target)
    cols = ["id", "name", "kind", "brokerage"]
    if not src or not tgt:
        return frame([], cols)
    df = brokers(G, src, tgt)
    rows = _records(df)
    for r in rows:
        r["brokerage"] = round(float(r["brokerage"]), 9)
    return frame(rows, cols)


@implements("shortest-paths")
def shortest_paths(G, source="ks", target="husbanken"):
    H = actor_network(G)
    cols = ["length", "path", "names"]
    if source == target or source not in H or target not in H:
        return frame([], cols)
    try:
        paths = list(nx.all_shortest_paths(H, source, target))
    except nx.NetworkXNoPath:
        paths = []
    rows = [{"length": len(p) - 1, "path": list(p), "names": [_name(G, n) for n in p]} for p in paths]
    return frame(rows, cols)


@implements("ego-network")
def ego_network_query(G, actor="ks"):
    # as innosys.graph.ego_table, but keeping the year an int (ego_table's frame makes it float)
    rows = []
    for direction, edges in (("out", G.out_edges(actor, data=True)), ("in", G.in_edges(actor, data=True))):
        for u, v, d in edges:
            other = v if direction == "out" else u
            rows.append({"direction": direction, "type": d.get("type"), "other_id": other,
                         "other_name": _name(G, other), "other_kind": G.nodes[other].get("kind"),
                         "year": d.get("year"), "source": d.get("source"), "lines": d.get("lines")})
    cols = ["direction", "type", "other_id", "other_name", "other_kind", "year", "source", "lines"]
    return frame(rows, cols)


@implements("actor-degree")
def actor_degree(G, kind=None, min_degree=1):
    H = actor_network(G)
    rows = []
    for n in H:
        d = H.nodes[n]
        if kind is not None and d.get("kind") != kind:
            continue
        degree = H.degree(n)
        if min_degree is not None and degree < min_degree:
            continue
        rows.append({"id": n, "name": d.get("name"), "kind": d.get("kind"), "degree": degree,
                     "relations": int(H.degree(n, weight="weight"))})
    return frame(rows, ["id", "name", "kind", "degree", "relations"])


@implements("group-members")
def group_members(G, kinds=("Network", "IntermunicipalCompany"), relations=("MEMBER_OF", "OWNS", "PARTICIPATES_IN")):
    kinds, relations = set(kinds or ()), set(relations or ())
    rows = []
    for u, v, d in _edges(G, relations):
        if G.nodes[v].get("kind") in kinds:
            rows.append({"group_id": v, "group_name": _name(G, v), "group_kind": G.nodes[v].get("kind"),
                         "member_id": u, "member_name": _name(G, u), "member_kind": G.nodes[u].get("kind"),
                         "relation": d["type"], "year": d.get("year"), "year_end": d.get("year_end"),
                         "role": d.get("role")})
    return frame(rows, ["group_id", "group_name", "group_kind", "member_id", "member_name", "member_kind",
                        "relation", "year", "year_end", "role"])


# ---------------------------------------------------------------------------
# Innovations and their diffusion
# ---------------------------------------------------------------------------


@implements("adopters")
def adopters(G, innovation="inn:samveis", statuses=None):
    rows = []
    for u, v, d in _edges(G, {"ADOPTED"}):
        if v != innovation or (statuses is not None and d.get("status") not in statuses):
            continue
        via = d.get("via_id")
        rows.append({"adopter_id": u, "adopter_name": _name(G, u), "adopter_kind": G.nodes[u].get("kind"),
                     "status": d.get("status"), "depth": d.get("depth"), "year_start": d.get("year_start"),
                     "year_end": d.get("year_end"), "channel": d.get("channel"), "via_id": via,
                     "via_name": _name(G, via) if via is not None else None,
                     "source": d.get("source"), "lines": d.get("lines")})
    return frame(rows, ["adopter_id", "adopter_name", "adopter_kind", "status", "depth", "year_start",
                        "year_end", "channel", "via_id", "via_name", "source", "lines"])


@implements("adoption-overview")
def adoption_overview(G, kind=None):
    seen: dict[tuple[str, str], set[str]] = {}
    for u, v, d in _edges(G, {"ADOPTED"}):
        if kind is not None and G.nodes[u].get("kind") != kind:
            continue
        seen.setdefault((v, d.get("status")), set()).add(u)
    rows = [{"innovation_id": i, "innovation_name": _name(G, i), "status": s, "adopters": len(a)}
            for (i, s), a in seen.items()]
    return frame(rows, ["innovation_id", "innovation_name", "status", "adopters"])


def _maximal_chains(G, rtype: str) -> list[list[str]]:
    D = nx.DiGraph()
    D.add_edges_from((u, v) for u, v, _ in _edges(G, {rtype}))
    chains = []

    def extend(path: list[str]) -> None:
        if len(path) > 1:
            start, end = path[0], path[-1]
            on = set(path)
            if not any(x not in on for x in D.predecessors(start)) and not any(y not in on for y in D.successors(end)):
                chains.append(list(path))
        if len(path) - 1 >= MAX_CHAIN:
            return
        for nxt in D.successors(path[-1]):
            if nxt not in path:
                path.append(nxt)
                extend(path)
                path.pop()

    for start in D.nodes:
        extend([start])
    return chains


@implements("influence-chains")
def influence_chains(G):
    rows = []
    for rtype in ("INSPIRED_BY", "COPIED_FROM"):
        for path in _maximal_chains(G, rtype):
            rows.append({"relation": rtype, "length": len(path) - 1, "path": path,
                         "names": [_name(G, n) for n in path]})
    return frame(rows, ["relation", "length", "path", "names"])


@implements("diffusion-events")
def diffusion_events(G, innovation=None, types=None, innovation_kinds=schema.INNOVATION_KINDS):
    types = set(types or ())
    ikinds = set(innovation_kinds or ())
    rows = []
    for u, v, d in _edges(G, types):
        inn = d.get("innovation_id")
        if inn is None:
            if G.nodes[v].get("kind") in ikinds:
                inn = v
            elif G.nodes[u].get("kind") in ikinds:
                inn = u
        if inn is None or (innovation is not None and inn != innovation):
            continue
        year = d.get("year") if d.get("year") is not None else d.get("year_start")
        rows.append({"innovation_id": inn, "innovation_name": _name(G, inn), "event": d["type"],
                     "status": d.get("status"), "from_id": u, "from_name": _name(G, u), "to_id": v,
                     "to_name": _name(G, v), "year": year, "channel": d.get("channel")})
    return frame(rows, ["innovation_id", "innovation_name", "event", "status", "from_id", "from_name", "to_id",
                        "to_name", "year", "channel"])


@implements("innovation-actors")
def innovation_actors(G, innovation=None, relations=None, innovation_kinds=schema.INNOVATION_KINDS):
    relations, ikinds = set(relations or ()), set(innovation_kinds or ())
    rows = []
    for u, v, d in _edges(G, relations):
        if G.nodes[u].get("kind") not in schema.ACTOR_KINDS or G.nodes[v].get("kind") not in ikinds:
            continue
        if innovation is not None and v != innovation:
            continue
        rows.append({"innovation_id": v, "innovation_name": _name(G, v), "innovation_kind": G.nodes[v]["kind"],
                     "relation": d["type"], "actor_id": u, "actor_name": _name(G, u),
                     "actor_kind": G.nodes[u]["kind"], "year": d.get("year"), "role": d.get("role")})
    return frame(rows, ["innovation_id", "innovation_name", "innovation_kind", "relation", "actor_id",
                        "actor_name", "actor_kind", "year", "role"])


# ---------------------------------------------------------------------------
# Municipalities and counties
# ---------------------------------------------------------------------------


def _counties(G, municipality: str) -> list[str]:
    # an anonymised municipality stands for one already counted: it belongs to no county's count
    county = None if G.nodes[municipality].get("anonymised") else county_of(G, municipality)
    return [county] if county else []


def _statuses(G, municipality: str, innovation: str) -> list[str]:
    return sorted({d.get("status") for _, v, d in G.out_edges(municipality, data=True)
                   if d.get("type") == "ADOPTED" and v == innovation and d.get("status") is not None})


@implements("county-adoption")
def county_adoption(G, innovation="inn:samveis", statuses=("adopted", "piloted")):
    wanted = set(statuses or ())
    members: dict[str, set[str]] = {n: set() for n, k in G.nodes(data="kind") if k == "County"}
    for m, k in G.nodes(data="kind"):
        if k == "Municipality":
            for c in _counties(G, m):
                members[c].add(m)
    rows = []
    for c, ms in members.items():
        adopting = [m for m in ms if wanted & set(_statuses(G, m, innovation))]
        pop = sum(G.nodes[m].get("population") or 0 for m in ms)
        rows.append({"county_id": c, "county_name": _name(G, c), "municipalities": len(ms), "population": pop,
                     "adopters": len(adopting),
                     "adopter_share": (len(adopting) / len(ms)) if ms else None})
    return frame(rows, ["county_id", "county_name", "municipalities", "population", "adopters", "adopter_share"])


@implements("network-coverage")
def network_coverage(G, structure="net:ks-samstyring"):
    """Per county: municipalities in a regional network (one PART_OF ``structure``), and how surely."""
    regional = {u for u, v, d in G.edges(data=True) if d.get("type") == "PART_OF" and v == structure}
    rows = []
    for c in sorted(n for n, k in G.nodes(data="kind") if k == "County"):
        ms = {m for m, _, d in G.in_edges(c, data=True)
              if d.get("type") == "LOCATED_IN" and G.nodes[m].get("kind") == "Municipality"}
        links = {m: [(d.get("confidence"), v) for _, v, d in G.out_edges(m, data=True)
                     if d.get("type") == "MEMBER_OF" and v in regional] for m in ms}
        members = [m for m, ls in links.items() if ls]
        sure = [m for m, ls in links.items() if any(conf in ("stated", "derived") for conf, _ in ls)]
        rows.append({"county_id": c, "county_name": _name(G, c), "municipalities": len(ms),
                     "members": len(members), "members_stated_or_derived": len(sure),
                     "member_share": len(members) / len(ms) if ms else None,
                     "networks": len({v for ls in links.values() for _, v in ls})})
    return frame(rows, ["county_id", "county_name", "municipalities", "members", "members_stated_or_derived",
                        "member_share", "networks"])


@implements("municipality-adoption")
def municipality_adoption(G, innovation="inn:samveis", adopters_only=False):
    rows = []
    for m, d in G.nodes(data=True):
        if d.get("kind") != "Municipality":
            continue
        st = _statuses(G, m, innovation)
        if adopters_only and not st:
            continue
        for c in _counties(G, m) or [None]:
            rows.append({"county_id": c, "county_name": _name(G, c) if c else None, "id": m, "name": d.get("name"),
                         "population": d.get("population"), "size_class": d.get("size_class"), "statuses": st})
    return frame(rows, ["county_id", "county_name", "id", "name", "population", "size_class", "statuses"])


# ---------------------------------------------------------------------------
# Records: process, observations, simulation results
# ---------------------------------------------------------------------------


@implements("process")
def process(G, innovation="inn:samveis", aspect=None):
    rows = []
    for rec in G.graph.get("process", []):
        if rec.get("innovation_id") != innovation or (aspect is not None and rec.get("aspect") != aspect):
            continue
        actor = rec.get("actor_id")
        rows.append({**{k: rec.get(k) for k in ("aspect", "phase", "label", "actor_id", "year_start", "year_end",
                                                 "description", "source", "lines")},
                     "actor_name": _name(G, actor) if actor else None})
    return frame(rows, ["aspect", "phase", "label", "actor_id", "actor_name", "year_start", "year_end",
                        "description", "source", "lines"])


@implements("observations")
def observations(G, subject=None, innovation=None):
    rows = []
    for rec in G.graph.get("observations", []):
        if subject is not None and rec.get("subject_id") != subject:
            continue
        if innovation is not None and rec.get("innovation_id") != innovation:
            continue
        rows.append({**{k: rec.get(k) for k in ("id", "subject_id", "metric", "value", "qualifier", "year",
                                                 "innovation_id", "description", "source", "lines")},
                     "subject_name": _name(G, rec.get("subject_id"))})
    return frame(rows, ["id", "subject_id", "subject_name", "metric", "value", "qualifier", "year",
                        "innovation_id", "description", "source", "lines"])


@implements("simulation-results")
def simulation_results(G, scenario=None, results=None):
    from innosys.diffusion.result_dir import read_result, unit_records

    if results is None:
        raise ValueError("the embedded backend reads simulation results from a result directory: "
                         "pass results=DIR (or use --backend neo4j after `innosys neo4j write-results DIR`)")
    res = read_result(results, ("units",))
    rows = []
    if scenario is None or res.scenario == scenario:
        for u in unit_records(res):
            uid = u["unit_id"]
            if uid not in G:
                continue  # write-results skips units the graph does not have
            rows.append({"scenario": res.scenario, "innovation_id": res.summary.get("innovation_id"),
                         "unit_id": uid, "unit_name": _name(G, uid), "unit_kind": G.nodes[uid].get("kind"),
                         "probability": u["adoption_probability"], "median_step": u["median_step"],
                         "mean_step": u["mean_step"], "category": u["category"],
                         "main_channel": u["main_channel"]})
    return frame(rows, ["scenario", "innovation_id", "unit_id", "unit_name", "unit_kind", "probability",
                        "median_step", "mean_step", "category", "main_channel"])
