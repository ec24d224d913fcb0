"""Result collection: DataFrames and the result directory (format_version 1), written atomically."""

from __future__ import annotations

import json
import tomllib

import numpy as np
import pandas as pd
import pytest
from diffusion_helpers import BASE_SCENARIO, write_scenario

import innosys.diffusion.results as results_mod
from innosys import schema
from innosys.atomic import MARKER, OutputDirError
from innosys.diffusion import load_scenario, results_to_records, simulate, write_results

COLUMNS = {
    "curves.csv": ["step", "date", "adopted_mean", "adopted_p05", "adopted_p50", "adopted_p95", "aware_mean",
                   "aware_p05", "aware_p95"],
    "units.csv": ["unit_id", "name", "kind", "county", "county_name", "size_class", "latitude", "longitude", "adoption_probability",
                  "median_step", "mean_step", "category", "main_channel"],
    "categories.csv": ["category", "expected_share", "share_mean", "share_p05", "share_p95"],
    "channels.csv": ["channel", "event", "count_mean", "share"],
    "trajectory.csv": ["unit_id", "aware_step", "adopted_step", "rejected_step", "discontinued_step", "aware_channel",
                       "adopted_channel"],
    "edges.csv": ["source", "target", "layer", "weight"],
}
SUMMARY_KEYS = ["format_version", "innosys_version", "scenario", "title", "scenario_file", "seed", "runs", "steps",
                "step_length", "start", "innovation_id", "innovation_name", "adopting_kinds", "n_units", "data_dir",
                "time_to_share", "final_share", "category_shares", "channels", "elapsed_seconds"]


@pytest.fixture(scope="module")
def result(graph, tmp_path_factory):
    f = write_scenario(tmp_path_factory.mktemp("sc") / "fixture.toml", BASE_SCENARIO + """
[channels.company]
type = "collective"
organisation = "ikt:beta"
decision = 3
capacity = 2
""")
    return simulate(load_scenario(f), graph, runs=50, seed=8)


def test_result_directory_format(result, tmp_path):
    out = write_results(result, tmp_path / "res")
    assert sorted(p.name for p in out.iterdir()) == sorted([*COLUMNS, "summary.json", "scenario.toml", MARKER])
    for name, cols in COLUMNS.items():
        assert list(pd.read_csv(out / name).columns) == cols, name
    s = json.loads((out / "summary.json").read_text())
    assert list(s) == SUMMARY_KEYS
    assert s["format_version"] == 1 and s["runs"] == 50 and s["seed"] == 8 and s["step_length"] == "quarter"
    assert s["start"] == "2015-06" and s["innovation_id"] == "inn:tool" and s["innovation_name"] == "Test tool"
    assert s["n_units"] == 13 and set(s["time_to_share"]) == {"0.1", "0.5", "0.9"}
    assert set(s["category_shares"]) == set(schema.ADOPTER_CATEGORY_KEYS)
    assert set(s["channels"]) <= set(schema.CHANNELS)
    sc = tomllib.loads((out / "scenario.toml").read_text())
    assert sc["run"] == {"runs": 50, "seed": 8} and sc["innovation"]["id"] == "inn:tool"
    ch = pd.read_csv(out / "channels.csv")
    assert set(ch["channel"]) <= set(schema.CHANNELS) and set(ch["event"]) == {"awareness", "adoption"}
    assert np.allclose(ch.groupby("event")["share"].sum(), 1.0, atol=1e-6)
    units = pd.read_csv(out / "units.csv")
    assert set(units["category"]) <= {*schema.ADOPTER_CATEGORY_KEYS, "non_adopter"}
    assert units["adoption_probability"].between(0, 1).all()
    curves = pd.read_csv(out / "curves.csv")
    assert len(curves) == 13 and curves["date"].iloc[-1] == "2018-06"
    assert (np.diff(curves["adopted_mean"]) >= 0).all()
    assert (curves["adopted_p05"] <= curves["adopted_p95"]).all()
    assert (curves["aware_mean"] >= curves["adopted_mean"] - 1e-12).all()


def test_scenario_copy_reruns_to_the_same_numbers(result, tmp_path, graph):
    out = write_results(result, tmp_path / "res")
    again = simulate(load_scenario(out / "scenario.toml"), graph)
    assert np.array_equal(again.arrays["adopted_step"], result.arrays["adopted_step"])


