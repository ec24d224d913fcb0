"""Hold-out forecasts: the observed-series reader, the Bass fit, innosys vs Bass, the CLI and the validation command."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from diffusion_helpers import REPO

from innosys.diffusion import build_model, scenario_from_dict, simulate
from innosys.diffusion.bass import bass_curve, fit_bass
from innosys.diffusion.forecast import VALIDATION_CASES, holdout, series_from_data, without_network
from innosys.diffusion.observed import check_against_model, read_observed

pytestmark = pytest.mark.slow  # real processes, servers or clusters: seconds per test


@pytest.fixture()
def run():
    from click.testing import CliRunner

    from innosys.cli import main

    runner = CliRunner()
    return lambda *args: runner.invoke(main, [str(a) for a in args], catch_exceptions=False)


SC = {"innovation": {"name": "Demo"}, "time": {"start": "2020-01", "steps": 24},
      "run": {"runs": 40, "seed": 3}, "seeds": {"adopters": ["0"]},
      "adoption": {"own_initiative": 0, "rejection": 0, "reconsider": 0},
      "channels": {"mass_media": {"awareness": 0.3, "adoption": 0.02},
                   "interpersonal": {"layers": {"graph": 1.0, "county": 0.5}, "adoption": 0.2}}}


def test_bass_fit_recovers_known_coefficients():
    t = np.linspace(0.5, 6, 8)
    fit = fit_bass(t, bass_curve(t, 0.02, 0.6, 250.0), population=357)
    assert fit.p == pytest.approx(0.02, rel=0.05) and fit.q == pytest.approx(0.6, rel=0.05)
    assert fit.m == pytest.approx(250, rel=0.02) and fit.rmse < 1e-3
    assert fit_bass([1, 2], [400, 500], population=357).m >= 500 - 1e-6   # m never below what was seen
    with pytest.raises(ValueError, match="at least 2"):
        fit_bass([1.0], [3.0], population=10)


@pytest.mark.parametrize("text, message", [
    ("date,share\n2018-05,0.1\n2019-01,1.2\n", r"obs.csv:3: share: must lie between 0 and 1"),
    ("date,count\n2018-05,4\n2018-05,6\n", r"obs.csv:3: date: 2018-05 repeats line 2"),
    ("date,count\n2018-05,9\n2019-01,6\n", r"obs.csv:3: count: 6 is below"),
    ("date,count\n2018-13,9\n2019-01,10\n", r"obs.csv:2: date: expected YYYY"),
    ("date,count\n2018-05,4\n", r"obs.csv: too short: 1 observation"),
    ("date,count,ids\n2018-05,2,a;b\n2019-01,3,a;c;d\n", r"obs.csv:3: ids: b adopted by the previous row"),
    ("date,count,ids\n2018-05,3,a;b\n2019-01,3,a;b;c\n", r"obs.csv:2: count: 3 differs from the 2 ids"),
    ("date,count\n2018-05,4\n2019-01,x\n", r"obs.csv:3: count: not a number"),
    ("when,count\n1,2\n2,3\n", "needs columns"),
])
def test_malformed_series_name_file_line_and_field(tmp_path, text, message):
    f = tmp_path / "obs.csv"
    f.write_text(text)
    with pytest.raises(ValueError, match=message):
        read_observed(f)


def test_series_checked_against_the_scenario(tmp_path):
    m = build_model(scenario_from_dict(SC), nx.karate_club_graph())      # 34 units, quarters 2020-01..2026-01
    f = tmp_path / "obs.csv"
    for text, message in [("date,count\n2020-03,3\n2020-09,40\n", r"obs.csv:3: count: 40 is larger than the population of 34"),
                          ("date,count\n2019-03,3\n2020-09,4\n", r"obs.csv:2: date: 2019-03 lies outside"),
                          ("date,count\n2020-03,3\n2027-09,4\n", r"obs.csv:3: date: 2027-09 lies outside"),
                          ("date,count,ids\n2020-01,1,0\n2020-09,2,0;nope\n", r"obs.csv:3: ids: not adopting units"),
                          ("date,count,share\n2020-03,3,0.5\n2020-09,20,0.6\n", r"obs.csv:2: share: 0.5 of 34")]:
        f.write_text(text)
        with pytest.raises(ValueError, match=message):
            check_against_model(read_observed(f), m)
    f.write_text("date,share\n2020-03,0.25\n2020-09,0.5\n")
    assert list(check_against_model(read_observed(f), m)["count"]) == [8.5, 17.0]


def test_without_network_keeps_geography_only():
    sc, silenced = without_network(scenario_from_dict(SC))
    assert sc.data["channels"]["interpersonal"]["layers"] == {"county": 0.5} and silenced == []
    only_graph = scenario_from_dict({**SC, "channels": {"interpersonal": {"layers": {"graph": 1.0}}}})
    sc2, silenced2 = without_network(only_graph)
    assert silenced2 == ["interpersonal"] and sc2.get("channels.interpersonal.adoption") == 0.0


def test_holdout_on_series_the_model_made_forecasts_it_well(tmp_path):
    """A series simulated by innosys itself is forecast closely by innosys after the cut-off."""
    G = nx.karate_club_graph()
    truth = simulate(scenario_from_dict(SC), G, runs=200, seed=11)
    dates = truth.model.dates if hasattr(truth, "model") else build_model(scenario_from_dict(SC), G).dates
    mean = truth.counts("adopted").mean(axis=1)
    idx = [3, 6, 9, 12, 18, 24]
    obs = pd.DataFrame({"date": [dates[i] for i in idx], "count": mean[idx]})
    fc = holdout(scenario_from_dict(SC), obs, G, until=dates[9], runs=40, maxiter=30)
    e = fc.errors.set_index("model")
    assert e.loc["innosys", "n_fit"] == 3 and e.loc["innosys", "n_holdout"] == 3
    assert e.loc["innosys", "rmse_share"] < 0.08
    assert set(fc.curves.columns) >= {"date", "innosys_p05", "innosys_p95", "innosys_no_network_mean", "bass"}
    assert (fc.curves["innosys_p05"] <= fc.curves["innosys_mean"] + 1e-12).all()
    again = holdout(scenario_from_dict(SC), obs, G, until=dates[9], runs=40, maxiter=30)
    pd.testing.assert_frame_equal(again.curves, fc.curves)            # same scenario + seed, same numbers
    # re-run from the written scenario file: the calibrated rates reproduce the innosys curve
    from innosys.diffusion import load_scenario
    fc.write(tmp_path / "fc")
    rerun = simulate(load_scenario(tmp_path / "fc" / "scenario.toml"), G, runs=40, seed=3)
    assert np.allclose(rerun.counts("adopted").mean(axis=1) / 34, fc.curves["innosys_mean"])
    with pytest.raises(ValueError, match="no observations after"):
        holdout(scenario_from_dict(SC), obs, G, until=dates[24], runs=5, maxiter=5)
    with pytest.raises(ValueError, match="only 1 observation"):
        holdout(scenario_from_dict(SC), obs, G, until=dates[3], runs=5, maxiter=5)


def test_series_from_the_shipped_data_leaves_announcements_out():
    from innosys.graph import load_graph

    s = series_from_data(load_graph(), "inn:digisos-soknad")
    assert list(s["date"]) == ["2018-05", "2018-06", "2018-09", "2019-02", "2019-03", "2020-03"]
    assert list(s["count"]) == [4, 5, 6, 25, 34, 178]
    # the adoptions table names the pilots of 2018 (from December 2018 on) and Hamar (2019)
    assert s["ids"].iloc[0] == () and len(s["ids"].iloc[3]) == 6 and "m:3403" in s["ids"].iloc[5]


def test_series_given_as_shares_becomes_counts_of_the_scenario_population():
    """Healthy-life centres are recorded as shares of the municipalities of each year (their number
    fell with the mergers); the hold-out turns them into counts of the scenario's population."""
    from innosys.diffusion import build_model, load_scenario
    from innosys.diffusion.observed import check_against_model
    from innosys.graph import load_graph

    G = load_graph()
    s = series_from_data(G, "inn:frisklivssentral")
    assert "count" not in s.columns and list(s["date"]) == ["2011-12", "2015-12", "2017-12", "2019-12", "2023-12"]
    assert list(s["share"]) == [0.30, 0.59, 0.62, 0.60, 0.66]
    model = build_model(load_scenario(REPO / "examples" / "scenarios" / "validation" / "frisklivssentral.toml"), G)
    checked = check_against_model(s, model)
    assert checked["count"].tolist() == pytest.approx([0.30 * 357, 0.59 * 357, 0.62 * 357, 0.60 * 357, 0.66 * 357])


