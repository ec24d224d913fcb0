"""Load the innosys graph into Neo4j: constraints first, then UNWIND batches with MERGE.

Every node gets the label ``Innosys`` plus its kind label (and ``Actor`` for
actor kinds) and MERGEs on ``id``; every relationship MERGEs on its stable
``key`` (the graph's edge key).  Rows of process.csv and observations.csv
become ``:Innosys:ProcessRecord`` / ``:Innosys:Observation`` nodes linked to
what they are about.  Each batch is one managed write transaction
(``session.execute_write``, retried by the driver on transient errors), so a
load is idempotent: loading twice, or re-running an interrupted load, gives
the same graph as one clean load.  With ``prune`` (the default) innosys data
that is no longer in ``G`` is removed afterwards, so Neo4j mirrors ``G``.

Labels and relationship types come only from the schema whitelist
(:func:`innosys.neo4j.cypher.label`); all values travel as parameters.

>>> # from innosys.graph import load_graph
>>> # from innosys.neo4j import open_session, load
>>> # with open_session() as db: report = load(load_graph(), db)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import networkx as nx

from innosys import schema
from innosys.graph.build import edge_id
from innosys.neo4j.connection import Session
from innosys.neo4j.cypher import (
    COMMON,
    EDGE_TABLE_ORDER,
    NODE_INTERNAL,
    OBSERVATION_ID,
    REL_INTERNAL,
    kind_labels,
    label,
    rel_type,
    schema_statements,
    stale_labels,
)

#: The batch size used when none is given.
DEFAULT_BATCH_SIZE = 1000


@dataclass
class LoadReport:
    """What a load did: counts written and pruned, batches committed."""

    nodes: int = 0
    relationships: int = 0
    process_records: int = 0
    observations: int = 0
    batches: int = 0
    wiped: int = 0
    pruned: dict[str, int] = field(default_factory=dict)

    def __str__(self) -> str:
        pruned = sum(self.pruned.values())
        return (f"{self.nodes} nodes, {self.relationships} relationships, {self.process_records} process "
                f"records, {self.observations} observations in {self.batches} batches"
                + (f"; wiped {self.wiped} nodes" if self.wiped else "")
                + (f"; pruned {pruned} stale items" if pruned else ""))


# ---------------------------------------------------------------------------
# Rows to write (plain data, no server needed)
# ---------------------------------------------------------------------------


def _check_reserved(attrs: dict, reserved: tuple[str, ...], what: str) -> None:
    clash = [k for k in reserved if k in attrs]
    if clash:
        raise ValueError(f"{what} has attribute(s) {', '.join(clash)} that innosys reserves in Neo4j")


def node_rows(G: nx.MultiDiGraph) -> dict[str, list[dict]]:
    """Kind -> rows ``{id, props}``; ``props`` holds every attribute plus ``id`` and ``seq``."""
    out: dict[str, list[dict]] = {}
    for seq, (node_id, attrs) in enumerate(G.nodes(data=True)):
        kind = attrs.get("kind")
        if kind not in schema.NODE_KINDS:
            raise ValueError(f"node {node_id!r} has kind {kind!r}, which is not in the schema")
        _check_reserved(attrs, NODE_INTERNAL, f"node {node_id!r}")
        out.setdefault(kind, []).append({"id": node_id, "props": {**attrs, "id": node_id, "seq": seq}})
    return out


def relationship_rows(G: nx.MultiDiGraph) -> dict[str, list[dict]]:
    """Relation type -> rows ``{u, v, key, props}``; ``seq`` is the edge's position in its table."""
    order = G.graph.get("edge_order", {})
    position = {k: i for keys in order.values() for i, k in enumerate(keys)}
    out: dict[str, list[dict]] = {}
    fallback = 0
    for u, v, key, attrs in G.edges(keys=True, data=True):
        rtype = attrs.get("type")
        if rtype not in schema.RELATION_TYPES:
            raise ValueError(f"edge {key!r} ({u} -> {v}) has type {rtype!r}, which is not in the schema")
        _check_reserved(attrs, REL_INTERNAL, f"edge {key!r}")
        props = {k: val for k, val in attrs.items() if k != "type"}
        seq = position.get(key)
        if seq is None:
            seq = len(position) + fallback
            fallback += 1
        props.update(key=str(key), seq=seq)
        out.setdefault(rtype, []).append({"u": u, "v": v, "key": str(key), "props": props})
    return out


