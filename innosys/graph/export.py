"""Export the graph to GraphML, GEXF, node-link JSON or CSV tables, atomically."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import networkx as nx

FORMATS = ("graphml", "gexf", "json", "csv")


def _flat_copy(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """GraphML/GEXF take scalar graph attributes only: encode the record lists as JSON text."""
    H = G.copy()
    H.graph = {k: (v if isinstance(v, (str, int, float, bool)) else json.dumps(v, ensure_ascii=False))
               for k, v in G.graph.items()}
    return H


def _atomic_file(path: Path, write) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def export_graph(G: nx.MultiDiGraph, fmt: str, out: str | Path) -> Path:
    """Write ``G`` as ``fmt`` to ``out`` (a file; a directory for ``csv``).

    >>> import tempfile, networkx as nx
    >>> from innosys.graph import load_graph
    >>> G = load_graph()
    >>> p = export_graph(G, "graphml", tempfile.mkdtemp() + "/g.graphml")
    >>> nx.read_graphml(p).number_of_nodes() == G.number_of_nodes()
    True
    """
    out = Path(out)
    if fmt == "graphml":
        _atomic_file(out, lambda p: nx.write_graphml(_flat_copy(G), p))
    elif fmt == "gexf":
        _atomic_file(out, lambda p: nx.write_gexf(_flat_copy(G), p))
    elif fmt == "json":
        data = nx.node_link_data(G, edges="edges")

        def write(p):
            with open(p, "w", encoding="utf-8") as f:
                json.dump(data, f, ensure_ascii=False, indent=1, default=str)
        _atomic_file(out, write)
    elif fmt == "csv":
        from innosys.graph.build import to_tables
        from innosys.io import write_tables

        write_tables(to_tables(G), out)
    else:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return out
