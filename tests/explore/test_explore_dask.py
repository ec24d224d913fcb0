"""The executor on real Dask LocalClusters: known indices, a parameter without effect, identical
numbers for any scheduler, worker count, chunking and after a resume, and a worker killed mid-run."""

from __future__ import annotations

import os
import signal

import numpy as np
import pandas as pd
import pytest
from SALib.test_functions import Ishigami

from innosys.explore import (
    FunctionEvaluator,
    ScenarioEvaluator,
    explore,
    make_design,
    parse_outcomes,
    parse_vary,
    run_design,
    sobol_indices,
)
from innosys.explore.design import bind
from innosys.explore.exploration import point_seeds

from .conftest import TOY_VARY

pytestmark = pytest.mark.slow  # real processes, servers or clusters: seconds per test

# Ishigami (a = 7, b = 0.1): analytic first-order and total indices
ISHIGAMI_S1 = {"x1": 0.3139, "x2": 0.4424, "x3": 0.0}
ISHIGAMI_ST = {"x1": 0.5576, "x2": 0.4424, "x3": 0.2437}


def test_ishigami_indices_through_the_dask_executor(client2):
    params = [parse_vary(f"f.{x}=-3.141592653589793:3.141592653589793") for x in ("x1", "x2", "x3")]
    design = make_design(params, "sobol", 2048, seed=4)
    design.columns = ["x1", "x2", "x3"]
    design["seed"] = 0
    ev = FunctionEvaluator(Ishigami.evaluate, ["x1", "x2", "x3"], "y")
    res = run_design(ev, design, scheduler=client2, chunk_size=1000)
    assert len(res) == 2048 * 8 and res.index.is_monotonic_increasing
    res = res.rename(columns={"x1": "f.x1", "x2": "f.x2", "x3": "f.x3"})
    si = sobol_indices(params, res, "y", seed=1).set_index("parameter")
    for x in ISHIGAMI_S1:
        assert si.loc[f"f.{x}", "S1"] == pytest.approx(ISHIGAMI_S1[x], abs=0.04)
        assert si.loc[f"f.{x}", "ST"] == pytest.approx(ISHIGAMI_ST[x], abs=0.04)
        assert 0 < si.loc[f"f.{x}", "ST_conf"] < 0.1


def test_parameter_without_effect_has_zero_total_index(toy, karate, client2):
    ex = explore(toy, TOY_VARY, samples=16, outcomes=["final_share", "t50"], scheduler=client2, data=karate)
    st = ex.sobol.set_index(["outcome", "parameter"])["ST"]
    for outcome in ("final_share", "t50"):
        assert abs(st[outcome, "adoption.reconsider"]) < 1e-12
        assert st[outcome, "channels.word.adoption"] > 0.2
    # the outcome really varies over the design, so the zero is not an artefact of a constant outcome
    assert ex.results["final_share"].std() > 0.05


def _toy_run(toy, karate, **kw):
    params = bind([parse_vary(v) for v in TOY_VARY], toy)
    design = make_design(params, "sobol", 8, seed=11)
    design["seed"] = point_seeds(len(design), 11, "independent")
    from innosys.diffusion import build_model

    ev = ScenarioEvaluator(toy, build_model(toy, karate).population, params,
                           parse_outcomes(["final_share", "t50", "share@2021-01"]), runs=8)
    return run_design(ev, design, **kw)


@pytest.fixture(scope="module")
def serial(toy, karate):
    return _toy_run(toy, karate, scheduler="none", chunk_size=64)


def test_identical_serial_one_and_two_workers(toy, karate, serial, client1, client2):
    assert len(serial) == 64 and serial["final_share"].nunique() > 10
    one = _toy_run(toy, karate, scheduler=client1, chunk_size=5)
    two = _toy_run(toy, karate, scheduler=client2, chunk_size=7)
    pd.testing.assert_frame_equal(one, serial, check_exact=True)
    pd.testing.assert_frame_equal(two, serial, check_exact=True)


def test_resume_runs_only_missing_chunks_and_gives_identical_results(toy, karate, serial, client2, tmp_path):
    first = _toy_run(toy, karate, scheduler=client2, chunk_size=6, directory=tmp_path)
    files = sorted((tmp_path / "chunks").glob("*.parquet"))
    assert len(files) == 11
    for f in files[::2]:          # as if the run had stopped with half the chunks written
        f.unlink()
    seen = []
    resumed = _toy_run(toy, karate, scheduler=client2, chunk_size=4, directory=tmp_path,
                       progress=lambda done, total: seen.append(done))
    kept = sum(len(pd.read_parquet(f)) for f in files[1::2])
    assert seen[0] == kept < 64 and seen[-1] == 64       # the kept chunks were not run again
    pd.testing.assert_frame_equal(first, serial, check_exact=True)
    pd.testing.assert_frame_equal(resumed, serial, check_exact=True)


def test_a_worker_killed_mid_run_costs_only_its_chunk(toy, karate, serial):
    from distributed import Client

    from innosys.explore.executor import local_cluster

    with local_cluster(2, silence_logs=50) as cluster, Client(cluster) as client:
        before = client.run(os.getpid)
        killed = {}

        def kill_busy_worker(done, total):
            if killed or done == 0:
                return
            busy = [w for w, tasks in client.processing().items() if tasks]
            if busy:
                killed[busy[0]] = client.processing()[busy[0]]
                os.kill(before[busy[0]], signal.SIGKILL)

        res = _toy_run(toy, karate, scheduler=client, chunk_size=2, progress=kill_busy_worker)
        assert killed, "no worker was busy when a chunk completed"
        client.wait_for_workers(2, timeout=60)
        after = client.run(os.getpid)
        assert set(before.values()) != set(after.values())      # the nanny started a new worker process
    pd.testing.assert_frame_equal(res, serial, check_exact=True)


def test_explore_directory_resume_and_rerun_from_its_scenario_file(toy, karate, client2, tmp_path):
    out = tmp_path / "ex"
    ex = explore(toy, TOY_VARY, samples=8, runs=8, seeding="independent", outcomes=["final_share"],
                 target="final_share>=0.5", out=out, scheduler=client2, data=karate, chunk_size=8)
    assert (out / "explore.html").is_file() and (out / "results.parquet").is_file()
    # the same settings again need --resume; everything is already there, so nothing is rerun
    from innosys.explore import DesignError

    with pytest.raises(DesignError, match="--resume"):
        explore(toy, TOY_VARY, samples=8, runs=8, out=out, scheduler="none", data=karate)
    with pytest.raises(DesignError, match="'runs' differs"):
        explore(toy, TOY_VARY, samples=8, runs=9, seeding="independent", out=out, resume=True, scheduler="none",
                data=karate)
    again = explore(toy, TOY_VARY, samples=8, runs=8, seeding="independent", outcomes=["final_share"],
                    target="final_share>=0.5", out=out, resume=True, scheduler="none", data=karate)
    pd.testing.assert_frame_equal(again.results, ex.results, check_exact=True)
    pd.testing.assert_frame_equal(again.sobol, ex.sobol, check_exact=True)
    # re-run from the directory's scenario file: same numbers
    rerun = explore(str(out / "scenario.toml"), TOY_VARY, samples=8, runs=8, seeding="independent",
                    outcomes=["final_share"], scheduler="none", data=karate)
    pd.testing.assert_frame_equal(rerun.results, ex.results, check_exact=True)
    assert np.array_equal(ex.results["seed"].to_numpy(), point_seeds(64, 11, "independent"))
