"""Counts that describe a graph: nodes per kind, edges per type, actors per activity.

>>> from innosys.graph import load_graph
>>> from innosys.graph.summary import counts
>>> counts(load_graph())["nodes"] > 0
True
"""

from __future__ import annotations

from collections import Counter

import networkx as nx

from innosys import schema


def counts(G: nx.MultiDiGraph) -> dict:
    """Plain-data summary: totals, nodes per kind, relations per type, actors per Edquist activity."""
    kinds = Counter(k for _, k in G.nodes(data="kind"))
    types = Counter(t for *_, t in G.edges(data="type"))
    per_activity: dict[int, set[str]] = {a.number: set() for a in schema.EDQUIST_ACTIVITIES}
    for u, _, d in G.edges(data=True):
        if d.get("type") == "PERFORMS":
            per_activity[d["activity"]].add(u)
    return {
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "node_kinds": {k: kinds[k] for k in schema.NODE_KINDS if kinds[k]},
        "relation_types": {t: types[t] for t in schema.RELATION_TYPES if types[t]},
        "activities": {str(a.number): len(per_activity[a.number]) for a in schema.EDQUIST_ACTIVITIES},
        "process_rows": len(G.graph.get("process", [])),
        "observations": len(G.graph.get("observations", [])),
        "sources": sorted(n for n, k in G.nodes(data="kind") if k == "Source"),
    }
