"""The CLI spine: exit codes, messages, JSON output, exports, no half-written files."""

import json
import subprocess
import sys

import networkx as nx
import pytest
from click.testing import CliRunner
from conftest import SAMPLE, make_broken

from innosys.cli import main


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_version_and_help():
    r = run("--version")
    assert r.exit_code == 0 and "innosys, version" in r.output
    r = run("--help")
    assert r.exit_code == 0
    for cmd in ("validate", "info", "export"):
        assert cmd in r.output


@pytest.mark.parametrize("cmd", ["validate", "info", "export"])
def test_every_command_has_help_with_an_example(cmd):
    r = run(cmd, "--help")
    assert r.exit_code == 0
    assert "Example:" in r.output and f"innosys {cmd}" in r.output


def test_help_starts_without_heavy_imports():
    code = ("import sys; from innosys.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit: pass\n"
            "heavy = [m for m in ('pandas', 'networkx', 'neo4j', 'scipy', 'numpy', 'plotly') if m in sys.modules]\n"
            "print('HEAVY', heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "HEAVY []" in out


def test_validate_ok():
    r = run("validate", "--data", str(SAMPLE))
    assert r.exit_code == 0 and "is valid" in r.output


def test_validate_broken_exits_2_with_location(tmp_path):
    data = make_broken("dangling_id", tmp_path / "d")
    r = CliRunner().invoke(main, ["validate", "--data", str(data)])
    assert r.exit_code == 2
    assert "relations.csv:7: to_id: unknown id 'ict-typo'" in r.output
    assert "Traceback" not in r.output


def test_info_json_counts():
    r = run("info", "--data", str(SAMPLE), "--json")
    c = json.loads(r.output)
    assert c["node_kinds"]["Municipality"] == 4
    assert c["relation_types"]["PERFORMS"] == 4
    assert c["activities"]["5"] == 2
    assert c["observations"] == 2


def test_info_text():
    r = run("info", "--data", str(SAMPLE))
    assert "Nodes per kind" in r.output and "Municipality" in r.output


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_export_files_open_with_same_counts(fmt, tmp_path):
    out = tmp_path / f"g.{fmt}"
    r = run("export", fmt, "--out", str(out), "--data", str(SAMPLE))
    assert r.exit_code == 0
    if fmt == "graphml":
        H = nx.read_graphml(out, force_multigraph=True)
    elif fmt == "gexf":
        H = nx.read_gexf(out)
    else:
        H = nx.node_link_graph(json.loads(out.read_text()), edges="edges", source="from", target="to")
        assert all("source" in d for *_, d in H.edges(data=True))  # provenance survives
    assert H.number_of_nodes() == 23
    assert H.number_of_edges() == 22


def test_export_csv_round_trips(tmp_path):
    out = tmp_path / "tables"
    assert run("export", "csv", "--out", str(out), "--data", str(SAMPLE)).exit_code == 0
    assert run("validate", "--data", str(out)).exit_code == 0


@pytest.mark.parametrize("fmt", ["graphml", "csv"])
def test_export_of_invalid_data_writes_nothing(fmt, tmp_path):
    data = make_broken("bad_number", tmp_path / "d")
    out = tmp_path / "out" / ("g.graphml" if fmt == "graphml" else "tables")
    r = CliRunner().invoke(main, ["export", fmt, "--out", str(out), "--data", str(data)])
    assert r.exit_code == 2
    assert "population" in r.output
    assert not out.exists()
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_missing_data_dir(tmp_path):
    r = CliRunner().invoke(main, ["info", "--data", str(tmp_path / "nope")])
    assert r.exit_code == 2
    assert "data directory not found" in r.output


@pytest.mark.slow
def test_console_script_runs():
    out = subprocess.run(["innosys", "validate", "--data", str(SAMPLE)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
