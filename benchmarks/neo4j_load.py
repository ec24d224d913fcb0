"""Benchmark: per-row MERGE versus batched UNWIND MERGE into a real Neo4j server.

Both variants write the same synthetic innosys graph (default 20 000 actors,
100 000 relations) with the same labels, properties and MERGE keys.  The
batched variant is innosys.neo4j.load (one managed transaction per UNWIND
batch); the per-row variant sends one MERGE per node or relation, each in its
own managed transaction.  The per-row variant runs on a proportional subset
and is extrapolated per row (the output says so).  Each variant is repeated
and the medians are compared side by side.

Usage:
    python benchmarks/neo4j_load.py                     # throwaway local server (tools/neo4j_local.py)
    python benchmarks/neo4j_load.py --actors 20000 --relations 100000 --repeat 3 --subset 0.02
    NEO4J_URI=... NEO4J_PASSWORD=... python benchmarks/neo4j_load.py   # your own server (data is wiped!)

Targets: batched >= 30x faster per row than per-row; 100k relations in < 10 s.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import networkx as nx  # noqa: E402

from innosys import schema  # noqa: E402
from innosys.graph.build import edge_id  # noqa: E402
from innosys.neo4j import Neo4jConfig, apply_schema, load, open_session, wipe  # noqa: E402
from innosys.neo4j.cypher import COMMON, kind_labels, label, rel_type, stale_labels  # noqa: E402
from innosys.neo4j.load import node_rows, relationship_rows  # noqa: E402

KINDS = ("Municipality", "Company", "Network", "University", "StateAgency", "Consultancy")
TYPES = ("COLLABORATES_WITH", "PART_OF", "TRAINS", "VISITED", "ADVISES")


def synthetic_graph(actors: int, relations: int, seed: int = 1) -> nx.MultiDiGraph:
    """A schema-valid graph: actors of a few kinds, actor-to-actor relations with provenance."""
    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    for i in range(actors):
        kind = KINDS[0] if rng.random() < 0.6 else rng.choice(KINDS[1:])
        attrs = {"kind": kind, "name": f"Actor {i}", "description": f"synthetic actor number {i}",
                 "source": "bench", "lines": f"{i + 1}", "confidence": "stated"}
        if kind == "Municipality":
            attrs.update(population=rng.randint(200, 700_000), latitude=58 + rng.random() * 12,
                         longitude=5 + rng.random() * 25, size_class=rng.choice(schema.SIZE_CLASSES))
        G.add_node(f"bench:{i}", **attrs)
    ids = list(G.nodes)
    order = []
    for j in range(relations):
        u, v = rng.sample(ids, 2)
        rec = {"from_id": u, "type": rng.choice(TYPES), "to_id": v, "year": rng.randint(2000, 2024),
               "weight": round(rng.random(), 3), "source": "bench", "lines": f"{j + 1}", "confidence": "derived"}
        key = edge_id("relations", rec)
        attrs = {k: val for k, val in rec.items() if k not in ("from_id", "to_id")}
        G.add_edge(u, v, key=key, **attrs)
        order.append(key)
    G.graph.update(process=[], observations=[], edge_order={"relations": order, "activities": [], "adoptions": []})
    return G


def batched(G, db, batch_size: int) -> dict:
    """innosys.neo4j.load into an empty database; node and relation phases timed from batch hooks."""
    wipe(db)
    stamps = []
    n_node_batches = sum(-(-len(rows) // batch_size) for rows in node_rows(G).values())
    t0 = time.perf_counter()
    load(G, db, batch_size=batch_size, prune=False, after_batch=lambda k: stamps.append(time.perf_counter()))
    total = time.perf_counter() - t0
    nodes_done = stamps[n_node_batches - 1]
    return {"total": total, "relations": stamps[-1] - nodes_done, "nodes": nodes_done - t0}


def per_row(G, db, fraction: float, seed: int = 2) -> dict:
    """One MERGE per row, one transaction each, on a proportional subset: seconds per row."""
    wipe(db)
    rng = random.Random(seed)
    nodes = [r for rows in node_rows(G).values() for r in rows]
    rels = [(t, r) for t, rows in relationship_rows(G).items() for r in rows]
    n_nodes = max(1, int(len(nodes) * fraction))
    node_sample = rng.sample(nodes, n_nodes)
    chosen = {r["id"] for r in node_sample}
    # relations among the chosen nodes are rare: write their end nodes first, then time relations alone
    rel_sample = rng.sample(rels, max(1, int(len(rels) * fraction)))
    c = label(COMMON)

    def write_node(row):
        kind = row["props"]["kind"]
        stmt = (f"MERGE (n:{c} {{id: $id}}) SET n = $props REMOVE n{stale_labels(kind)} SET n{kind_labels(kind)}")
        db.execute_write(lambda tx: tx.run(stmt, id=row["id"], props=row["props"]).consume())

    t0 = time.perf_counter()
    for row in node_sample:
        write_node(row)
    t_nodes = time.perf_counter() - t0
    by_id = {r["id"]: r for r in nodes}
    for _, r in rel_sample:  # end nodes of the sampled relations (untimed)
        for end in (r["u"], r["v"]):
            if end not in chosen:
                write_node(by_id[end])
                chosen.add(end)
    t1 = time.perf_counter()
    for rtype, r in rel_sample:
        stmt = (f"MATCH (a:{c} {{id: $u}}) MATCH (b:{c} {{id: $v}}) "
                f"MERGE (a)-[x:{rel_type(rtype)} {{key: $key}}]->(b) SET x = $props")
        db.execute_write(lambda tx, s=stmt, r=r: tx.run(s, u=r["u"], v=r["v"], key=r["key"], props=r["props"]).consume())
    t_rels = time.perf_counter() - t1
    return {"node_row": t_nodes / n_nodes, "rel_row": t_rels / len(rel_sample),
            "n_nodes": n_nodes, "n_rels": len(rel_sample)}


def _server(args):
    if os.environ.get("NEO4J_URI"):
        return None, Neo4jConfig.from_env()
    spec = importlib.util.spec_from_file_location("neo4j_local", ROOT / "tools" / "neo4j_local.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["neo4j_local"] = mod
    spec.loader.exec_module(mod)
    server = mod.LocalNeo4j(heap=args.heap)
    server.start()
    return server, Neo4jConfig(uri=server.uri, user=server.user, password=server.password)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--actors", type=int, default=20_000)
    p.add_argument("--relations", type=int, default=100_000)
    p.add_argument("--batch-size", type=int, default=5000)
    p.add_argument("--subset", type=float, default=0.02, help="fraction of rows the per-row variant writes")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--heap", default="2g", help="JVM heap of the throwaway server")
    args = p.parse_args(argv)

    G = synthetic_graph(args.actors, args.relations)
    print(f"synthetic graph: {G.number_of_nodes()} actors, {G.number_of_edges()} relations", file=sys.stderr)
    server, cfg = _server(args)
    try:
        with open_session(cfg) as db:
            apply_schema(db)
            print("warm-up (one batched load, not counted) ...", file=sys.stderr)
            batched(G, db, args.batch_size)
            b_runs, r_runs = [], []
            for i in range(args.repeat):  # interleaved, so both see the same machine load
                print(f"round {i + 1}/{args.repeat}: batched ...", file=sys.stderr, flush=True)
                b_runs.append(batched(G, db, args.batch_size))
                print(f"round {i + 1}/{args.repeat}: per-row subset ...", file=sys.stderr, flush=True)
                r_runs.append(per_row(G, db, args.subset, seed=i))
            wipe(db)
    finally:
        if server is not None:
            server.stop()

    n_nodes, n_rels = G.number_of_nodes(), G.number_of_edges()
    med = statistics.median
    b_total, b_rels, b_nodes = (med(r[k] for r in b_runs) for k in ("total", "relations", "nodes"))
    node_row, rel_row = med(r["node_row"] for r in r_runs), med(r["rel_row"] for r in r_runs)
    per_row_total = node_row * n_nodes + rel_row * n_rels
    b_row = b_total / (n_nodes + n_rels)
    print(f"\nNeo4j load benchmark: {n_nodes} actors + {n_rels} relations, batch size {args.batch_size}, "
          f"medians of {args.repeat} interleaved rounds")
    print(f"  batched UNWIND (innosys.neo4j.load): total {b_total:8.2f} s  "
          f"(nodes {b_nodes:.2f} s, relations {b_rels:.2f} s)  = {b_row * 1e6:8.1f} us/row")
    print(f"  per-row MERGE, one tx per row:       measured on a {args.subset:.0%} subset "
          f"({r_runs[0]['n_nodes']} nodes, {r_runs[0]['n_rels']} relations) and EXTRAPOLATED per row")
    print(f"                                       {node_row * 1e3:.2f} ms/node, {rel_row * 1e3:.2f} ms/relation "
          f"-> {per_row_total:8.1f} s for the full graph")
    ratio = per_row_total / b_total
    print(f"  ratio per-row / batched: {ratio:6.1f}x   (target >= 30x: {'met' if ratio >= 30 else 'NOT met'})")
    print(f"  {n_rels} relations batched in {b_rels:.2f} s   (target < 10 s for 100k: "
          f"{'met' if b_rels * 100_000 / n_rels < 10 else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
