"""Every catalogue query returns the same rows from the embedded graph and from the real Neo4j server.

Parameters are the defaults plus sets picked at run time from the data as it
stands (the thesis data is still growing), so the comparisons never depend on
rows that may not exist yet.
"""

from __future__ import annotations

import networkx as nx
import pytest

from innosys import schema
from innosys.graph import actor_network
from innosys.neo4j import load
from innosys.queries import QueryError, catalogue, get_query, run_query

from .neo4j_helpers import is_sorted, rows


@pytest.fixture(scope="module")
def loaded(db, shipped_graph):
    """The shipped graph, loaded once for this module."""
    load(shipped_graph, db, wipe_first=True)
    return shipped_graph


def _pick(G) -> dict[str, list[dict]]:
    """Extra parameter sets chosen from the data at run time."""
    H = actor_network(G)
    extra: dict[str, list[dict]] = {name: [] for name in catalogue()}
    # a pair of actors with several shortest paths of length >= 2, and one farther apart
    best = None
    for s in sorted(n for n in H if H.degree(n) > 0)[:60]:
        lengths = nx.single_source_shortest_path_length(H, s)
        for t, dist in sorted(lengths.items()):
            if dist >= 2:
                count = len(list(nx.all_shortest_paths(H, s, t)))
                if best is None or (count, dist) > best[0]:
                    best = ((count, dist), s, t)
    if best:
        extra["shortest-paths"].append({"source": best[1], "target": best[2]})
        extra["brokers"].append({"source": best[1], "target": best[2]})
    extra["shortest-paths"].append({"source": "ks", "target": "ks"})
    hubs = sorted(H, key=lambda n: (-H.degree(n), n))[:2]
    for hub in hubs:
        extra["ego-network"].append({"actor": hub})
        extra["brokers"].append({"source": hub, "target": "Municipality"})
    municipality = next((u for u, _, d in G.edges(data=True)
                         if d["type"] == "ADOPTED" and G.nodes[u]["kind"] == "Municipality"), None)
    if municipality:
        extra["ego-network"].append({"actor": municipality})
    performed = sorted({d["activity"] for *_, d in G.edges(data=True) if d["type"] == "PERFORMS"})
    if performed:
        extra["activity-actors"].append({"activity": performed[len(performed) // 2]})
    kinds = sorted({G.nodes[u]["kind"] for u, _, d in G.edges(data=True) if d["type"] == "PERFORMS"})
    for kind in kinds[:3]:
        extra["activity-coverage"].append({"kind": kind})
        extra["activities-uncovered"].append({"kind": kind})
    adopted = sorted({v for *_, v, d in G.edges(data=True) if d["type"] == "ADOPTED"})
    if adopted:
        busiest = max(adopted, key=lambda i: (sum(1 for _, v, d in G.in_edges(i, data=True)
                                                   if d["type"] == "ADOPTED"), i))
        extra["adopters"] += [{"innovation": busiest}, {"innovation": busiest, "statuses": "adopted,piloted"}]
        extra["county-adoption"].append({"innovation": busiest, "statuses": "adopted"})
        extra["municipality-adoption"].append({"innovation": busiest, "adopters_only": True})
        extra["diffusion-events"].append({"innovation": busiest})
        extra["innovation-actors"].append({"innovation": busiest})
    extra["adoption-overview"].append({"kind": "Municipality"})
    extra["actor-degree"] += [{"kind": "Municipality"}, {"min_degree": 0}, {"min_degree": 5}]
    extra["group-members"].append({"kinds": "Programme,Network", "relations": "PARTICIPATES_IN,MEMBER_OF,LEADS"})
    extra["diffusion-events"].append({"types": "INSPIRED_BY,COPIED_FROM"})
    extra["innovation-actors"].append({"relations": ",".join(r for r, t in schema.RELATION_TYPES.items()
                                                             if "Innovation" in t.to_kinds and t.table == "relations")})
    processed = sorted({r["innovation_id"] for r in G.graph["process"]})
    if processed:
        extra["process"] += [{"innovation": processed[0]}, {"innovation": processed[-1], "aspect": "phase"}]
    subjects = sorted({r["subject_id"] for r in G.graph["observations"]})
    if subjects:
        extra["observations"].append({"subject": subjects[0]})
    with_innovation = sorted({r["innovation_id"] for r in G.graph["observations"] if r.get("innovation_id")})
    if with_innovation:
        extra["observations"].append({"innovation": with_innovation[0]})
    return extra


@pytest.fixture(scope="module")
def extra_params(loaded):
    return _pick(loaded)


QUERY_NAMES = [name for name in catalogue() if name != "simulation-results"]  # see test_neo4j_results.py


def assert_same_rows(query, embedded, neo):
    assert list(embedded.columns) == list(neo.columns)
    if query.order:
        assert sorted(rows(embedded), key=repr) == sorted(rows(neo), key=repr)
        assert is_sorted(embedded, query.order) and is_sorted(neo, query.order)
    else:  # the query's own order (e.g. source order of process records)
        assert rows(embedded) == rows(neo)


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_embedded_and_neo4j_return_the_same_rows(loaded, db, extra_params, name):
    query = get_query(name)
    for params in [{}, *extra_params[name]]:
        embedded = run_query(name, G=loaded, **params)
        neo = run_query(name, backend="neo4j", db=db, **params)
        try:
            assert_same_rows(query, embedded, neo)
        except AssertionError as e:
            raise AssertionError(f"{name} with {params or 'defaults'}: {e}") from None


def test_default_queries_return_rows_on_the_shipped_data(loaded, db):
    # the defaults were chosen to exist: they must answer something
    for name in ("activity-actors", "activity-coverage", "brokers", "ego-network", "adopters", "group-members",
                 "diffusion-events", "county-adoption", "municipality-adoption", "actor-degree", "process",
                 "observations", "adoption-overview", "activity-kinds", "innovation-actors", "network-coverage"):
        assert len(run_query(name, backend="neo4j", db=db)) > 0, name


def test_brokers_between_ks_and_municipalities_match_networkx(loaded, db):
    from innosys.graph import brokers

    expected = brokers(loaded, "ks", "Municipality")
    neo = run_query("brokers", backend="neo4j", db=db, source="ks", target="Municipality")
    assert dict(zip(neo["id"], neo["brokerage"])) == pytest.approx(dict(zip(expected["id"], expected["brokerage"])))


def test_unknown_ids_are_clear_errors_on_both_backends(loaded, db):
    for backend in ("embedded", "neo4j"):
        kw = {"G": loaded} if backend == "embedded" else {"db": db}
        with pytest.raises(QueryError, match="parameter 'actor': unknown id 'nobody'"):
            run_query("ego-network", backend=backend, actor="nobody", **kw)
        with pytest.raises(QueryError, match="neither a node id nor a node kind"):
            run_query("brokers", backend=backend, source="nobody", **kw)


def test_run_query_api(loaded):
    df = run_query("activity-coverage", G=loaded, kind="Municipality")
    assert list(df.columns) == ["id", "name", "activities", "count"]
    assert all(isinstance(a, list) and a == sorted(a) for a in df["activities"])
    with pytest.raises(QueryError, match="unknown backend"):
        run_query("activity-coverage", backend="spark")
