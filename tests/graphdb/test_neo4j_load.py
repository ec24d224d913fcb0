"""Loading into the real Neo4j server: identical read-back, idempotence, interruption, wipe, injection."""

from __future__ import annotations

import csv
import shutil

import pytest

from innosys.graph import load_graph, to_graph
from innosys.io import load_dataset
from innosys.neo4j import load, pull, wipe

from .neo4j_helpers import SAMPLE, assert_identical, typed


def db_counts(db) -> dict:
    """Everything innosys wrote, counted in Neo4j itself (labels, types, properties)."""
    labels = db.read("MATCH (n:Innosys) UNWIND labels(n) AS l RETURN l, count(*) AS c ORDER BY l")
    rels = db.read("MATCH (:Innosys)-[r]->(:Innosys) RETURN type(r) AS t, count(*) AS c ORDER BY t")
    props = db.read("MATCH (n:Innosys) RETURN sum(size(keys(n))) AS p")[0]["p"]
    rprops = db.read("MATCH (:Innosys)-[r]->(:Innosys) RETURN sum(size(keys(r))) AS p")[0]["p"]
    return {"labels": {r["l"]: r["c"] for r in labels}, "rels": {r["t"]: r["c"] for r in rels},
            "node_props": props, "rel_props": rprops}


def test_pull_gives_the_identical_shipped_graph(db, shipped_graph):
    load(shipped_graph, db, wipe_first=True)
    H = pull(db)
    assert_identical(shipped_graph, H)
    # the structure too: node order, edge order and the per-table edge order
    assert list(H.nodes) == list(shipped_graph.nodes)
    assert list(H.edges(keys=True)) == list(shipped_graph.edges(keys=True))
    assert H.graph["edge_order"] == shipped_graph.graph["edge_order"]
    # types survive: ints stay ints, floats floats, booleans booleans
    m = next(n for n, d in H.nodes(data=True) if d["kind"] == "Municipality" and "population" in d)
    assert type(H.nodes[m]["population"]) is int and type(H.nodes[m]["latitude"]) is float
    assert all(type(d["activity"]) is int for *_, d in H.edges(data=True) if d["type"] == "PERFORMS")
    assert all(type(r["value"]) is float for r in H.graph["observations"])
    # and Neo4j stores them typed as well
    assert db.read("MATCH (n:Municipality {id: $id}) RETURN valueType(n.population) AS t", id=m)[0]["t"] \
        .startswith("INTEGER")


def test_pull_gives_the_identical_sample_graph_and_tables(db, sample_graph):
    from innosys.graph import to_tables

    load(sample_graph, db, wipe_first=True)
    H = pull(db)
    assert_identical(sample_graph, H)
    ds = load_dataset(SAMPLE)
    for table, df in to_tables(H).items():
        assert df.equals(ds.tables[table]), table


def test_every_node_has_the_common_and_kind_labels(db, sample_graph):
    from innosys import schema

    load(sample_graph, db, wipe_first=True)
    for node_id, d in sample_graph.nodes(data=True):
        labels = set(db.read("MATCH (n:Innosys {id: $id}) RETURN labels(n) AS l", id=node_id)[0]["l"])
        expected = {"Innosys", d["kind"]} | ({"Actor"} if d["kind"] in schema.ACTOR_KINDS else set())
        assert labels == expected, node_id
    keys = {r["k"] for r in db.read("MATCH (:Innosys)-[r]->(:Innosys) WHERE r.key IS NOT NULL RETURN r.key AS k")}
    assert keys == {str(k) for *_, k in sample_graph.edges(keys=True)}
    records = db.read("MATCH (p:Innosys:ProcessRecord)-[:ABOUT]->(i:Innosys) RETURN count(*) AS c")[0]["c"]
    assert records == len(sample_graph.graph["process"])
    obs = db.read("MATCH (o:Innosys:Observation)-[:ABOUT]->(s:Innosys) RETURN count(*) AS c")[0]["c"]
    assert obs == len(sample_graph.graph["observations"])


def test_loading_twice_gives_the_same_graph(db, shipped_graph):
    first = load(shipped_graph, db, wipe_first=True, batch_size=300)
    once = db_counts(db)
    second = load(shipped_graph, db, batch_size=70)
    assert db_counts(db) == once
    assert first.nodes == second.nodes == shipped_graph.number_of_nodes()
    assert not second.pruned
    assert_identical(shipped_graph, pull(db))


def test_interrupted_load_rerun_equals_one_clean_load(db, shipped_graph):
    load(shipped_graph, db, wipe_first=True, batch_size=100)
    clean = db_counts(db)
    wipe(db)

    class Crash(RuntimeError):
        pass

    def crash_after(k):
        def hook(done):
            if done == k:
                raise Crash(f"simulated crash after {k} batches")
        return hook

    with pytest.raises(Crash):
        load(shipped_graph, db, batch_size=100, after_batch=crash_after(5))
    partial = db_counts(db)
    assert 0 < sum(partial["labels"].values()) < sum(clean["labels"].values())
    # a second crash later on, then a full run
    with pytest.raises(Crash):
        load(shipped_graph, db, batch_size=100, after_batch=crash_after(12))
    load(shipped_graph, db, batch_size=100)
    assert db_counts(db) == clean
    assert_identical(shipped_graph, pull(db))


