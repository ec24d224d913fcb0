"""--out never destroys what innosys did not write (issue: data loss through --out)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from diffusion_helpers import BASE_SCENARIO, write_scenario

from innosys.atomic import MARKER
from innosys.cli import main


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture()
def workdir(tmp_path, monkeypatch):
    """A user's folder: the scenario beside their notes; the tests run inside it."""
    work = tmp_path / "work"
    (work / "notes").mkdir(parents=True)
    write_scenario(work / "my.toml", BASE_SCENARIO)
    (work / "notes" / "thesis.txt").write_text("three years of work")
    monkeypatch.chdir(work)
    return work


def intact(work):
    assert sorted(p.name for p in work.iterdir()) == ["my.toml", "notes"]
    assert (work / "notes" / "thesis.txt").read_text() == "three years of work"
    return True


def _commands(data_dir, out):
    return {
        "simulate": ["simulate", "my.toml", "--runs", 5],
        "compare": ["compare", "my.toml", "my.toml", "--runs", 5],
        "sweep": ["sweep", "my.toml", "--param", "run.seed=1,2", "--runs", 5],
        "calibrate": ["calibrate", "my.toml", "--observed", "notes/thesis.txt", "--runs", 5,
                      "--bootstrap", 0, "--maxiter", 5],
    }


@pytest.mark.parametrize("cmd", ["simulate", "compare", "sweep", "calibrate"])
@pytest.mark.parametrize("out", [".", "$PWD", "..", "notes"])
def test_out_never_replaces_the_cwd_a_parent_or_a_foreign_directory(workdir, data_dir, cmd, out):
    out = str(workdir) if out == "$PWD" else out
    args = _commands(data_dir, out)[cmd] + ["--data", data_dir, "--out", out]
    r = run(*args)
    assert r.exit_code == 2, r.output
    assert "Traceback" not in r.output and ("never replaced" in r.output or "--force" in r.output)
    assert intact(workdir)
    if out != "notes":  # the current directory and its parents: not even with --force
        r = run(*args, "--force")
        assert r.exit_code == 2 and "never replaced" in r.output
        assert intact(workdir)


def test_a_directory_holding_the_scenario_is_never_replaced(tmp_path, data_dir):
    folder = tmp_path / "folder"
    folder.mkdir()
    write_scenario(folder / "my.toml", BASE_SCENARIO)
    r = run("simulate", folder / "my.toml", "--data", data_dir, "--out", folder, "--runs", 5, "--force")
    assert r.exit_code == 2 and "holds the input file" in r.output
    assert [p.name for p in folder.iterdir()] == ["my.toml"]


def test_own_result_directory_is_replaced_foreign_only_with_force(tmp_path, data_dir):
    sc = write_scenario(tmp_path / "my.toml", BASE_SCENARIO)
    out = tmp_path / "res"
    assert run("simulate", sc, "--data", data_dir, "--out", out, "--runs", 5).exit_code == 0
    assert (out / MARKER).exists()
    assert run("simulate", sc, "--data", data_dir, "--out", out, "--runs", 6).exit_code == 0
    (out / "my-notes.txt").write_text("mine")
    r = run("simulate", sc, "--data", data_dir, "--out", out, "--runs", 5)
    assert r.exit_code == 2 and "my-notes.txt" in r.output and "--force" in r.output
    assert (out / "my-notes.txt").read_text() == "mine"
    assert run("simulate", sc, "--data", data_dir, "--out", out, "--runs", 5, "--force").exit_code == 0
    assert not (out / "my-notes.txt").exists() and (out / "summary.json").exists()
