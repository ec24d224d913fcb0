"""Calibration: recovering known rates from adoption counts; reading observed counts."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from innosys.diffusion import calibrate, observed_from_csv, observed_from_data, scenario_from_dict, simulate

G = nx.barabasi_albert_graph(400, 3, seed=7)
TRUE = {"channels.mass_media.adoption": 0.01, "channels.interpersonal.adoption": 0.25}


def _scenario(**params):
    sc = scenario_from_dict({
        "innovation": {"name": "Synthetic"}, "time": {"start": "2010-01", "steps": 24},
        "run": {"runs": 64, "seed": 1}, "seeds": {"aware": "all"},
        "adoption": {"own_initiative": 0.0, "rejection": 0.0, "reconsider": 0.0},
        "channels": {"mass_media": {"awareness": 0.0, "adoption": 0.05},
                     "interpersonal": {"awareness": 0.0, "adoption": 0.05, "layers": {"graph": 1.0}}}})
    return sc.with_params(params) if params else sc


@pytest.mark.slow
def test_recovers_external_and_interpersonal_rates():
    truth = simulate(_scenario(**TRUE), G, runs=400, seed=99)
    counts = truth.counts("adopted").mean(axis=1)
    obs = pd.DataFrame({"step": range(2, 25, 2), "count": counts[2::2]})
    cal = calibrate(_scenario(), obs, G, runs=64, seed=3, bootstrap=4, maxiter=80)
    got = cal.params.set_index("param")["value"]
    for k, v in TRUE.items():
        assert got[k] == pytest.approx(v, rel=0.25), (k, got[k])
    assert cal.gof["r2"] > 0.99 and cal.gof["rmse"] < 5
    assert (cal.params["se"] > 0).all() and (cal.params["ci_low"] < cal.params["ci_high"]).all()
    assert cal.scenario.get("channels.interpersonal.adoption") == pytest.approx(got["channels.interpersonal.adoption"])
    assert list(cal.fit.columns) == ["step", "date", "observed", "fitted", "fitted_p05", "fitted_p95"]
    # a wrong starting value fits worse than the calibrated one
    assert cal.gof["sse"] < np.sum((simulate(_scenario(), G, runs=64, seed=3).counts("adopted")[obs.step].mean(axis=1)
                                    - obs["count"].to_numpy()) ** 2)


def test_observed_csv(tmp_path):
    f = tmp_path / "obs.csv"
    f.write_text("date,count\n2016,3\n2017-06,10\n")
    df = observed_from_csv(f)
    assert df.to_dict("records") == [{"date": "2016-12", "count": 3.0}, {"date": "2017-06", "count": 10.0}]
    f.write_text("step,count\n4,3\nx,5\n")
    with pytest.raises(ValueError, match=r"obs.csv:3: step"):
        observed_from_csv(f)
    f.write_text("when,count\n4,3\n")
    with pytest.raises(ValueError, match="needs columns"):
        observed_from_csv(f)
    f.write_text("step,count\n4,-3\n")
    with pytest.raises(ValueError, match=r"obs.csv:2: count"):
        observed_from_csv(f)


def test_observed_from_data(graph):
    df = observed_from_data(graph, "inn:tool")
    # adoptions: m:0001 in 2015, m:0002 in 2016 ('aware' rows do not count); observations: at least 6 in 2018
    assert df[["date", "count"]].to_dict("records") == [
        {"date": "2015-12", "count": 1.0}, {"date": "2016-12", "count": 2.0}, {"date": "2018-12", "count": 6.0}]
    with pytest.raises(ValueError, match="unknown innovation"):
        observed_from_data(graph, "inn:nope")


def test_calibration_errors(graph):
    sc = _scenario()
    with pytest.raises(Exception, match="not a probability"):
        calibrate(sc, pd.DataFrame({"step": [1, 2], "count": [1, 2]}), G, params=["time.steps"], bootstrap=0)
    with pytest.raises(ValueError, match="at least 2 observations"):
        calibrate(sc, pd.DataFrame({"step": [100], "count": [1]}), G, bootstrap=0)


def test_calibration_fits_on_the_population_simulate_runs():
    """calibrate() uses build_model's population rules (anonymised units, counties, members_of)."""
    from diffusion_helpers import REPO

    from innosys.diffusion import load_scenario
    from innosys.graph import load_graph

    shipped = load_graph()
    sc = load_scenario(REPO / "examples" / "scenarios" / "nationwide.toml")
    cal = calibrate(sc, pd.DataFrame({"step": [4, 8], "count": [10.0, 40.0]}), shipped, runs=8, bootstrap=0,
                    maxiter=4)
    assert cal.gof["n_units"] == simulate(sc, shipped, runs=8).n == 357