def test_wipe_removes_only_innosys_data(db, sample_graph):
    db.run("CREATE (:Foreign {name: 'keep me'})-[:LIKES]->(:Foreign {name: 'me too'})")
    try:
        load(sample_graph, db)
        report = load(sample_graph, db, wipe_first=True)
        assert report.wiped >= sample_graph.number_of_nodes()
        assert db.read("MATCH (f:Foreign)-[:LIKES]->(:Foreign) RETURN f.name AS n") == [{"n": "keep me"}]
        wipe(db)
        assert db.read("MATCH (n:Innosys) RETURN count(n) AS c")[0]["c"] == 0
        assert db.read("MATCH (f:Foreign) RETURN count(f) AS c")[0]["c"] == 2
    finally:
        db.run("MATCH (f:Foreign) DETACH DELETE f")


def _with_hostile_actor(tmp_path):
    """The sample data plus an actor whose id and name are Cypher injection attempts."""
    data = shutil.copytree(SAMPLE, tmp_path / "hostile")
    hostile_id = "x'); MATCH (n) DETACH DELETE n //"
    hostile_name = '`}{ "RETURN 1; DROP" \\ MERGE {}'
    with open(data / "actors.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
        header = list(rows[0].keys())
    template = next(r for r in rows if r["kind"] != "Municipality" and r.get("source"))
    new = {k: "" for k in header}
    new.update(id=hostile_id, kind=template["kind"], name=hostile_name, description="{}",
               aliases="`;`", source=template["source"], lines=template["lines"], confidence="stated")
    rows.append(new)
    with open(data / "actors.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=header)
        w.writeheader()
        w.writerows(rows)
    with open(data / "relations.csv", encoding="utf-8", newline="") as f:
        rels = list(csv.DictReader(f))
        rheader = list(rels[0].keys())
    rel = dict(rels[0])
    rel.update(from_id=hostile_id, type="COLLABORATES_WITH", to_id=rels[0]["from_id"], description="`})")
    for k in ("innovation_id", "role", "year", "year_end", "weight"):
        if k in rel:
            rel[k] = ""
    rels.append(rel)
    with open(data / "relations.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=rheader)
        w.writeheader()
        w.writerows(rels)
    return data, hostile_id, hostile_name


def test_hostile_ids_and_names_load_as_literal_strings(db, tmp_path):
    data, hostile_id, hostile_name = _with_hostile_actor(tmp_path)
    G = load_graph(data)
    assert hostile_id in G
    db.run("CREATE (:Foreign {name: 'bystander'})")
    try:
        load(G, db, wipe_first=True)
        assert db.read("MATCH (f:Foreign) RETURN count(f) AS c")[0]["c"] == 1  # nothing was deleted
        got = db.read("MATCH (n:Innosys {id: $id}) RETURN n.name AS name, n.description AS d, n.aliases AS a",
                      id=hostile_id)
        assert got == [{"name": hostile_name, "d": "{}", "a": "`;`"}]
        assert_identical(G, pull(db))
    finally:
        db.run("MATCH (f:Foreign) DETACH DELETE f")


def test_reload_after_data_changes_mirrors_the_new_data(db, tmp_path, sample_graph):
    load(sample_graph, db, wipe_first=True)
    ds = load_dataset(SAMPLE)
    tables = {t: df.copy() for t, df in ds.tables.items()}
    tables["relations"] = tables["relations"].iloc[1:].reset_index(drop=True)
    tables["process"] = tables["process"].iloc[1:].reset_index(drop=True)
    tables["observations"] = tables["observations"].iloc[1:].reset_index(drop=True)
    G2 = to_graph(tables)
    report = load(G2, db)
    assert report.pruned.get("relationships") == 1
    assert report.pruned.get("ProcessRecord") == 1 and report.pruned.get("Observation") == 1
    assert_identical(G2, pull(db))


def test_typed_helper_distinguishes_int_and_float():
    assert typed({"a": 1}) != typed({"a": 1.0})
    assert typed([True]) != typed([1])


def test_attributes_outside_the_schema_travel_as_parameters(db, sample_graph):
    """Positional batches name properties in Cypher (schema names only); other names go as map parameters."""
    from innosys.neo4j.load import plan, prop

    G = sample_graph.copy()
    u, v, k = next(iter(G.edges(keys=True)))
    G.edges[u, v, k]["x`}) DETACH DELETE n //"] = "odd"
    n = next(x for x, d in G.nodes(data=True) if d["kind"] == "Municipality")
    G.nodes[n]["my note"] = 3
    statements = {what: stmts[0] for what, stmts, _ in plan(G)}
    assert "row.props" in statements[f"relationships:{G.edges[u, v, k]['type']}"]
    assert "row.props" in statements[f"nodes:{G.nodes[n]['kind']}"]
    assert "row[0]" in statements["nodes:EdquistActivity"]  # the others stay positional
    with pytest.raises(ValueError, match="not a property of the innosys schema"):
        prop("x`}) DETACH DELETE n //")
    load(G, db, wipe_first=True)
    assert_identical(G, pull(db))
