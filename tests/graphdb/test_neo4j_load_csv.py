"""cypher/load/*.cypher, run on the real server from an import directory, give the Python loader's graph."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from innosys.cli import main
from innosys.graph import load_graph
from innosys.neo4j import pull, wipe
from innosys.neo4j.cypher import cypher_dir, split_statements

from .neo4j_helpers import SAMPLE, edge_multiset, record_multiset, typed_nodes


def _import_dir(neo4j_server):
    if neo4j_server.import_dir is None:
        pytest.fail("NEO4J_URI is set but NEO4J_IMPORT_DIR is not: the LOAD CSV tests need the server's "
                    "import directory (server.directories.import)", pytrace=False)
    return neo4j_server.import_dir


def _run_load_scripts(neo4j_server, data_dir=None):
    """export csv -> import dir, then schema.cypher and load/*.cypher through `innosys neo4j cypher`."""
    imp = _import_dir(neo4j_server)
    for f in imp.glob("*.csv"):
        f.unlink()
    runner = CliRunner()
    args = ["export", "csv", "--out", str(imp)] + (["--data", str(data_dir)] if data_dir else [])
    r = runner.invoke(main, args, catch_exceptions=False)
    assert r.exit_code == 0, r.output
    files = [cypher_dir() / "schema.cypher", *sorted((cypher_dir() / "load").glob("*.cypher"))]
    for path in files:
        r = runner.invoke(main, ["neo4j", "cypher", str(path)], env=neo4j_server.env(), catch_exceptions=False)
        assert r.exit_code == 0, r.output
        assert f"ran {len(split_statements(path.read_text(encoding='utf-8')))} statement(s)" in r.output


def assert_same_as_python_loader(G, H):
    assert typed_nodes(G) == typed_nodes(H)
    assert edge_multiset(G) == edge_multiset(H)
    assert G.number_of_edges() == H.number_of_edges()
    for table in ("process", "observations"):
        assert record_multiset(G.graph[table]) == record_multiset(H.graph[table]), table


@pytest.mark.parametrize("which", ["shipped", "sample"])
def test_load_csv_scripts_build_the_python_loaders_graph(db, neo4j_server, which, tmp_path):
    data = None
    if which == "sample":
        data = shutil.copytree(SAMPLE, tmp_path / "sample")
    else:  # freeze the shipped data: other engineers may be editing it while the test runs
        from innosys.io import load_dataset, write_tables

        data = tmp_path / "shipped"
        write_tables(load_dataset().tables, data)
    G = load_graph(data)
    wipe(db)
    _run_load_scripts(neo4j_server, data)
    H = pull(db)
    assert_same_as_python_loader(G, H)
    # running the scripts again changes nothing (MERGE on ids and line keys)
    before = db.read("MATCH (n:Innosys) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS n, count(r) AS r")
    _run_load_scripts(neo4j_server, data)
    after = db.read("MATCH (n:Innosys) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS n, count(r) AS r")
    assert before == after
    assert_same_as_python_loader(G, pull(db))