def test_calibrate_until_cli(run, tmp_path):
    scenario = REPO / "examples" / "scenarios" / "validation" / "digisos.toml"
    obs = tmp_path / "digisos.csv"
    obs.write_text("date,count,ids\n2018-05,4,m:0301;m:4601;m:4627;m:3901\n2018-06,5,\n2018-09,6,\n"
                   "2019-03,34,\n2020-03,178,\n")
    out = tmp_path / "fc"
    r = run("calibrate", scenario, "--observed", obs, "--until", "2018-09", "--runs", 10, "--maxiter", 8,
            "--out", out)
    assert r.exit_code == 0, r.output
    errors = pd.read_csv(out / "errors.csv")
    assert list(errors["model"]) == ["innosys", "innosys_no_network", "bass"]
    assert (errors["n_fit"] == 3).all() and (errors["n_holdout"] == 2).all()
    assert "4 adopter(s) listed at the start are seed adopters" in json.loads((out / "forecast.json").read_text())["notes"]
    obs.write_text("date,count\n2018-05,4\n2018-09,400\n")
    r = run("calibrate", scenario, "--observed", obs, "--until", "2018-06")
    assert r.exit_code == 2 and "digisos.csv:3: count: 400 is larger than the population of 357" in r.output
    obs.write_text("date,count\n2018-05,4\n2018-09,6\n")
    r = run("calibrate", scenario, "--observed", obs, "--until", "2018-09")
    assert r.exit_code == 2 and "no observations after 2018-09" in r.output
    r = run("calibrate", scenario, "--from-data", "--until", "2018-09", "--runs", 5, "--maxiter", 5,
            "--out", tmp_path / "fd")
    assert r.exit_code == 0, r.output
    assert list(pd.read_csv(tmp_path / "fd" / "observed.csv")["count"]) == [4, 5, 6, 25, 34, 178]
    assert run("calibrate", scenario, "--from-data", "--until", "2021-01").exit_code == 2   # nothing after


