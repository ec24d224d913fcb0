"""Export the graph to GraphML, GEXF, node-link JSON or CSV tables, atomically."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from innosys.atomic import atomic_file

FORMATS = ("graphml", "gexf", "json", "csv")


def _flat_copy(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """GraphML/GEXF take scalar graph attributes only: encode the record lists as JSON text."""
    H = G.copy()
    H.graph = {k: (v if isinstance(v, (str, int, float, bool)) else json.dumps(v, ensure_ascii=False))
               for k, v in G.graph.items()}
    return H


def export_graph(G: nx.MultiDiGraph, fmt: str, out: str | Path, *, force: bool = False) -> Path:
    """Write ``G`` as ``fmt`` to ``out`` (a file; a directory for ``csv``, see ``write_tables`` for ``force``).

    >>> import tempfile, networkx as nx
    >>> from innosys.graph import load_graph
    >>> G = load_graph()
    >>> p = export_graph(G, "graphml", tempfile.mkdtemp() + "/g.graphml")
    >>> nx.read_graphml(p).number_of_nodes() == G.number_of_nodes()
    True
    """
    out = Path(out)
    if fmt == "graphml":
        atomic_file(out, lambda p: nx.write_graphml(_flat_copy(G), p))
    elif fmt == "gexf":
        atomic_file(out, lambda p: nx.write_gexf(_flat_copy(G), p))
    elif fmt == "json":
        # "from"/"to" as edge ends, because every edge has a provenance column called "source"
        data = nx.node_link_data(G, edges="edges", source="from", target="to")

        def write(p):
            with open(p, "w", encoding="utf-8") as f:
                json.dump(data, f, ensure_ascii=False, indent=1, default=str)
        atomic_file(out, write)
    elif fmt == "csv":
        from innosys.graph.build import to_tables
        from innosys.io import write_tables

        write_tables(to_tables(G), out, force=force)
    else:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return out