def process_rows(G: nx.MultiDiGraph) -> list[dict]:
    """G.graph['process'] as rows ``{key, innovation_id, actor_id, props}`` (key = hash of the record)."""
    rows, seen = [], {}
    for seq, rec in enumerate(G.graph.get("process", [])):
        key = edge_id("process", rec)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            key = f"{key}.{seen[key]}"
        _check_reserved(rec, ("key", "seq"), "a process record")
        rows.append({"key": key, "innovation_id": rec.get("innovation_id"), "actor_id": rec.get("actor_id"),
                     "props": {**rec, "key": key, "seq": seq}})
    return rows


def observation_rows(G: nx.MultiDiGraph) -> list[dict]:
    """G.graph['observations'] as rows; the observation's ``id`` is stored as ``observation_id``."""
    rows = []
    for seq, rec in enumerate(G.graph.get("observations", [])):
        _check_reserved(rec, ("key", "seq", OBSERVATION_ID), "an observation")
        key = f"obs:{rec['id']}"
        props = {k: v for k, v in rec.items() if k != "id"}
        props.update({OBSERVATION_ID: rec["id"], "key": key, "seq": seq})
        rows.append({"key": key, "subject_id": rec.get("subject_id"),
                     "innovation_id": rec.get("innovation_id"), "props": props})
    return rows


def _batches(rows: list, size: int) -> Iterator[list]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


# ---------------------------------------------------------------------------
# Statements (labels/types only through the whitelist)
# ---------------------------------------------------------------------------


def node_statement(kind: str) -> str:
    """UNWIND rows ``{id, props}``: MERGE on id, replace all properties, set the labels."""
    return (f"UNWIND $rows AS row MERGE (n:{label(COMMON)} {{id: row.id}}) "
            f"SET n = row.props REMOVE n{stale_labels(kind)} SET n{kind_labels(kind)}")


def relationship_statement(rtype: str) -> str:
    """UNWIND rows ``{u, v, key, props}``: MERGE on the key between the two nodes, replace all properties."""
    c = label(COMMON)
    return (f"UNWIND $rows AS row MATCH (a:{c} {{id: row.u}}) MATCH (b:{c} {{id: row.v}}) "
            f"MERGE (a)-[r:{rel_type(rtype)} {{key: row.key}}]->(b) SET r = row.props")


# Positional rows: lists instead of maps halve what the driver packs (property names are not
# repeated per row).  Property names then appear in the statement, so they come only from the
# schema's columns (plus innosys's own id/seq/key), checked by prop().


def node_columns(kind: str) -> list[str]:
    """Property order of positional node rows of ``kind`` (``id`` and ``seq`` first)."""
    k = schema.NODE_KINDS[kind]
    if kind == "Source":
        cols = [c for c in schema.TABLES["sources"].columns if c != "id"] + ["kind"]
    else:
        cols = [c for c in k.all_props() if c != "id"]
        if not k.generated:
            cols += list(schema.PROVENANCE)
    return ["id", "seq", *cols]


def relationship_columns(rtype: str) -> list[str]:
    """Property order of positional relationship rows (``key`` and ``seq`` first)."""
    table = schema.RELATION_TYPES[rtype].table
    return ["key", "seq", *(c for c in schema.TABLES[table].columns if c not in ("from_id", "to_id", "type"))]


_KNOWN_PROPS = frozenset(
    {"id", "seq", "key"} | {c for t in schema.TABLES.values() for c in t.columns}
    | {c for k in schema.NODE_KINDS.values() for c in k.all_props()})


def prop(name: str) -> str:
    """A property name of the schema, backtick-quoted for Cypher."""
    if name not in _KNOWN_PROPS:
        raise ValueError(f"{name!r} is not a property of the innosys schema")
    return f"`{name}`"


def _map_of(columns: list[str], offset: int) -> str:
    return "{" + ", ".join(f"{prop(c)}: row[{i + offset}]" for i, c in enumerate(columns)) + "}"


def node_statement_positional(kind: str) -> str:
    cols = node_columns(kind)
    return (f"UNWIND $rows AS row MERGE (n:{label(COMMON)} {{id: row[0]}}) "
            f"SET n = {_map_of(cols, 0)} REMOVE n{stale_labels(kind)} SET n{kind_labels(kind)}")


