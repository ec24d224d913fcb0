"""The neo4j and query commands against the real server, and their failures (one sentence, no traceback)."""

from __future__ import annotations

import csv
import io
import json
import socket
import subprocess
import sys

import networkx as nx
import pytest
from click.testing import CliRunner

from innosys.cli import main
from innosys.graph import load_graph
from innosys.neo4j import Neo4jConfig, Neo4jConnectionError, open_session
from innosys.neo4j.connection import with_retries
from innosys.neo4j.load import plan
from innosys.queries import catalogue

from .neo4j_helpers import SAMPLE, typed, typed_nodes

COMMANDS = [["neo4j"], ["neo4j", "load"], ["neo4j", "pull"], ["neo4j", "cypher"], ["neo4j", "write-results"],
            ["neo4j", "schema"], ["query"]]


def run(args, env=None):
    return CliRunner().invoke(main, args, env=env)


@pytest.mark.parametrize("cmd", COMMANDS, ids=" ".join)
def test_help_has_an_example(cmd):
    r = run([*cmd, "--help"])
    assert r.exit_code == 0
    assert "Example:" in r.output and f"innosys {cmd[0]}" in r.output


def test_command_modules_import_only_click():
    code = ("import sys; import innosys.cli.neo4j_commands, innosys.cli.query_commands\n"
            "print([m for m in ('pandas', 'networkx', 'neo4j', 'numpy') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_load_pull_and_query_through_the_cli(neo4j_server, db, tmp_path):
    env = neo4j_server.env()
    r = run(["neo4j", "load", "--wipe", "--batch-size", "3", "--data", str(SAMPLE)], env=env)
    assert r.exit_code == 0, r.output
    G = load_graph(SAMPLE)
    assert f"loaded into {neo4j_server.uri}: {G.number_of_nodes()} nodes" in r.output
    assert f"in {len(plan(G, 3))} batches" in r.output
    out = tmp_path / "pulled.json"
    r = run(["neo4j", "pull", "--out", str(out)], env=env)
    assert r.exit_code == 0, r.output
    data = json.loads(out.read_text(encoding="utf-8"))
    H = nx.node_link_graph(data, edges="edges", source="from", target="to", multigraph=True, directed=True)
    # node-link JSON names edge ends "source"/"target", which hides the provenance column "source";
    # nodes, edge keys and the graph records survive intact
    assert typed_nodes(H) == typed_nodes(G)
    assert sorted(k for *_, k in H.edges(keys=True)) == sorted(k for *_, k in G.edges(keys=True))
    assert typed(H.graph) == typed(G.graph)
    r = run(["neo4j", "pull", "--out", str(tmp_path / "g.graphml")], env=env)
    assert r.exit_code == 0 and nx.read_graphml(tmp_path / "g.graphml").number_of_nodes() == G.number_of_nodes()
    r = run(["neo4j", "pull"], env=env)
    assert json.loads(r.stdout)["nodes"] == G.number_of_nodes()
    r = run(["neo4j", "pull", "--out", str(tmp_path / "g.txt")], env=env)
    assert r.exit_code == 2 and "must end in .graphml, .json or .gexf" in r.output
    # a query on both backends, three formats
    ego = next(iter(sorted(n for n, d in G.nodes(data=True) if d["kind"] == "Municipality")))
    outs = {}
    for backend in ("embedded", "neo4j"):
        r = run(["query", "ego-network", "-p", f"actor={ego}", "--backend", backend, "--format", "json",
                 "--data", str(SAMPLE)], env=env)
        assert r.exit_code == 0, r.output
        outs[backend] = json.loads(r.stdout)
    assert "--data applies to the embedded backend" in r.stderr
    assert outs["embedded"] == outs["neo4j"] and len(outs["neo4j"]) == G.degree(ego)
    r = run(["query", "ego-network", "-p", f"actor={ego}", "--backend", "neo4j", "--format", "csv"], env=env)
    table = list(csv.reader(io.StringIO(r.stdout)))
    assert table[0] == ["direction", "type", "other_id", "other_name", "other_kind", "year", "source", "lines"]
    assert len(table) == 1 + G.degree(ego)
    r = run(["query", "ego-network", "-p", f"actor={ego}", "--backend", "neo4j"], env=env)
    assert r.stdout.splitlines()[0].split()[:3] == ["direction", "type", "other_id"]


def test_cypher_command_prints_rows_and_reports_failures(neo4j_server, db, tmp_path):
    env = neo4j_server.env()
    f = tmp_path / "q.cypher"
    f.write_text("// two statements\nRETURN 'a;b' AS x, 1 AS n;\nRETURN $who AS who;\n", encoding="utf-8")
    r = run(["neo4j", "cypher", str(f), "-p", "who=it's me"], env=env)
    assert r.exit_code == 0, r.output
    assert "x\tn\na;b\t1\nwho\nit's me\n" in r.stdout and "ran 2 statement(s)" in r.output
    bad = tmp_path / "bad.cypher"
    bad.write_text("RETURN 1;\n\nMATCH (n RETURN n;\n", encoding="utf-8")
    r = run(["neo4j", "cypher", str(bad)], env=env)
    assert r.exit_code == 1 and f"{bad}:3: statement failed" in r.output and "Traceback" not in r.output


def test_query_list_and_errors():
    r = run(["query", "--list"])
    assert r.exit_code == 0
    for name in catalogue():
        assert name in r.output
    assert "-p source=<ID_OR_KIND> (default ks)" in r.output
    r = run(["query", "no-such-query"])
    assert r.exit_code == 1 and "unknown query 'no-such-query'" in r.output
    r = run(["query", "brokers", "-p", "source"])
    assert r.exit_code == 2 and "is not KEY=VALUE" in r.output
    r = run(["query"])
    assert r.exit_code == 2 and "give a query NAME" in r.output


def _closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def _assert_one_sentence(r, *needles, secret=None):
    assert r.exit_code == 1, r.output
    assert "Traceback" not in r.output
    lines = [x for x in r.output.splitlines() if x.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), r.output
    for n in needles:
        assert n in lines[0], (n, lines[0])
    if secret:
        assert secret not in r.output


@pytest.mark.parametrize("cmd", [["neo4j", "pull"], ["neo4j", "load", "--data", str(SAMPLE)],
                                 ["query", "brokers", "--backend", "neo4j"]], ids=" ".join)
def test_unreachable_server_is_one_sentence_naming_the_uri(cmd):
    uri = f"bolt://127.0.0.1:{_closed_port()}"
    r = run(cmd, env={"NEO4J_URI": uri, "NEO4J_PASSWORD": "s3cret-pass", "NEO4J_USERNAME": "neo4j",
                  "NEO4J_DATABASE": None})
    _assert_one_sentence(r, uri, "Cannot reach", "connection refused", secret="s3cret-pass")


def test_wrong_credentials_are_one_sentence(neo4j_server):
    r = run(["neo4j", "pull"], env=neo4j_server.env(NEO4J_PASSWORD="wrong-password-42"))
    _assert_one_sentence(r, neo4j_server.uri, "rejected the credentials", secret="wrong-password-42")
    r = run(["neo4j", "pull"], env=neo4j_server.env(NEO4J_USERNAME="nobody"))
    _assert_one_sentence(r, neo4j_server.uri, "'nobody'", secret=neo4j_server.password)


def test_unknown_database_is_one_sentence(neo4j_server):
    r = run(["neo4j", "pull", "--database", "nosuchdb"], env=neo4j_server.env())
    _assert_one_sentence(r, neo4j_server.uri, "no database 'nosuchdb'", secret=neo4j_server.password)


def test_bad_uri_and_missing_password_are_one_sentence(neo4j_server):
    r = run(["neo4j", "pull", "--uri", "http://127.0.0.1:7474"], env=neo4j_server.env())
    _assert_one_sentence(r, "http://127.0.0.1:7474", "Invalid Neo4j URI")
    r = run(["neo4j", "pull"], env={"NEO4J_URI": neo4j_server.uri, "NEO4J_PASSWORD": None})
    _assert_one_sentence(r, neo4j_server.uri, "No password")


def test_library_raises_neo4j_connection_error(neo4j_server):
    with pytest.raises(Neo4jConnectionError, match="rejected the credentials"):
        open_session(neo4j_server.config(password="nope-nope-nope"))
    cfg = Neo4jConfig.from_env(env={"NEO4J_URI": "bolt://h:1", "NEO4J_USER": "u", "NEO4J_PASSWORD": "p",
                                    "NEO4J_DATABASE": "d"})
    assert (cfg.uri, cfg.user, cfg.password, cfg.database) == ("bolt://h:1", "u", "p", "d")
    assert "s3cret" not in repr(Neo4jConfig(password="s3cret")) and "s3cret" not in Neo4jConfig(password="s3cret").where()


def test_retries_back_off_and_give_up():
    calls = []

    def flaky():
        calls.append(1)
        if len(calls) < 3:
            raise ConnectionResetError("transient")
        return "ok"

    assert with_retries(flaky, attempts=4, delay=0.001, retry_on=(ConnectionResetError,)) == "ok"
    assert len(calls) == 3
    calls.clear()
    with pytest.raises(ConnectionResetError):
        with_retries(lambda: calls.append(1) or (_ for _ in ()).throw(ConnectionResetError("x")),
                     attempts=2, delay=0.001, retry_on=(ConnectionResetError,))
    assert len(calls) == 2


def test_invalid_data_is_reported_and_nothing_is_written(neo4j_server, db, tmp_path):
    import shutil

    data = shutil.copytree(SAMPLE, tmp_path / "broken")
    broken = SAMPLE.parent / "broken" / "dangling_id" / "relations.csv"
    shutil.copy(broken, data / "relations.csv")
    before = db.read("MATCH (n:Innosys) RETURN count(n) AS c")
    r = run(["neo4j", "load", "--data", str(data)], env=neo4j_server.env())
    assert r.exit_code == 2 and "relations.csv:7: to_id: unknown id 'ict-typo'" in r.output
    assert db.read("MATCH (n:Innosys) RETURN count(n) AS c") == before
