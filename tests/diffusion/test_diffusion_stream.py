"""Ensemble statistics folded block by block: the same numbers as from all runs in memory, memory flat
in the number of runs, per-run arrays kept only up to a bound, and ensembles that cannot fit refused."""

from __future__ import annotations

import tomllib

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from diffusion_helpers import BASE_SCENARIO

import innosys.diffusion.aggregate as agg
import innosys.diffusion.ensemble as ensemble_mod
from innosys import schema
from innosys.diffusion import build_model, run_model, scenario_from_dict
from innosys.diffusion import categories as cat
from innosys.diffusion.ensemble import MemoryLimitError, check_memory
from innosys.diffusion.results import RunsNotKeptError, to_csv_text, write_results

BASE = tomllib.loads(BASE_SCENARIO)
CHANNELS = {
    "mass_media": {"awareness": 0.1, "adoption": 0.01},
    "interpersonal": {"layers": {"relations": 1.0, "network": 1.0, "ict_company": 1.0, "county": 0.5}},
    "company": {"type": "collective", "organisation": "ikt:beta", "decision": 6, "capacity": 2},
    "pickup": {"type": "vertical_pickup", "authority": "county", "share_threshold": 0.3},
}


def _model(graph, **sections):
    d = {**BASE, "channels": CHANNELS, "adoption": {"rejection": 0.02, "discontinuance": 0.02}, **sections}
    return build_model(scenario_from_dict(d, "test.toml"), graph)


# -- the reference: the statistics computed from every run in memory with numpy ------------------