def relationship_statement_positional(rtype: str) -> str:
    c = label(COMMON)
    cols = relationship_columns(rtype)
    # a new relationship only needs its other properties added (measurably faster than replacing
    # them all); an existing one gets every property replaced, so stale ones disappear
    return (f"UNWIND $rows AS row MATCH (a:{c} {{id: row[0]}}) MATCH (b:{c} {{id: row[1]}}) "
            f"MERGE (a)-[r:{rel_type(rtype)} {{key: row[2]}}]->(b) "
            f"ON CREATE SET r += {_map_of(cols[1:], 3)} ON MATCH SET r = {_map_of(cols, 2)}")


def _positional(rows: list[dict], columns: list[str], ends: tuple[str, ...] = ()) -> list[list] | None:
    """Rows as lists in ``columns`` order, or None when some row has a property outside them."""
    allowed = set(columns)
    if any(not set(r["props"]) <= allowed for r in rows):
        return None
    return [[r[e] for e in ends] + [r["props"].get(c) for c in columns] for r in rows]


def _record_statements(record_label: str, links: list[tuple[str, str]]) -> list[str]:
    c = label(COMMON)
    out = [f"UNWIND $rows AS row MERGE (p:{c}:{label(record_label)} {{key: row.key}}) SET p = row.props"]
    for field_name, rtype in links:
        out.append(f"UNWIND $rows AS row WITH row WHERE row.{field_name} IS NOT NULL "
                   f"MATCH (p:{label(record_label)} {{key: row.key}}) MATCH (x:{c} {{id: row.{field_name}}}) "
                   f"MERGE (p)-[:{rel_type(rtype)}]->(x)")
    return out


PROCESS_STATEMENTS = _record_statements("ProcessRecord", [("innovation_id", "ABOUT"), ("actor_id", "INVOLVES")])
OBSERVATION_STATEMENTS = _record_statements("Observation", [("subject_id", "ABOUT"), ("innovation_id", "CONCERNS")])


# ---------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------


def apply_schema(db: Session) -> int:
    """Create the constraints and indexes (``IF NOT EXISTS``); returns the statement count."""
    statements = schema_statements()
    for stmt in statements:
        db.auto(stmt)
    db.auto("CALL db.awaitIndexes(300)")
    return len(statements)


def wipe(db: Session, batch_size: int = 5000) -> int:
    """Delete every node labelled ``Innosys`` (and its relationships); foreign data is untouched."""
    total = 0
    stmt = (f"MATCH (n:{label(COMMON)}) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS deleted")
    while True:
        deleted = db.execute_write(lambda tx: tx.run(stmt, limit=batch_size).single()["deleted"])
        total += deleted
        if deleted < batch_size:
            return total


def plan(G: nx.MultiDiGraph, batch_size: int = DEFAULT_BATCH_SIZE) -> list[tuple[str, list[str], list]]:
    """The batches a load writes, in order: (what, statements, rows)."""
    if batch_size < 1:
        raise ValueError(f"batch size must be at least 1, got {batch_size}")
    steps: list[tuple[str, list[str], list]] = []
    nodes = node_rows(G)
    for kind in schema.NODE_KINDS:  # schema order: deterministic
        rows = nodes.get(kind, [])
        packed = _positional(rows, node_columns(kind))
        stmt = node_statement_positional(kind) if packed is not None else node_statement(kind)
        for batch in _batches(packed if packed is not None else rows, batch_size):
            steps.append((f"nodes:{kind}", [stmt], batch))
    rels = relationship_rows(G)
    for rtype in schema.RELATION_TYPES:
        rows = rels.get(rtype, [])
        packed = _positional(rows, relationship_columns(rtype), ends=("u", "v"))
        stmt = relationship_statement_positional(rtype) if packed is not None else relationship_statement(rtype)
        for batch in _batches(packed if packed is not None else rows, batch_size):
            steps.append((f"relationships:{rtype}", [stmt], batch))
    for batch in _batches(process_rows(G), batch_size):
        steps.append(("process", PROCESS_STATEMENTS, batch))
    for batch in _batches(observation_rows(G), batch_size):
        steps.append(("observations", OBSERVATION_STATEMENTS, batch))
    return steps


