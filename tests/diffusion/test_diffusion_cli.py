"""The CLI: exit codes, messages naming file and key, result directories."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest
from click.testing import CliRunner
from diffusion_helpers import BASE_SCENARIO, REPO, write_scenario

from innosys.cli import main


@pytest.fixture()
def run():
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)
    return invoke


@pytest.fixture()
def scenario(tmp_path):
    return write_scenario(tmp_path / "fixture.toml", BASE_SCENARIO)


def test_help_has_examples(run):
    for cmd in ("simulate", "sweep", "compare", "calibrate"):
        r = run(cmd, "--help")
        assert r.exit_code == 0 and "Example:" in r.output


def test_simulate_writes_result_directory(run, scenario, data_dir, tmp_path):
    out = tmp_path / "res"
    r = run("simulate", scenario, "--data", data_dir, "--out", out, "--runs", 30, "--seed", 4)
    assert r.exit_code == 0, r.output
    assert "final adopted share" in r.output and str(out) in r.output
    s = json.loads((out / "summary.json").read_text())
    assert s["runs"] == 30 and s["seed"] == 4 and s["data_dir"] == str(data_dir)
    assert len(pd.read_csv(out / "units.csv")) == 13          # the fixture includes its anonymised municipality


def test_simulate_json_and_workers_give_same_numbers(run, scenario, data_dir, tmp_path):
    r1 = run("simulate", scenario, "--data", data_dir, "--out", tmp_path / "a", "--runs", 70, "--json")
    r2 = run("simulate", scenario, "--data", data_dir, "--out", tmp_path / "b", "--runs", 70, "--json",
             "--workers", 2)
    assert r1.exit_code == 0 and r2.exit_code == 0
    j1 = json.loads(r1.stdout)
    assert j1["runs"] == 70 and j1["out"] == str(tmp_path / "a")
    for f in ("curves.csv", "units.csv", "trajectory.csv", "channels.csv", "categories.csv"):
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes(), f


def test_invalid_scenario_exits_2_naming_file_and_key(run, tmp_path, data_dir):
    bad = write_scenario(tmp_path / "bad.toml", BASE_SCENARIO.replace("awareness = 0.2", "awareness = 1.2"))
    r = run("simulate", bad, "--data", data_dir, "--out", tmp_path / "res")
    assert r.exit_code == 2
    assert f"{bad}: key 'channels.mass_media.awareness'" in r.output
    assert "Traceback" not in r.output and not (tmp_path / "res").exists()


def test_unknown_id_exits_2(run, tmp_path, data_dir):
    bad = write_scenario(tmp_path / "bad.toml", BASE_SCENARIO.replace("inn:tool", "inn:missing"))
    r = run("simulate", bad, "--data", data_dir, "--out", tmp_path / "res")
    assert r.exit_code == 2 and "key 'innovation.id'" in r.output and "inn:missing" in r.output


def test_missing_scenario_file_exits_2(run, tmp_path, data_dir):
    r = run("simulate", tmp_path / "nope.toml", "--data", data_dir)
    assert r.exit_code == 2 and "file not found" in r.output


def test_invalid_data_exits_2(run, scenario, tmp_path):
    (tmp_path / "empty").mkdir()
    r = run("simulate", scenario, "--data", tmp_path / "empty", "--out", tmp_path / "res")
    assert r.exit_code == 2 and not (tmp_path / "res").exists()


def test_bad_option_values(run, scenario, data_dir, tmp_path):
    assert run("simulate", scenario, "--data", data_dir, "--runs", 0).exit_code == 2
    r = run("sweep", scenario, "--data", data_dir, "--param", "channels.mass_media.awareness")
    assert r.exit_code == 2 and "KEY=VALUE" in r.output
    r = run("sweep", scenario, "--data", data_dir, "--param", "channels.mass_media.awareness=0.1,7",
            "--out", tmp_path / "sw")
    assert r.exit_code == 2 and "channels.mass_media.awareness" in r.output and not (tmp_path / "sw").exists()


def test_sweep(run, scenario, data_dir, tmp_path):
    out = tmp_path / "sw"
    r = run("sweep", scenario, "--data", data_dir, "--out", out, "--runs", 40,
            "--param", "channels.interpersonal.adoption=0.05,0.5", "--param", "channels.mass_media.awareness=0.1,0.3")
    assert r.exit_code == 0, r.output
    t = pd.read_csv(out / "sweep.csv")
    assert len(t) == 4 and {"channels.interpersonal.adoption", "final_share_mean", "t50"} <= set(t.columns)
    for d in t["result_dir"]:
        assert (out / d / "summary.json").exists()
    # common random numbers: more interpersonal influence never lowers the final share
    lo = t[t["channels.interpersonal.adoption"] == 0.05].set_index("channels.mass_media.awareness")
    hi = t[t["channels.interpersonal.adoption"] == 0.5].set_index("channels.mass_media.awareness")
    assert (hi["final_share_mean"] >= lo["final_share_mean"]).all()


def test_compare(run, scenario, data_dir, tmp_path):
    other = write_scenario(tmp_path / "strong.toml",
                           BASE_SCENARIO.replace('name = "fixture"', 'name = "strong"')
                           .replace("awareness = 0.2", "awareness = 0.6"))
    out = tmp_path / "cmp"
    r = run("compare", scenario, other, "--data", data_dir, "--out", out, "--runs", 50)
    assert r.exit_code == 0, r.output
    t = pd.read_csv(out / "comparison.csv")
    assert list(t["scenario"]) == ["fixture", "strong"]
    assert t.loc[0, "diff_final_share_mean"] == 0 and t.loc[1, "diff_final_share_mean"] > 0
    assert t.loc[1, "diff_final_share_p05"] >= 0          # paired on common random numbers
    assert (out / "fixture" / "summary.json").exists() and (out / "strong" / "units.csv").exists()
    assert "common random numbers" in r.output


def test_calibrate(run, scenario, data_dir, tmp_path):
    obs = tmp_path / "obs.csv"
    obs.write_text("date,count\n2016-06,3\n2017-06,6\n2018-06,9\n")
    out = tmp_path / "cal"
    r = run("calibrate", scenario, "--data", data_dir, "--observed", obs, "--runs", 20, "--bootstrap", 3,
            "--maxiter", 20, "--out", out)
    assert r.exit_code == 0, r.output
    cal = json.loads((out / "calibration.json").read_text())
    assert [p["param"] for p in cal["params"]] == ["channels.mass_media.adoption", "channels.interpersonal.adoption"]
    assert cal["gof"]["n_obs"] == 3 and (out / "fit.csv").exists() and (out / "scenario.toml").exists()
    r = run("calibrate", scenario, "--data", data_dir, "--from-data", "--runs", 10, "--bootstrap", 0,
            "--maxiter", 10, "--out", tmp_path / "cal2", "--json")
    assert r.exit_code == 0, r.output
    j = json.loads(r.stdout)
    # 2015-12 and 2016-12 from the adoptions table; the 2018-12 count lies after the horizon (2018-06)
    assert j["gof"]["n_obs"] == 2 and any("outside" in n for n in j["notes"])
    assert run("calibrate", scenario, "--data", data_dir).exit_code == 2
    obs.write_text("when,count\n1,2\n")
    r = run("calibrate", scenario, "--data", data_dir, "--observed", obs)
    assert r.exit_code == 2 and "obs.csv" in r.output


@pytest.mark.slow
def test_module_entry_point(scenario, data_dir, tmp_path):
    """The real command line (python -m innosys) exits 0 and 2 as documented."""
    ok = subprocess.run([sys.executable, "-m", "innosys", "simulate", str(scenario), "--data", str(data_dir),
                         "--out", str(tmp_path / "r"), "--runs", "10"], cwd=REPO, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    bad = write_scenario(tmp_path / "bad.toml", BASE_SCENARIO.replace("steps = 12", "steps = \"many\""))
    err = subprocess.run([sys.executable, "-m", "innosys", "simulate", str(bad), "--data", str(data_dir)],
                         cwd=REPO, capture_output=True, text=True)
    assert err.returncode == 2 and "key 'time.steps'" in err.stderr and "Traceback" not in err.stderr


HUGE = BASE_SCENARIO + """
[channels.fair]
type = "event"
attendees = "all"
every = 100000000000000000000
"""


def test_an_integer_too_large_is_a_validation_error_before_anything_runs(run, tmp_path, data_dir):
    """Integer keys have bounds: no OverflowError deep inside a run (issue 16)."""
    bad = write_scenario(tmp_path / "huge.toml", HUGE)
    r = run("simulate", bad, "--data", data_dir, "--out", tmp_path / "res")
    assert r.exit_code == 2, r.output
    assert f"{bad}: key 'channels.fair.every': must be <= 2147483647" in r.output
    assert "Traceback" not in r.output and not (tmp_path / "res").exists()
    ok = write_scenario(tmp_path / "ok.toml", HUGE.replace("100000000000000000000", "4"))
    r = run("sweep", ok, "--data", data_dir, "--param", "channels.fair.every=1e30", "--out", tmp_path / "sw")
    assert r.exit_code == 2, r.output
    assert "key 'channels.fair.every': must be <= 2147483647" in r.output and str(ok) in r.output
    assert "Traceback" not in r.output and not (tmp_path / "sw").exists()


@pytest.mark.parametrize("start, message", [
    ('"2030-01"', "'2030-01' is step 59, after the last step 12 (2018-06): the intervention would never act"),
    ("13", "step 13, after the last step 12 (2018-06)"),
    ('"2015-01"', "'2015-01' is before the simulation starts (time.start = '2015-06')"),
])
def test_interventions_outside_the_horizon_are_errors(run, tmp_path, data_dir, start, message):
    text = BASE_SCENARIO + f"""
[[interventions]]
start = {start}
set = {{ "channels.mass_media.awareness" = 0.5 }}
"""
    bad = write_scenario(tmp_path / "late.toml", text)
    r = run("simulate", bad, "--data", data_dir, "--out", tmp_path / "res")
    assert r.exit_code == 2, r.output
    assert f"{bad}: key 'interventions[0].start': {message}" in r.output
    assert not (tmp_path / "res").exists()
