"""Comparisons used by the Neo4j tests: typed attributes, edge multisets, query rows."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import networkx as nx

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "sample"


def typed(value):
    """A value with its type, so that 1 and 1.0 (or True and 1) compare unequal."""
    if isinstance(value, list):
        return ("list", tuple(typed(v) for v in value))
    if isinstance(value, dict):
        return ("dict", tuple(sorted((k, typed(v)) for k, v in value.items())))
    return (type(value).__name__, value)


def typed_nodes(G: nx.MultiDiGraph) -> dict:
    return {n: typed(d) for n, d in G.nodes(data=True)}


def typed_edges(G: nx.MultiDiGraph) -> dict:
    return {k: (u, v, typed(d)) for u, v, k, d in G.edges(keys=True, data=True)}


def edge_multiset(G: nx.MultiDiGraph) -> Counter:
    """Edges as (from, to, type, attributes) ignoring the edge key."""
    return Counter((u, v, d.get("type"), typed(d)) for u, v, d in G.edges(data=True))


def record_multiset(records: list[dict]) -> Counter:
    return Counter(typed(r) for r in records)


def assert_identical(G: nx.MultiDiGraph, H: nx.MultiDiGraph) -> None:
    """Same nodes and typed attributes, same edge keys and typed attributes, same graph records."""
    assert set(G.nodes) == set(H.nodes)
    tg, th = typed_nodes(G), typed_nodes(H)
    bad = [n for n in tg if tg[n] != th[n]]
    assert not bad, f"{len(bad)} nodes differ, e.g. {bad[0]!r}: {tg[bad[0]]} != {th[bad[0]]}"
    eg, eh = typed_edges(G), typed_edges(H)
    assert set(eg) == set(eh), f"edge keys differ: {sorted(set(eg) ^ set(eh))[:5]}"
    bad = [k for k in eg if eg[k] != eh[k]]
    assert not bad, f"{len(bad)} edges differ, e.g. {bad[0]!r}: {eg[bad[0]]} != {eh[bad[0]]}"
    assert typed(G.graph) == typed(H.graph)
    assert nx.utils.graphs_equal(G, H)


def _norm(value, digits: int = 9):
    if isinstance(value, float):
        return ("num", round(value, digits)) if math.isfinite(value) else ("num", value)
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, int):
        return ("int", value)
    if isinstance(value, list):
        return ("list", tuple(_norm(v, digits) for v in value))
    if value is None:
        return ("null", None)
    return (type(value).__name__, value)


def rows(df) -> list[tuple]:
    """Rows with typed, float-rounded values."""
    return [tuple(_norm(v) for v in row) for row in df.itertuples(index=False, name=None)]


def order_key(df, order) -> list[tuple]:
    """Per row, the ORDER BY key (nulls above everything, rounded floats)."""
    cols = list(df.columns)
    out = []
    for row in df.itertuples(index=False, name=None):
        key = []
        for col, desc in order:
            v = row[cols.index(col)]
            if isinstance(v, float):
                v = round(v, 9)
            if isinstance(v, list):
                v = tuple(v)
            k = (1, 0) if v is None else (0, v)
            key.append((k, desc))
        out.append(key)
    return out


def is_sorted(df, order) -> bool:
    keys = order_key(df, order)

    def cmp(a, b):
        for (ka, desc), (kb, _) in zip(a, b):
            if ka != kb:
                return (ka > kb) if desc else (ka < kb)
        return True

    return all(cmp(keys[i], keys[i + 1]) for i in range(len(keys) - 1))
