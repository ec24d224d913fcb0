"""innosys explore: exit code 2 with the option or key named for bad input, and the README's example."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from innosys.cli import main

pytestmark = pytest.mark.slow  # real processes, servers or clusters: seconds per test

ROOT = Path(__file__).resolve().parents[2]
NATIONWIDE = str(ROOT / "examples" / "scenarios" / "nationwide.toml")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_help_has_an_example():
    r = run("explore", "--help")
    assert r.exit_code == 0 and "Example:" in r.output and "innosys explore" in r.output


@pytest.mark.parametrize("extra, message", [
    (["--vary", "channels.peers.adoption=0.3"], "--vary 'channels.peers.adoption=0.3'"),
    (["--vary", "population.kinds=0:1"], "cannot be explored"),
    (["--vary", "channels.peers.adoption=0.1:0.2", "--outcome", "median"], "--outcome 'median'"),
    (["--vary", "channels.peers.adoption=0.1:0.2", "--outcome", "share@2040-01"], "outside the scenario's time span"),
    (["--vary", "channels.peers.adoption=0.1:0.2", "--target", "final_share=1"], "--target"),
    (["--vary", "channels.peers.adoption=0.1:0.2", "--samples", "12"], "power of two"),
    (["--vary", "channels.peers.adoption=0.1:3"], "channels.peers.adoption"),
    (["--vary", "channels.nosuch.adoption=0.1:0.2"], "channels.nosuch"),
])
def test_bad_input_exits_2_naming_what_is_wrong(tmp_path, extra, message):
    out = tmp_path / "ex"
    # the last --samples wins, so a case may give its own
    r = run("explore", NATIONWIDE, "--runs", "2", "--samples", "4", *extra, "--scheduler", "none", "--out", out)
    assert r.exit_code == 2, r.output
    assert message in r.output
    assert not out.exists()          # nothing half-written


def test_bad_scenario_names_file_and_key(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(Path(NATIONWIDE).read_text(encoding="utf-8").replace("steps = 40", "steps = -1"), encoding="utf-8")
    r = run("explore", bad, "--vary", "channels.peers.adoption=0.1:0.2", "--scheduler", "none", "--out", tmp_path / "x")
    assert r.exit_code == 2 and "bad.toml" in r.output and "time.steps" in r.output


def readme_explore_command() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```text\n(.*?)```", readme, re.S) if "innosys explore" in b)
    line = block.split("innosys report")[0].replace("\\\n", " ")
    return shlex.split(line)


def _set(args: list[str], option: str, value: str) -> list[str]:
    i = args.index(option)
    return args[:i + 1] + [value] + args[i + 2:]


def test_readme_sobol_example_runs_small_on_a_local_cluster_and_is_linked_from_report(tmp_path):
    args = readme_explore_command()
    assert args[:3] == ["innosys", "explore", "examples/scenarios/nationwide.toml"]
    assert args[args.index("--method") + 1] == "sobol"
    args = _set(_set(_set(args, "--samples", "4"), "--runs", "4"), "--out", str(tmp_path / "explore"))
    args[2] = NATIONWIDE
    r = run(*args[1:])
    assert r.exit_code == 0, r.output
    out = tmp_path / "explore"
    res = pd.read_parquet(out / "results.parquet")
    n_params = args.count("--vary")
    assert len(res) == 4 * (2 * n_params + 2)
    sobol = pd.read_csv(out / "sobol.csv")
    assert len(sobol) == 3 * n_params and set(sobol["outcome"]) == {"final_share", "t50", "share@2022-01"}
    assert (out / "explore.html").stat().st_size > 100_000 and "Sobol" in r.output
    # a second identical run needs --resume, and with it reruns nothing and gives the same numbers
    again = run(*args[1:])
    assert again.exit_code == 2 and "--resume" in again.output
    again = run(*args[1:], "--resume", "--scheduler", "none")
    assert again.exit_code == 0, again.output
    pd.testing.assert_frame_equal(pd.read_parquet(out / "results.parquet"), res, check_exact=True)
    # innosys report links the exploration's page
    report = tmp_path / "report.html"
    r = run("report", out, "--out", report)
    assert r.exit_code == 0, r.output
    assert 'href="explore/explore.html"' in report.read_text(encoding="utf-8")


def test_scheduler_address_from_option_and_environment(tmp_path, client2, monkeypatch):
    address = client2.scheduler.address
    assert address.startswith("tcp://")
    base = ["explore", NATIONWIDE, "--vary", "channels.peers.adoption=0.05:0.3", "--vary",
            "adoption.own_initiative=0.001:0.01:log", "--method", "lhs", "--samples", "6", "--runs", "3", "--chunk-size", "2"]
    def transitions():
        return client2.run_on_scheduler(lambda dask_scheduler: dask_scheduler.transition_counter)

    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", address)
    before = transitions()
    r = run(*base, "--out", tmp_path / "env")
    assert r.exit_code == 0, r.output
    assert transitions() >= before + 9         # the three chunks went through that scheduler
    monkeypatch.delenv("DASK_SCHEDULER_ADDRESS")
    r = run(*base, "--scheduler", address, "--out", tmp_path / "opt")
    assert r.exit_code == 0, r.output
    r = run(*base, "--scheduler", "none", "--out", tmp_path / "serial")
    assert r.exit_code == 0, r.output
    a, b, c = (pd.read_parquet(tmp_path / d / "results.parquet") for d in ("env", "opt", "serial"))
    pd.testing.assert_frame_equal(a, c, check_exact=True)
    pd.testing.assert_frame_equal(b, c, check_exact=True)