def test_validation_command_writes_the_table(tmp_path):
    doc = tmp_path / "validation.md"
    doc.write_text((REPO / "docs" / "validation.md").read_text())
    out = tmp_path / "v"
    p = subprocess.run([sys.executable, str(REPO / "benchmarks" / "validation.py"), "--runs", "5", "--maxiter", "5",
                        "--out", str(out), "--doc", str(doc)], capture_output=True, text=True, cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    table = pd.read_csv(out / "errors.csv")
    assert set(table["case"]) == set(VALIDATION_CASES) >= {"digisos", "velferdsteknologi", "digital_hjemmeoppfolging",
                                                            "kjernejournal", "frisklivssentral"}
    assert len(table) == 3 * len(VALIDATION_CASES) and table["rmse_share"].notna().all()
    text = doc.read_text()
    assert "| digisos | 2018-09 | 3 / 3 | bass |" in text and "Settings: 5 runs" in text
    assert "| frisklivssentral | 2017-12 | 3 / 2 | bass |" in text
    # each score is bracketed by its range over the other seeds' repeats (scores in OUT/spread/)
    assert (out / "spread" / "seed-2" / "errors.csv").exists() and "RMSE range over 3 Monte Carlo seed(s)" in text
    rows = re.findall(r"\| (\w+) \| [\d-]+ \| \d+ / \d+ \| (\w+) \| ([\d.]+) \| ([\d.]+)–([\d.]+) \|", text)
    assert len(rows) == len(table)
    assert all(float(lo) <= float(v) <= float(hi) for _, _, v, lo, hi in rows)
    assert "Bass beats innosys at every seed" in text or "innosys and Bass trade places" in text \
        or "innosys beats Bass at every seed" in text
    for case in VALIDATION_CASES:
        assert (out / case / "curves.csv").exists() and (out / case / "observed.csv").exists()


def test_who_recall_rewards_a_network_that_knows_who_adopts(tmp_path):
    """Two cliques joined by one tie, seeded in the first: the network forecast expects the first
    clique's members to adopt; without the network only the national channel is left, which
    cannot tell the cliques apart."""
    G = nx.barbell_graph(12, 0)                     # nodes 0-11 and 12-23, one bridge
    spec = {**SC, "time": {"start": "2020-01", "step": "month", "steps": 24}, "seeds": {"adopters": ["0"]},
            "channels": {"mass_media": {"awareness": 0.3, "adoption": 0.01},
                         "interpersonal": {"layers": {"graph": 1.0}, "adoption": 0.3}}}
    truth = simulate(scenario_from_dict(spec), G, runs=200, seed=5)
    mean = truth.counts("adopted").mean(axis=1)
    dates = build_model(scenario_from_dict(spec), G).dates
    first = sorted(str(i) for i in range(12))
    k = int(round(mean[12]))
    f = tmp_path / "who.csv"
    lines = ["date,count,ids"] + [f"{dates[i]},{mean[i]:.3f}," for i in (2, 4, 6)]
    lines.append(f"{dates[12]},{k},{';'.join(first[:k])}")
    f.write_text("\n".join(lines) + "\n")
    fc = holdout(scenario_from_dict(spec), read_observed(f), G, until=dates[6], runs=60, maxiter=25)
    e = fc.errors.set_index("model")
    assert e.loc["innosys", "who_recall"] >= 0.7
    assert e.loc["innosys", "who_recall"] > e.loc["innosys_no_network", "who_recall"] + 0.15
    assert e.loc["innosys", "who_random"] == pytest.approx((k - 1) / 23, abs=1e-3)   # the seed is set aside
    assert e.loc["bass", "who_recall"] is None or np.isnan(e.loc["bass", "who_recall"])
