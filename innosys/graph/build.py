"""Tables <-> networkx MultiDiGraph.

Nodes are the rows of sources.csv, actors.csv and innovations.csv plus the ten
Edquist activities from the schema; node attributes are the row's non-empty
columns (``kind`` included).  Edges are the rows of relations.csv,
activities.csv (type PERFORMS, to ``edquist:N``) and adoptions.csv (type
ADOPTED); the edge key is a stable id derived from the row, so loading the same
data twice gives the same keys.  process.csv and observations.csv are kept as
records in ``G.graph``.
"""

from __future__ import annotations

import hashlib
import json

import networkx as nx
import pandas as pd

from innosys import schema
from innosys.io.dataset import Dataset, frame_from_records, records_from_frame

GRAPH_TABLES = ("process", "observations")


def edge_id(table: str, rec: dict) -> str:
    """Stable id of an edge row: a hash of all its values."""
    payload = json.dumps({k: rec[k] for k in sorted(rec)}, sort_keys=True, ensure_ascii=False, default=str)
    return f"{table[:3]}:{hashlib.sha1(payload.encode('utf-8')).hexdigest()[:16]}"


def _edge_ends(table: str, rec: dict) -> tuple[str, str]:
    if table == "relations":
        return rec["from_id"], rec["to_id"]
    if table == "activities":
        return rec["actor_id"], schema.EDQUIST_BY_NUMBER[rec["activity"]].node_id
    return rec["adopter_id"], rec["innovation_id"]


def to_graph(data: Dataset | dict[str, pd.DataFrame]) -> nx.MultiDiGraph:
    """Build the actor graph from validated tables.

    >>> from innosys.io import load_dataset
    >>> G = to_graph(load_dataset())
    >>> G.nodes["edquist:5"]["kind"]
    'EdquistActivity'
    """
    tables = data.tables if isinstance(data, Dataset) else data
    G = nx.MultiDiGraph()
    for a in schema.EDQUIST_ACTIVITIES:
        G.add_node(a.node_id, kind="EdquistActivity", name=a.name, number=a.number, group=a.group)
    for table in schema.NODE_TABLES:
        for rec in records_from_frame(tables[table]):
            node_id = rec.pop("id")
            if table == "sources":
                rec["kind"] = "Source"
            G.add_node(node_id, **rec)
    order: dict[str, list[str]] = {}
    for table in schema.EDGE_TABLES:
        keys = order.setdefault(table, [])
        rtype = schema.relation_type_for_table(table)
        seen: dict[str, int] = {}
        for rec in records_from_frame(tables[table]):
            u, v = _edge_ends(table, rec)
            key = edge_id(table, rec)
            seen[key] = seen.get(key, 0) + 1
            if seen[key] > 1:  # an exact duplicate row: keep it, distinctly
                key = f"{key}.{seen[key]}"
            attrs = {k: val for k, val in rec.items() if k not in ("from_id", "to_id")}
            if rtype:
                attrs["type"] = rtype
            G.add_edge(u, v, key=key, **attrs)
            keys.append(key)
    for table in GRAPH_TABLES:
        G.graph[table] = records_from_frame(tables[table])
    G.graph["edge_order"] = order
    return G


def _edge_table(attrs: dict) -> str:
    return schema.RELATION_TYPES[attrs["type"]].table


def to_tables(G: nx.MultiDiGraph) -> dict[str, pd.DataFrame]:
    """The inverse of :func:`to_graph`: ``to_tables(to_graph(t))`` equals ``t``.

    Edge rows come back in their original order when the graph remembers it
    (``G.graph['edge_order']``), otherwise sorted by edge key.
    """
    nodes: dict[str, list[dict]] = {t: [] for t in schema.NODE_TABLES}
    for node_id, attrs in G.nodes(data=True):
        kind = attrs.get("kind")
        if kind == "EdquistActivity":
            continue
        rec = {"id": node_id, **attrs}
        if kind == "Source":
            rec.pop("kind")
            nodes["sources"].append(rec)
        else:
            nodes[schema.NODE_KINDS[kind].table].append(rec)
    edges: dict[str, dict[str, dict]] = {t: {} for t in schema.EDGE_TABLES}
    for u, v, key, attrs in G.edges(keys=True, data=True):
        table = _edge_table(attrs)
        rec = dict(attrs)
        if table == "relations":
            rec["from_id"], rec["to_id"] = u, v
        else:
            rec.pop("type")
        edges[table][key] = rec
    order = G.graph.get("edge_order", {})
    out = {t: frame_from_records(t, recs) for t, recs in nodes.items()}
    for table, by_key in edges.items():
        keys = order.get(table)
        if keys is None or set(keys) != set(by_key):
            keys = sorted(by_key)
        out[table] = frame_from_records(table, [by_key[k] for k in keys])
    for table in GRAPH_TABLES:
        out[table] = frame_from_records(table, G.graph.get(table, []))
    return {t: out[t] for t in schema.TABLE_ORDER}


def load_graph(path=None) -> nx.MultiDiGraph:
    """Load and validate a data directory (default: the shipped dataset) as a graph."""
    from innosys.io import load_dataset

    return to_graph(load_dataset(path))