def reference_tables(res) -> dict[str, pd.DataFrame]:
    A, n = res.arrays, res.n
    ad, aw = res.counts("adopted") / n, res.counts("aware") / n
    q = np.quantile
    curves = pd.DataFrame({
        "step": np.arange(res.steps + 1), "date": res.model.dates,
        "adopted_mean": ad.mean(axis=1), "adopted_p05": q(ad, 0.05, axis=1), "adopted_p50": q(ad, 0.5, axis=1),
        "adopted_p95": q(ad, 0.95, axis=1), "aware_mean": aw.mean(axis=1), "aware_p05": q(aw, 0.05, axis=1),
        "aware_p95": q(aw, 0.95, axis=1)})
    t = A["adopted_step"].astype(float)
    t[t < 0] = np.nan
    per = cat.shares_per_run(t)
    per = per[~np.isnan(per).any(axis=1)]
    cats = pd.DataFrame([{"category": c.key, "expected_share": c.share, "share_mean": per[:, j].mean(),
                          "share_p05": q(per[:, j], 0.05), "share_p95": q(per[:, j], 0.95)}
                         for j, c in enumerate(schema.ADOPTER_CATEGORIES)])
    s = A["adopted_step"]
    adopted = s >= 0
    srt = np.sort(np.where(adopted, s.astype(np.int64), 10**9), axis=1)[:, (res.runs - 1) // 2]
    units = pd.DataFrame({"adoption_probability": adopted.mean(axis=1),
                          "median_step": np.where(srt == 10**9, np.nan, srt),
                          "mean_step": np.where(adopted.any(axis=1),
                                                np.where(adopted, s, 0).sum(axis=1) / np.maximum(adopted.sum(axis=1), 1),
                                                np.nan)})
    pick = A["pickup.picked"]
    pickups = pd.DataFrame({"pickup_probability": (pick >= 0).mean(axis=1),
                            "median_step": [np.median(v[v >= 0]) if (v >= 0).any() else np.nan for v in pick]})
    return {"curves": curves, "categories": cats, "units": units, "pickups": pickups,
            "final": pd.DataFrame({"final": A["adopted_step"].__ge__(0).sum(axis=0)})}


def streamed_tables(res) -> dict[str, pd.DataFrame]:
    u = res.units()
    return {"curves": res.curves(), "categories": res.categories(),
            "units": pd.DataFrame({"adoption_probability": u["adoption_probability"],
                                   "median_step": u["median_step"].astype(float).to_numpy(),
                                   "mean_step": u["mean_step"]}),
            "pickups": res.pickups()[["pickup_probability", "median_step"]],
            "final": pd.DataFrame({"final": res.final_counts()})}


@pytest.mark.parametrize("runs", [1, 2, 33, 97, 160])
def test_streamed_statistics_equal_the_ones_from_all_runs_bit_for_bit(graph, runs, monkeypatch):
    monkeypatch.setattr(ensemble_mod, "BATCH_CELLS", 1)      # one run block (32 runs) per batch
    res = run_model(_model(graph), runs=runs, seed=5, keep=True)
    ref, got = reference_tables(res), streamed_tables(res)
    for name in ref:
        a, b = got[name].reset_index(drop=True), ref[name].reset_index(drop=True)
        # means are exact sums divided once; numpy's running float sum may differ in the last bits
        means = [c for c in a.columns if c.endswith("_mean")]
        np.testing.assert_allclose(a[means].to_numpy(float), b[means].to_numpy(float), rtol=1e-14, atol=0)
        pd.testing.assert_frame_equal(a.drop(columns=means), b.drop(columns=means), check_exact=True,
                                      check_dtype=False, obj=name)


def test_quantiles_match_numpy_on_random_multisets():
    rng = np.random.default_rng(0)
    for _ in range(200):
        N = int(rng.integers(1, 60))
        x = rng.integers(0, 12, N)
        values, counts = np.unique(x, return_counts=True)
        v = values / 11.0
        for q in (0.05, 0.3, 0.5, 0.95):
            assert agg.quantiles(np.zeros(len(v), dtype=np.int64), v, counts, 1, q)[0] == np.quantile(x / 11.0, q)


def test_sparse_tally_equals_dense(monkeypatch):
    x = np.random.default_rng(1).integers(0, 5000, 20_000)
    dense = agg.Tally(5000)
    monkeypatch.setattr(agg, "DENSE_CELLS", 10)
    sparse = agg.Tally(5000)
    for part in np.array_split(x, 7):
        dense.add(part)
        sparse.add(part)
    assert sparse.dense is None and dense.dense is not None
    for a, b in zip(dense.items(), sparse.items()):
        assert np.array_equal(a, b)


def test_results_without_kept_arrays_are_the_same_files_for_any_worker_count(graph, tmp_path):
    m = _model(graph)
    kept = run_model(m, runs=100, seed=2, keep=True)
    one = run_model(m, runs=100, seed=2, keep=False)
    two = run_model(m, runs=100, seed=2, keep=False, workers=2)
    assert kept.stats.kept and not one.stats.kept
    for name in ("curves", "units", "categories", "channels", "trajectory"):
        texts = {to_csv_text(getattr(r, name)()) for r in (kept, one, two)}
        assert len(texts) == 1, name
    assert kept.summary() | {"elapsed_seconds": 0} == two.summary() | {"elapsed_seconds": 0}
    # a run that was not kept is simulated again, identically
    assert to_csv_text(one.trajectory(77)) == to_csv_text(kept.trajectory(77))
    write_results(two, tmp_path / "r")
    assert (tmp_path / "r" / "units.csv").read_text() == to_csv_text(kept.units())


def test_calls_needing_every_run_say_so_when_runs_were_not_kept(graph):
    res = run_model(_model(graph), runs=40, seed=1, keep=False)
    with pytest.raises(RunsNotKeptError, match="per-run arrays of 40 runs .* were not kept"):
        res.adoption_times()
    with pytest.raises(RunsNotKeptError):
        res.counts()


def test_runs_times_units_above_the_budget_are_not_kept(graph, monkeypatch):
    m = _model(graph)
    monkeypatch.setattr(agg, "KEEP_CELLS", m.n * 50)
    assert run_model(m, runs=50, seed=1).stats.kept
    assert not run_model(m, runs=51, seed=1).stats.kept


def test_memory_of_the_statistics_is_flat_in_the_number_of_runs():
    G = nx.karate_club_graph()
    sc = scenario_from_dict({"innovation": {"name": "Demo"}, "time": {"start": "2020-01", "steps": 20},
                             "seeds": {"adopters": ["0"]},
                             "channels": {"mass_media": {"awareness": 0.2}, "interpersonal": {"layers": {"graph": 1.0}}}})
    m = build_model(sc, G)
    sizes = []
    for runs in (500, 20_000):
        st = run_model(m, runs=runs, seed=1, keep=False).stats
        sizes.append(st.nbytes() - st.final.nbytes)
    assert sizes[0] == sizes[1]
    assert run_model(m, runs=20_000, seed=1, keep=False).stats.final.nbytes == 4 * 20_000


def test_an_ensemble_that_cannot_fit_is_refused_before_running(graph, monkeypatch):
    m = _model(graph)
    monkeypatch.setenv("INNOSYS_MEMORY_LIMIT_GB", "1")
    with pytest.raises(MemoryLimitError, match=r"10,000,000 runs of .* units × 12 steps would need about "
                                               r"[0-9.]+ GiB .*per-run arrays.*limit of 1.00 GiB"):
        check_memory(m, 10_000_000, keep=True)
    check_memory(m, 10_000_000)         # streamed: 4 bytes a run


def test_cli_refuses_with_exit_2_and_writes_nothing(data_dir, tmp_path, monkeypatch):
    from innosys.cli import main

    sc = tmp_path / "s.toml"
    sc.write_text(BASE_SCENARIO, encoding="utf-8")
    out = tmp_path / "out"
    monkeypatch.setenv("INNOSYS_MEMORY_LIMIT_GB", "0.000001")
    r = CliRunner().invoke(main, ["simulate", str(sc), "--data", str(data_dir), "--out", str(out)])
    assert r.exit_code == 2, r.output
    assert "would need about" in r.output and "INNOSYS_MEMORY_LIMIT_GB" in r.output
    assert not out.exists()
