"""innosys viz network / viz diffusion / report from the command line."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from innosys.cli import main

from .conftest import NET_DATA


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.mark.parametrize("cmd", [["viz"], ["viz", "network"], ["viz", "diffusion"], ["report"]])
def test_help_has_an_example(cmd):
    r = run(*cmd, "--help")
    assert r.exit_code == 0
    assert "Example:" in r.output and f"innosys {' '.join(cmd)}" in r.output


def test_viz_network_writes_a_page(tmp_path):
    out = tmp_path / "net.html"
    r = run("viz", "network", "--data", NET_DATA, "--out", out)
    assert r.exit_code == 0, r.output
    assert f"wrote {out} (23 nodes, 20 edges;" in r.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_viz_network_filters(tmp_path):
    out = tmp_path / "f.html"
    r = run("viz", "network", "--data", NET_DATA, "--out", out, "--kind", "Municipality", "--kind", "County",
            "--county", "North County", "--geo")
    assert r.exit_code == 0, r.output
    assert "(3 nodes, 2 edges;" in r.output
    r = run("viz", "network", "--data", NET_DATA, "--out", out, "--activity", "6", "--relation", "PERFORMS")
    assert "(3 nodes, 2 edges;" in r.output


@pytest.mark.parametrize("args, message", [
    (["--kind", "Kommune"], "unknown node kind(s) 'Kommune'"),
    (["--relation", "LIKES"], "unknown relation type(s) 'LIKES'"),
    (["--activity", "42"], "unknown Edquist activity '42'"),
    (["--county", "Atlantis"], "unknown county 'Atlantis'"),
])
def test_viz_network_bad_filter_is_one_clear_sentence(tmp_path, args, message):
    out = tmp_path / "x.html"
    r = run("viz", "network", "--data", NET_DATA, "--out", out, *args)
    assert r.exit_code != 0
    assert r.output.startswith("Error: ") and message in r.output
    assert "Traceback" not in r.output
    assert not out.exists()


def test_viz_network_invalid_data_exits_2(tmp_path):
    d = shutil.copytree(NET_DATA, tmp_path / "data")
    with open(d / "relations.csv", "a", encoding="utf-8") as f:
        f.write("m:0101,LOVES,m:0102,,,,,tv,1,stated\n")
    out = tmp_path / "x.html"
    r = run("viz", "network", "--data", d, "--out", out)
    assert r.exit_code == 2
    assert "relations.csv:16" in r.output
    assert not out.exists()


def test_viz_diffusion_default_output_goes_into_the_result_dir(tmp_path, result_dirs):
    d = shutil.copytree(result_dirs["base"], tmp_path / "run")
    r = run("viz", "diffusion", d)
    assert r.exit_code == 0, r.output
    assert (d / "playback.html").is_file()
    assert "steps" in r.output


def test_viz_diffusion_incomplete_dir(tmp_path, result_dirs):
    d = shutil.copytree(result_dirs["base"], tmp_path / "run")
    (d / "trajectory.csv").unlink()
    out = tmp_path / "p.html"
    r = run("viz", "diffusion", d, "--out", out)
    assert r.exit_code == 1
    assert r.output.strip() == (f"Error: {d}: not a complete result directory (format_version 1): "
                                "missing trajectory.csv")
    assert not out.exists()


def test_report_compares_dirs(tmp_path, result_dirs):
    out = tmp_path / "report.html"
    r = run("report", result_dirs["base"], result_dirs["fast"], "--out", out, "--top", 3)
    assert r.exit_code == 0, r.output
    assert "(2 scenarios, 3 units;" in r.output
    assert out.read_text(encoding="utf-8").count('<tr><td>') >= 3


def test_report_names_the_bad_dir(tmp_path, result_dirs):
    out = tmp_path / "report.html"
    r = run("report", result_dirs["base"], tmp_path / "missing", "--out", out)
    assert r.exit_code == 1
    assert f"Error: {tmp_path / 'missing'}: result directory not found" in r.output
    assert not out.exists()


def test_report_needs_a_dir():
    r = run("report")
    assert r.exit_code == 2 and "Missing argument" in r.output


def test_viz_diffusion_refuses_a_tampered_summary_and_writes_no_page(tmp_path, result_dirs):
    import json

    d = shutil.copytree(result_dirs["base"], tmp_path / "run")
    s = json.loads((d / "summary.json").read_text())
    s["steps"] = -5
    (d / "summary.json").write_text(json.dumps(s))
    r = run("viz", "diffusion", d)
    assert r.exit_code != 0
    assert "summary.json: key 'steps'" in r.output and "Traceback" not in r.output
    assert not (d / "playback.html").exists()
