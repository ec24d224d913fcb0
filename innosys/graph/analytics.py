"""Network analytics as plain functions over the innosys graph.

Each function takes the MultiDiGraph built by :func:`innosys.graph.to_graph`
and returns a pandas DataFrame (or a graph).

>>> from innosys.graph import load_graph, centrality
>>> G = load_graph()
>>> list(centrality(G).columns)[:4]
['id', 'name', 'kind', 'degree']
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx
import pandas as pd

from innosys import schema

#: Relation types that join two actors (PERFORMS/ADOPTED and innovation links excluded).
ACTOR_RELATIONS = tuple(
    r.name for r in schema.RELATION_TYPES.values()
    if r.table == "relations" and set(r.from_kinds) & set(schema.ACTOR_KINDS)
    and set(r.to_kinds) & set(schema.ACTOR_KINDS)
)


def actor_ids(G: nx.MultiDiGraph, kinds: str | Iterable[str] | None = None) -> list[str]:
    """Ids of actor nodes, optionally of the given kind(s)."""
    if isinstance(kinds, str):
        kinds = (kinds,)
    wanted = set(kinds) if kinds is not None else set(schema.ACTOR_KINDS)
    return [n for n, k in G.nodes(data="kind") if k in wanted and k in schema.ACTOR_KINDS]


def actor_network(G: nx.MultiDiGraph, relation_types: Iterable[str] | None = None,
                  exclude: Iterable[str] = ("LOCATED_IN",)) -> nx.Graph:
    """Undirected simple graph of actors joined by relations; ``weight`` counts parallel relations.

    LOCATED_IN is left out by default: sharing a county is not a tie.
    """
    types = set(relation_types) if relation_types is not None else set(ACTOR_RELATIONS)
    types -= set(exclude)
    H = nx.Graph()
    actors = set(actor_ids(G))
    H.add_nodes_from((n, G.nodes[n]) for n in actors)
    for u, v, t in G.edges(data="type"):
        if t in types and u in actors and v in actors and u != v:
            if H.has_edge(u, v):
                H[u][v]["weight"] += 1
            else:
                H.add_edge(u, v, weight=1)
    return H


def _frame(G: nx.MultiDiGraph, values: dict[str, dict], columns: list[str]) -> pd.DataFrame:
    rows = [{"id": n, "name": G.nodes[n].get("name"), "kind": G.nodes[n].get("kind"), **v}
            for n, v in values.items()]
    return pd.DataFrame(rows, columns=["id", "name", "kind", *columns])


def centrality(G: nx.MultiDiGraph, relation_types: Iterable[str] | None = None) -> pd.DataFrame:
    """Degree, degree centrality and betweenness centrality per actor, most central first."""
    H = actor_network(G, relation_types)
    deg = nx.degree_centrality(H) if len(H) > 1 else {n: 0.0 for n in H}
    btw = nx.betweenness_centrality(H)
    values = {n: {"degree": H.degree(n), "degree_centrality": deg[n], "betweenness": btw[n]} for n in H}
    df = _frame(G, values, ["degree", "degree_centrality", "betweenness"])
    return df.sort_values(["betweenness", "degree", "id"], ascending=[False, False, True]).reset_index(drop=True)


def _resolve(G: nx.MultiDiGraph, spec: str | Iterable[str]) -> list[str]:
    """A kind name, a node id, or a list of node ids."""
    if isinstance(spec, str):
        if spec in schema.NODE_KINDS:
            return actor_ids(G, spec)
        spec = [spec]
    ids = list(spec)
    missing = [i for i in ids if i not in G]
    if missing:
        raise KeyError(f"unknown actor id(s): {', '.join(missing)}")
    return ids


def brokers(G: nx.MultiDiGraph, sources: str | Iterable[str], targets: str | Iterable[str],
            relation_types: Iterable[str] | None = None, top: int | None = None) -> pd.DataFrame:
    """Actors that lie on shortest paths between two groups (betweenness restricted to them).

    ``sources``/``targets`` are a kind name (e.g. ``"Municipality"``), an id or a list of ids.

    >>> from innosys.graph import load_graph
    >>> b = brokers(load_graph(), "ks", "Municipality")
    >>> "brokerage" in b.columns
    True
    """
    H = actor_network(G, relation_types)
    src = [n for n in _resolve(G, sources) if n in H]
    tgt = [n for n in _resolve(G, targets) if n in H]
    score = nx.betweenness_centrality_subset(H, src, tgt, normalized=False)
    ends = set(src) | set(tgt)
    values = {n: {"brokerage": s} for n, s in score.items() if s > 0 and n not in ends}
    df = _frame(G, values, ["brokerage"])
    df = df.sort_values(["brokerage", "id"], ascending=[False, True]).reset_index(drop=True)
    return df.head(top) if top else df


def components(G: nx.MultiDiGraph, relation_types: Iterable[str] | None = None) -> pd.DataFrame:
    """Connected component of every actor (0 = largest), with the component size."""
    H = actor_network(G, relation_types)
    comps = sorted(nx.connected_components(H), key=lambda c: (-len(c), min(c)))
    values = {n: {"component": i, "size": len(c)} for i, c in enumerate(comps) for n in sorted(c)}
    return _frame(G, values, ["component", "size"])


def ego_network(G: nx.MultiDiGraph, actor_id: str, radius: int = 1) -> nx.MultiDiGraph:
    """The subgraph within ``radius`` steps of an actor (either direction), activities and sources excluded."""
    if actor_id not in G:
        raise KeyError(f"unknown actor id: {actor_id}")
    keep = {n for n, k in G.nodes(data="kind") if k not in ("Source", "EdquistActivity")}
    U = G.subgraph(keep).to_undirected(as_view=True)
    near = nx.single_source_shortest_path_length(U, actor_id, cutoff=radius)
    return G.subgraph(near).copy()


def ego_table(G: nx.MultiDiGraph, actor_id: str) -> pd.DataFrame:
    """The direct relations of an actor as rows: direction, type, other node."""
    if actor_id not in G:
        raise KeyError(f"unknown actor id: {actor_id}")
    rows = []
    for direction, edges in (("out", G.out_edges(actor_id, data=True)), ("in", G.in_edges(actor_id, data=True))):
        for u, v, d in edges:
            other = v if direction == "out" else u
            rows.append({"direction": direction, "type": d.get("type"), "other_id": other,
                         "other_name": G.nodes[other].get("name"), "other_kind": G.nodes[other].get("kind"),
                         "year": d.get("year"), "source": d.get("source"), "lines": d.get("lines")})
    cols = ["direction", "type", "other_id", "other_name", "other_kind", "year", "source", "lines"]
    return pd.DataFrame(rows, columns=cols).sort_values(["type", "other_id", "direction"]).reset_index(drop=True)


def actors_per_activity(G: nx.MultiDiGraph) -> pd.DataFrame:
    """Every (Edquist activity, actor) pair with its evidence and citation."""
    rows = []
    for u, _, d in G.edges(data=True):
        if d.get("type") != "PERFORMS":
            continue
        act = schema.EDQUIST_BY_NUMBER[d["activity"]]
        rows.append({"activity": act.number, "activity_name": act.name, "group": act.group,
                     "actor_id": u, "actor_name": G.nodes[u].get("name"), "actor_kind": G.nodes[u].get("kind"),
                     "evidence": d.get("evidence"), "confidence": d.get("confidence"),
                     "source": d.get("source"), "lines": d.get("lines")})
    cols = ["activity", "activity_name", "group", "actor_id", "actor_name", "actor_kind",
            "evidence", "confidence", "source", "lines"]
    return pd.DataFrame(rows, columns=cols).sort_values(["activity", "actor_id", "lines"]).reset_index(drop=True)


def activity_coverage(G: nx.MultiDiGraph, actors: str | Iterable[str] = "Municipality",
                      only_active: bool = True) -> pd.DataFrame:
    """Matrix of actors x Edquist activities 1..10 (True where the actor performs it).

    ``actors`` is a kind or a list of ids; with ``only_active`` actors that
    perform no activity at all are left out.
    """
    ids = _resolve(G, actors)
    performed: dict[str, set[int]] = {n: set() for n in ids}
    for u, _, d in G.edges(data=True):
        if d.get("type") == "PERFORMS" and u in performed:
            performed[u].add(d["activity"])
    nums = [a.number for a in schema.EDQUIST_ACTIVITIES]
    rows = [{"id": n, "name": G.nodes[n].get("name"), **{a: a in acts for a in nums}}
            for n, acts in performed.items() if acts or not only_active]
    df = pd.DataFrame(rows, columns=["id", "name", *nums])
    return df.sort_values("id").reset_index(drop=True)


def activities_performed_by_none(G: nx.MultiDiGraph, actors: str | Iterable[str] = "Municipality") -> list[int]:
    """Edquist activity numbers that none of the given actors performs."""
    cov = activity_coverage(G, actors, only_active=False)
    return [a.number for a in schema.EDQUIST_ACTIVITIES if not cov[a.number].any()]


def county_of(G: nx.MultiDiGraph, node: str) -> str | None:
    """The County ``node`` lies in, or None — the one rule every part of innosys uses.

    A County lies in itself; otherwise the first County the node is LOCATED_IN (ids sorted); a Region
    it is LOCATED_IN is followed (LOCATED_IN, PART_OF, MERGED_INTO) to its County; a node with a
    ``county_number`` and no such relation lies in the County with that number.

    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from([("c:1", {"kind": "County"}), ("r:9", {"kind": "Region"}),
    ...                   ("m:1", {"kind": "Municipality"}), ("a:1", {"kind": "Agency", "county_number": 1})])
    >>> G.add_edge("m:1", "r:9", type="LOCATED_IN"); G.add_edge("r:9", "c:1", type="PART_OF")
    0
    0
    >>> G.nodes["c:1"]["county_number"] = 1
    >>> county_of(G, "m:1"), county_of(G, "a:1"), county_of(G, "c:1"), county_of(G, "r:9")
    ('c:1', 'c:1', 'c:1', 'c:1')
    """
    if node not in G:
        return None
    nodes = G.nodes
    if nodes[node].get("kind") == "County":
        return node
    targets = sorted(v for _, v, t in G.out_edges(node, data="type") if t == "LOCATED_IN")
    for v in targets:
        if nodes[v].get("kind") == "County":
            return v
    for v in [*targets, node]:
        if nodes[v].get("kind") == "Region":
            up = sorted(w for _, w, t in G.out_edges(v, data="type")
                        if t in ("LOCATED_IN", "PART_OF", "MERGED_INTO") and nodes[w].get("kind") == "County")
            if up:
                return up[0]
    number = nodes[node].get("county_number")
    if number is not None and str(number).strip():
        for n, k in G.nodes(data="kind"):
            if k == "County" and str(nodes[n].get("county_number")) == str(number):
                return n
    return None


def place_of(G: nx.MultiDiGraph, node: str) -> str | None:
    """:func:`county_of`, else the Region the node lies in (a place without a known County)."""
    county = county_of(G, node)
    if county is not None:
        return county
    regions = sorted(v for _, v, t in G.out_edges(node, data="type")
                     if t == "LOCATED_IN" and G.nodes[v].get("kind") == "Region") if node in G else []
    return regions[0] if regions else None