def _write_batch(db: Session, statements: list[str], rows: list) -> None:
    def work(tx):
        for stmt in statements:
            tx.run(stmt, rows=rows).consume()
    db.execute_write(work)


def load(G: nx.MultiDiGraph, db: Session, *, batch_size: int = DEFAULT_BATCH_SIZE, wipe_first: bool = False,
         prune: bool = True, progress: Callable[[int], None] | None = None,
         after_batch: Callable[[int], None] | None = None) -> LoadReport:
    """Write ``G`` to Neo4j; idempotent (MERGE on ids and keys).

    ``progress(rows)`` is called after each committed batch with its row count;
    ``after_batch(n)`` with the number of batches committed so far (a test hook:
    raising there interrupts the load as a crash would).
    """
    steps = plan(G, batch_size)
    report = LoadReport()
    apply_schema(db)
    if wipe_first:
        report.wiped = wipe(db)
    for what, statements, rows in steps:
        _write_batch(db, statements, rows)
        report.batches += 1
        if what.startswith("nodes:"):
            report.nodes += len(rows)
        elif what.startswith("relationships:"):
            report.relationships += len(rows)
        elif what == "process":
            report.process_records += len(rows)
        else:
            report.observations += len(rows)
        if progress is not None:
            progress(len(rows))
        if after_batch is not None:
            after_batch(report.batches)
    if prune:
        report.pruned = prune_stale(G, db, batch_size=max(batch_size, 1000))
    return report


def total_rows(G: nx.MultiDiGraph) -> int:
    """Rows a load writes (for progress bars)."""
    return (G.number_of_nodes() + G.number_of_edges() + len(G.graph.get("process", []))
            + len(G.graph.get("observations", [])))


def prune_stale(G: nx.MultiDiGraph, db: Session, batch_size: int = 1000) -> dict[str, int]:
    """Remove innosys nodes, relationships and records that ``G`` does not have."""
    c = label(COMMON)
    removed: dict[str, int] = {}
    ids = set(map(str, G.nodes))
    have = [r["id"] for r in db.read(f"MATCH (n:{c}) WHERE n.id IS NOT NULL RETURN n.id AS id")]
    stale_nodes = [i for i in have if i not in ids]
    for batch in _batches(stale_nodes, batch_size):
        db.execute_write(lambda tx, b=batch: tx.run(
            f"UNWIND $ids AS id MATCH (n:{c} {{id: id}}) DETACH DELETE n", ids=b).consume())
    removed["nodes"] = len(stale_nodes)

    keys = {str(k) for *_, k in G.edges(keys=True)}
    found = db.read(f"MATCH (:{c})-[r]->(:{c}) WHERE type(r) IN $types RETURN elementId(r) AS eid, r.key AS key",
                    types=list(schema.RELATION_TYPES))
    stale = [r["eid"] for r in found if r["key"] is None or r["key"] not in keys]
    for batch in _batches(stale, batch_size):
        db.execute_write(lambda tx, b=batch: tx.run(
            "UNWIND $eids AS eid MATCH ()-[r]->() WHERE elementId(r) = eid DELETE r", eids=b).consume())
    stale_rels = len(stale)
    removed["relationships"] = stale_rels

    for record_label, rows in (("ProcessRecord", process_rows(G)), ("Observation", observation_rows(G))):
        wanted = {r["key"] for r in rows}
        lab = label(record_label)
        have = [r["key"] for r in db.read(f"MATCH (p:{c}:{lab}) RETURN p.key AS key")]
        stale = [k for k in have if k not in wanted]
        for batch in _batches(stale, batch_size):
            db.execute_write(lambda tx, b=batch, lab=lab: tx.run(
                f"UNWIND $keys AS k MATCH (p:{lab} {{key: k}}) DETACH DELETE p", keys=b).consume())
        removed[record_label] = len(stale)
    return {k: v for k, v in removed.items() if v}


__all__ = ["DEFAULT_BATCH_SIZE", "EDGE_TABLE_ORDER", "LoadReport", "apply_schema", "load", "node_columns",
           "node_rows", "observation_rows", "plan", "process_rows", "prune_stale", "relationship_columns",
           "relationship_rows", "total_rows", "wipe"]
