"""The named query catalogue, answered by the embedded graph or by Neo4j with the same rows.

Every query has a Cypher text in ``cypher/queries/NAME.cypher`` (with a header
naming its parameters) and an embedded networkx/pandas implementation in
:mod:`innosys.queries.embedded`; a test asserts both return the same rows.

>>> from innosys.queries import list_queries, run_query
>>> "brokers" in list(list_queries()["name"])
True
>>> df = run_query("activities-uncovered", kind="Municipality")     # embedded, shipped data
>>> list(df.columns)
['activity', 'activity_name', 'group']
>>> # run_query("brokers", backend="neo4j", source="ks")  # needs NEO4J_URI/NEO4J_PASSWORD
"""

from __future__ import annotations

import functools

import pandas as pd

from innosys.queries.catalogue import Query, QueryError, catalogue, get_query
from innosys.queries.embedded import IMPLEMENTATIONS, frame

BACKENDS = ("embedded", "neo4j")

__all__ = ["BACKENDS", "Query", "QueryError", "catalogue", "get_query", "list_queries", "run_query",
           "sort_rows"]


def list_queries() -> pd.DataFrame:
    """One row per query: name, description, parameters (``name=default`` list)."""
    rows = [{"name": q.name, "description": q.description, "params": q.signature()} for q in catalogue().values()]
    return pd.DataFrame(rows, columns=["name", "description", "params"])


def _null_last(value):
    """Sort key with Cypher's null placement: null sorts above every value (last ascending, first descending)."""
    missing = value is None or (isinstance(value, float) and value != value)
    return (1, 0) if missing else (0, value)


def _cmp_key(value):
    return tuple(value) if isinstance(value, list) else value


def sort_rows(df: pd.DataFrame, order: tuple[tuple[str, bool], ...]) -> pd.DataFrame:
    """Sort like Cypher ``ORDER BY`` (nulls last ascending, first descending; lists element-wise)."""
    if not order or df.empty:
        return df.reset_index(drop=True)
    records = list(df.itertuples(index=False, name=None))
    cols = list(df.columns)
    idx = list(range(len(records)))
    for col, desc in reversed(order):  # stable multi-pass sort, last key first
        j = cols.index(col)
        idx.sort(key=lambda i, j=j: _null_last(_cmp_key(records[i][j])), reverse=desc)
    return df.iloc[idx].reset_index(drop=True)


def _shipped_graph():
    """The shipped dataset's graph, reloaded whenever one of its CSV files changes."""
    from innosys.io import default_data_dir

    root = default_data_dir()
    stamp = tuple(sorted((str(p), p.stat().st_mtime_ns) for p in root.rglob("*.csv")))
    return _graph_for(str(root), stamp)


@functools.lru_cache(maxsize=2)
def _graph_for(root: str, stamp: tuple):
    from innosys.graph import load_graph

    return load_graph(root)


def _check_ids(query: Query, params: dict, exists) -> None:
    for p in query.params:
        value = params.get(p.name)
        if value is None:
            continue
        if p.type == "ID" and not exists(value):
            raise QueryError(f"query {query.name!r}: parameter {p.name!r}: unknown id {value!r}")
        if p.type == "ID_OR_KIND":
            from innosys import schema

            if value not in schema.NODE_KINDS and not exists(value):
                raise QueryError(f"query {query.name!r}: parameter {p.name!r}: {value!r} is neither a node id "
                                 "nor a node kind")


def run_embedded(query: Query, params: dict, G=None, data=None) -> pd.DataFrame:
    """Answer a query from the networkx graph (``G``, else the data directory ``data``, else the shipped data)."""
    if G is None:
        if data is not None:
            from innosys.graph import load_graph

            G = load_graph(data)
        else:
            G = _shipped_graph()
    _check_ids(query, params, lambda i: i in G)
    impl = IMPLEMENTATIONS.get(query.name)
    if impl is None:
        raise QueryError(f"query {query.name!r} has no embedded implementation")
    return sort_rows(impl(G, **params), query.order)


def run_neo4j(query: Query, params: dict, db) -> pd.DataFrame:
    """Answer a query with its Cypher text on a :class:`innosys.neo4j.Session`."""
    def exists(node_id):
        return bool(db.read("MATCH (n:Innosys {id: $id}) RETURN count(n) > 0 AS ok", id=node_id)[0]["ok"])

    _check_ids(query, params, exists)
    columns, rows = db.read_records(query.cypher, **params)
    return frame([dict(zip(columns, r)) for r in rows], columns)


def run_query(name: str, backend: str = "embedded", *, G=None, data=None, db=None, config=None,
              **params) -> pd.DataFrame:
    """Run the named query; returns a DataFrame (object columns: ints stay ints, missing = None).

    ``backend="embedded"`` answers from ``G`` (or the data directory ``data``,
    default the shipped dataset); ``backend="neo4j"`` runs the Cypher on ``db``
    (an :class:`innosys.neo4j.Session`) or connects with ``config``
    (default: the NEO4J_* environment variables).
    """
    query = get_query(name)
    values = query.coerce(params)
    if backend == "embedded":
        return run_embedded(query, values, G=G, data=data)
    if backend == "neo4j":
        if db is not None:
            return run_neo4j(query, values, db)
        from innosys.neo4j import open_session

        with open_session(config) as session:
            return run_neo4j(query, values, session)
    raise QueryError(f"unknown backend {backend!r}; choose one of: {', '.join(BACKENDS)}")
