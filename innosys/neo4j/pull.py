"""Read the innosys graph back from Neo4j into the networkx structure of :func:`innosys.graph.to_graph`.

After ``load(G, db)``, ``pull(db)`` returns a graph identical to ``G``: the
same nodes with the same attributes (and types: ints stay ints), the same edge
keys and attributes, the same ``process``/``observations`` records and the same
``edge_order``.  Only nodes labelled ``Innosys`` that carry an ``id`` are
graph nodes; records and simulation results hang off them.

>>> # from innosys.neo4j import open_session, pull
>>> # with open_session() as db: G = pull(db)
"""

from __future__ import annotations

import networkx as nx

from innosys import schema
from innosys.neo4j.connection import Session
from innosys.neo4j.cypher import COMMON, EDGE_TABLE_ORDER, NODE_INTERNAL, OBSERVATION_ID, label

#: Node tables in the order to_graph adds them (Edquist activities first).
_TABLE_RANK = {"(schema)": 0, "sources": 1, "actors": 2, "innovations": 3}


def _column_order(kind: str) -> list[str]:
    if kind == "EdquistActivity":
        return ["kind", "name", "number", "group"]
    if kind == "Source":
        return [c for c in schema.TABLES["sources"].columns if c != "id"] + ["kind"]
    return [c for c in schema.TABLES[schema.NODE_KINDS[kind].table].columns if c != "id"]


def _ordered(attrs: dict, columns: list[str]) -> dict:
    out = {c: attrs[c] for c in columns if c in attrs}
    out.update({k: v for k, v in attrs.items() if k not in out})
    return out


def _big(seq) -> float:
    return float("inf") if seq is None else seq


def pull(db: Session) -> nx.MultiDiGraph:
    """The innosys graph stored in Neo4j, as a networkx MultiDiGraph."""
    c = label(COMMON)
    nodes = db.read(f"MATCH (n:{c}) WHERE n.id IS NOT NULL RETURN n.id AS id, properties(n) AS props")
    kinds: dict[str, str] = {}
    prepared = []
    for row in nodes:
        props = dict(row["props"])
        kind = props.get("kind")
        if kind not in schema.NODE_KINDS:
            raise ValueError(f"Neo4j node {row['id']!r} has kind {kind!r}, which is not in the schema")
        seq = props.get("seq")
        for k in NODE_INTERNAL:
            props.pop(k, None)
        kinds[row["id"]] = kind
        rank = _TABLE_RANK.get(schema.NODE_KINDS[kind].table, 9)
        prepared.append(((rank, _big(seq), row["id"]), row["id"], _ordered(props, _column_order(kind))))
    G = nx.MultiDiGraph()
    for _, node_id, attrs in sorted(prepared, key=lambda t: t[0]):
        G.add_node(node_id, **attrs)

    types = list(schema.RELATION_TYPES)
    rels = db.read(
        f"MATCH (a:{c})-[r]->(b:{c}) WHERE a.id IS NOT NULL AND b.id IS NOT NULL AND type(r) IN $types "
        "RETURN a.id AS u, b.id AS v, type(r) AS type, properties(r) AS props", types=types)
    edges = []
    for row in rels:
        props = dict(row["props"])
        key = props.pop("key", None)
        seq = props.pop("seq", None)
        if key is None:
            raise ValueError(f"a {row['type']} relationship {row['u']} -> {row['v']} in Neo4j has no key")
        table = schema.RELATION_TYPES[row["type"]].table
        cols = [col for col in schema.TABLES[table].columns if col not in ("from_id", "to_id")]
        if table == "relations":  # to_graph keeps the row's columns, ``type`` among them
            attrs = _ordered({**props, "type": row["type"]}, cols)
        else:  # to_graph appends the table's single type
            attrs = {**_ordered(props, cols), "type": row["type"]}
        edges.append(((EDGE_TABLE_ORDER.index(table), _big(seq), key), table, row["u"], row["v"], key, attrs))
    order: dict[str, list[str]] = {t: [] for t in EDGE_TABLE_ORDER}
    for _, table, u, v, key, attrs in sorted(edges, key=lambda t: t[0]):
        G.add_edge(u, v, key=key, **attrs)
        order[table].append(key)

    G.graph["process"] = _records(db, "ProcessRecord", "process")
    G.graph["observations"] = _records(db, "Observation", "observations")
    G.graph["edge_order"] = order
    return G


def _records(db: Session, record_label: str, table: str) -> list[dict]:
    rows = db.read(f"MATCH (p:{label(COMMON)}:{label(record_label)}) RETURN properties(p) AS props")
    out = []
    for row in rows:
        props = dict(row["props"])
        key = props.pop("key", None)
        seq = props.pop("seq", None)
        if table == "observations" and OBSERVATION_ID in props:
            props["id"] = props.pop(OBSERVATION_ID)
        out.append(((_big(seq), str(key)), _ordered(props, list(schema.TABLES[table].columns))))
    return [rec for _, rec in sorted(out, key=lambda t: t[0])]