def test_tables(result):
    t = result.adoption_times()
    assert len(t) == 13 * 50 and set(t.columns) == {"unit_id", "run", "step", "date"}
    wide = result.adoption_times(wide=True)
    assert wide.shape == (13, 50)
    assert t.dropna(subset=["step"]).shape[0] == int((result.arrays["adopted_step"] >= 0).sum())
    u = result.units().set_index("unit_id")
    assert u.loc["m:0001", "adoption_probability"] == 1.0 and u.loc["m:0001", "median_step"] == 0
    # median_step is defined exactly when the unit adopted in at least half the runs
    assert (u["median_step"].notna() == (u["adoption_probability"] >= 0.5)).all()
    # aggregated category: non-adopters are exactly those without a median step
    assert ((u["category"] == "non_adopter") == u["median_step"].isna()).all()
    c = result.categories()
    assert c["share_mean"].sum() == pytest.approx(1.0)
    tr = result.trajectory()
    r = result.representative_run()
    final = result.counts("adopted")[-1]
    assert final[r] == np.quantile(final, 0.5, method="lower")
    assert tr["adopted_step"].notna().sum() == final[r]
    fs = result.final_share()
    assert fs["p05"] <= fs["mean"] <= fs["p95"]
    tts = result.time_to_share()
    mean = result.curves()["adopted_mean"]
    for k, v in tts.items():
        if v is not None:
            assert mean[v] >= float(k) and (v == 0 or mean[v - 1] < float(k))
    e = result.edges()
    assert set(e["layer"]) <= {"relations", "network", "ict_company", "county", "proximity"} and len(e)


def test_records_for_write_back(result):
    rec = results_to_records(result)
    json.dumps(rec)
    assert rec["simulation"]["scenario"] == "fixture"
    assert len(rec["units"]) == 13 and {"unit_id", "innovation_id", "adoption_probability", "median_date",
                                        "category", "main_channel"} <= set(rec["units"][0])
    assert any(r["channel"] == "collective" for r in rec["channels"])


def test_write_is_atomic(result, tmp_path, monkeypatch):
    out = tmp_path / "res"
    write_results(result, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(results_mod.SimulationResult, "edges", boom)
    with pytest.raises(RuntimeError):
        write_results(result, out)
    # the old directory is intact and no temporary directory is left behind
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["res"]
    # a failure on a fresh path leaves nothing at all
    with pytest.raises(RuntimeError):
        write_results(result, tmp_path / "fresh")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["res"]


def test_rewrite_replaces_directory(result, tmp_path):
    out = tmp_path / "res"
    write_results(result, out)
    (out / "summary.json").write_text("stale")
    write_results(result, out)  # a result directory innosys wrote is replaced whole
    assert (out / "summary.json").read_text() != "stale"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["res"]
    (out / "notes.txt").write_text("mine")  # ... but not one holding other files
    with pytest.raises(OutputDirError):
        write_results(result, out)
    assert (out / "notes.txt").read_text() == "mine"
    (tmp_path / "afile").write_text("x")
    with pytest.raises(FileExistsError):
        write_results(result, tmp_path / "afile")


def test_units_adopting_in_under_half_the_runs_have_no_median():
    """Regression: the 'never adopted' sentinel wrapped to -1 in the int16 step array."""
    import networkx as nx

    from innosys.diffusion import scenario_from_dict

    sc = scenario_from_dict({
        "innovation": {"name": "Rare tool", "relative_advantage": 0.5},
        "time": {"start": "2020-01", "step": "quarter", "steps": 12},
        "run": {"runs": 64, "seed": 3},
        "seeds": {"adopters": ["0"]},
        "channels": {"mass_media": {"awareness": 0.2, "adoption": 0.02}}})
    units = simulate(sc, nx.path_graph(40)).units()
    rare = units[units["adoption_probability"] < 0.5]
    assert len(rare) > 0
    assert rare["median_step"].isna().all()
    assert (rare["category"] == "non_adopter").all()
    assert (units["median_step"].dropna() >= 0).all()


def test_runs_without_adopters_give_nan_shares_without_warnings():
    import warnings

    from innosys.diffusion.categories import shares_per_run

    t = np.full((5, 3), np.nan)
    t[:, 0] = [1, 2, 3, 4, 5]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        shares = shares_per_run(t)
    assert np.allclose(shares[0], [0.0, 0.2, 0.2, 0.4, 0.2])
    assert np.isnan(shares[1:]).all()
