"""Model behaviour: reproducibility, monotonicity, and each channel's rule."""

from __future__ import annotations

import tomllib

import networkx as nx
import numpy as np
import pytest
from diffusion_helpers import BASE_SCENARIO

import innosys.diffusion.ensemble as ensemble_mod
from innosys.diffusion import build_model, run_model, scenario_from_dict, simulate

BASE = tomllib.loads(BASE_SCENARIO)


def sc_with(**sections):
    d = {k: (dict(v) if isinstance(v, dict) else v) for k, v in BASE.items()}
    for k, v in sections.items():
        d[k] = v
    return scenario_from_dict(d, "test.toml")


def arrays_equal(a, b):
    keys = [k for k in a if isinstance(a[k], np.ndarray)]
    return all(np.array_equal(a[k], b[k]) for k in keys)


FULL_CHANNELS = {
    "mass_media": {"awareness": 0.1, "adoption": 0.01},
    "interpersonal": {"layers": {"relations": 1.0, "network": 1.0, "ict_company": 1.0, "county": 0.5,
                                 "proximity": 0.5}, "homophily": 0.5},
    "leaders": {"type": "opinion_leader", "centrality": "degree", "top": 0.2},
    "agents": {"type": "change_agent", "agents": ["cons:x"], "capacity": 1},
    "conf": {"type": "event", "events": ["ev:conf"], "every": 4, "offset": 2},
    "company": {"type": "collective", "organisation": "ikt:beta", "decision": 6, "capacity": 2},
    "pickup": {"type": "vertical_pickup", "authority": "county", "share_threshold": 0.3},
}


# ---------------------------------------------------------------------------
# Reproducibility
# ---------------------------------------------------------------------------

def test_same_seed_same_numbers_different_seed_differs(graph):
    sc = sc_with(channels=FULL_CHANNELS, adoption={"discontinuance": 0.02})
    m = build_model(sc, graph)
    a = run_model(m, runs=70, seed=3).arrays
    b = run_model(build_model(sc, graph), runs=70, seed=3).arrays
    c = run_model(m, runs=70, seed=4).arrays
    assert arrays_equal(a, b)
    assert not np.array_equal(a["adopted_step"], c["adopted_step"])


def test_workers_and_batching_never_change_results(graph, monkeypatch):
    sc = sc_with(channels=FULL_CHANNELS)
    m = build_model(sc, graph)
    ref = run_model(m, runs=100, seed=9).arrays                   # one batch
    monkeypatch.setattr(ensemble_mod, "BATCH_CELLS", 1)        # one block (32 runs) per batch
    small = run_model(m, runs=100, seed=9).arrays
    par = run_model(m, runs=100, seed=9, workers=2).arrays
    assert arrays_equal(ref, small)
    assert arrays_equal(ref, par)
    assert ref["adopted_step"].shape == (m.n, 100)


def test_runs_are_columns_and_blocks_are_stable(graph):
    """Runs 0..31 (one block) are the same whatever the total number of runs."""
    m = build_model(sc_with(channels=FULL_CHANNELS), graph)
    a = run_model(m, runs=32, seed=1).arrays
    b = run_model(m, runs=96, seed=1).arrays
    assert np.array_equal(a["adopted_step"], b["adopted_step"][:, :32])


# ---------------------------------------------------------------------------
# Monotonicity (common random numbers make these exact, run by run)
# ---------------------------------------------------------------------------

def _curves(sc, data, runs=64, seed=2):
    return simulate(sc, data, runs=runs, seed=seed).counts("adopted")


@pytest.mark.parametrize("key, low, high", [
    ("channels.interpersonal.adoption", 0.05, 0.4),
    ("channels.interpersonal.layers.county", 0.2, 2.0),
    ("channels.mass_media.awareness", 0.02, 0.3),
    ("channels.mass_media.adoption", 0.0, 0.05),
])
def test_more_channel_weight_never_slows_adoption(graph, key, low, high):
    sc = sc_with(adoption={"rejection": 0.0, "reconsider": 0.0})
    lo = _curves(sc.with_params({key: low}), graph)
    hi = _curves(sc.with_params({key: high}), graph)
    assert (hi >= lo).all()                      # every run, every step
    assert hi.mean() > lo.mean()


def test_more_interpersonal_weight_never_slows_mean_curve_with_rejection(graph):
    sc = sc_with(channels=FULL_CHANNELS, adoption={"rejection": 0.05, "reconsider": 0.05})
    curves = [_curves(sc.with_params({"channels.interpersonal.adoption": q}), graph, runs=256).mean(axis=1)
              for q in (0.05, 0.15, 0.3, 0.6)]
    for a, b in zip(curves, curves[1:]):
        assert (b >= a - 0.05).all() and b[-1] > a[-1]


def test_more_seeds_never_slow(graph):
    sc = sc_with(adoption={"rejection": 0.0, "reconsider": 0.0})
    one = _curves(sc, graph)
    more = _curves(sc.with_params({"seeds.adopters": ["m:0001", "m:0007", "m:0010"]}), graph)
    assert (more >= one).all()


def test_higher_thresholds_never_speed_up_threshold_model():
    G = nx.barabasi_albert_graph(400, 3, seed=1)
    base = {"innovation": {"name": "x"}, "time": {"start": "2000-01", "steps": 30}, "run": {"runs": 16, "seed": 1},
            "seeds": {"random_adopters": 10, "aware": "all"},
            "adoption": {"rule": "threshold", "own_initiative": 0, "rejection": 0, "reconsider": 0},
            "channels": {"interpersonal": {"awareness": 0.0, "layers": {"graph": 1.0}}}}
    c = [simulate(scenario_from_dict({**base, "adoption": {**base["adoption"], "theta": th}}), G).counts()
         for th in (0.1, 0.2, 0.35)]
    assert (c[0] >= c[1]).all() and (c[1] >= c[2]).all() and c[0][-1].mean() > c[2][-1].mean()


# ---------------------------------------------------------------------------
# States and attribution
# ---------------------------------------------------------------------------

def test_awareness_precedes_adoption_and_attribution_adds_up(graph):
    sc = sc_with(channels=FULL_CHANNELS, adoption={"discontinuance": 0.03})
    res = simulate(sc, graph, runs=64, seed=1)
    A = res.arrays
    adopted = A["adopted_step"] >= 0
    names = [c[0] for c in res.model.codes]
    hazard_codes = [i for i, nm in enumerate(names) if nm in ("mass_media", "interpersonal", "leaders", "agents",
                                                             "conf", "pickup", "own_initiative")]
    via_hazard = adopted & np.isin(A["adopted_channel"], hazard_codes)
    assert via_hazard.any()
    # two steps: hazard-driven adoption only after an earlier step of awareness
    assert (A["adopted_step"][via_hazard] > A["aware_step"][via_hazard]).all()
    assert (A["aware_step"][adopted] <= A["adopted_step"][adopted]).all()
    # every event has a channel, and channel counts add up to the events
    assert (A["adopted_channel"][adopted] >= 0).all()
    assert ((A["aware_step"] >= 0) == (A["aware_channel"] >= 0)).all()
    ch = res.channels()
    assert ch.query("event == 'adoption'")["count_mean"].sum() == pytest.approx(adopted.sum() / res.runs)
    # discontinuance after adoption
    d = A["discontinued_step"] >= 0
    assert d.any() and (A["discontinued_step"][d] > A["adopted_step"][d]).all()


def test_rejection_and_reconsideration(graph):
    sc = sc_with(adoption={"rejection": 0.3, "reconsider": 0.0})
    res = simulate(sc, graph, runs=64, seed=1)
    rej = res.arrays["rejected_step"] >= 0
    assert rej.any()
    # without reconsideration a rejecting unit never adopts later
    assert not (rej & (res.arrays["adopted_step"] > res.arrays["rejected_step"])).any()
    res2 = simulate(sc.with_params({"adoption.reconsider": 0.5}), graph, runs=64, seed=1)
    later = (res2.arrays["rejected_step"] >= 0) & (res2.arrays["adopted_step"] > res2.arrays["rejected_step"])
    assert later.any()


def test_seeds_from_data_and_lists(graph):
    sc = sc_with(seeds={"from_data": True})
    m = build_model(sc, graph)
    ids = m.population.ids
    assert ids[np.flatnonzero(m.seed_adopt)[0]] == "m:0001" and m.seed_adopt.sum() == 1  # 2016 is after the start
    res = simulate(sc_with(seeds={"adopters": ["m:0004"], "random_adopters": 2}), graph, runs=20, seed=1)
    at0 = res.arrays["adopted_step"] == 0
    assert (at0.sum(axis=0) == 3).all() and at0[ids.index("m:0004")].all()


# ---------------------------------------------------------------------------
# Channels
# ---------------------------------------------------------------------------

def _code(res, name):
    return [c[0] for c in res.model.codes].index(name)


def test_collective_onboarding_capacity_and_deferral(graph):
    members = {"m:0007", "m:0008", "m:0009", "m:0010", "m:0011", "m:0012", "t9:kommune-x"}
    sc = sc_with(seeds={}, adoption={"own_initiative": 0.0, "rejection": 0.0},
                 channels={"company": {"type": "collective", "organisation": "ikt:beta", "decision": 2,
                                       "capacity": 2, "defer": 0.0, "decline": 0.0}})
    res = simulate(sc, graph, runs=30, seed=2)
    ids = res.model.population.ids
    code = _code(res, "company")
    A = res.arrays
    via = A["adopted_channel"] == code
    assert {ids[i] for i in np.flatnonzero(via.any(axis=1))} == members
    for t in range(res.steps + 1):
        assert ((A["adopted_step"] == t) & via).sum(axis=0).max() <= 2     # capacity per step
    assert (A["adopted_step"][via] >= 3).all()                             # decided at 2, onboarded from 3
    assert (via.sum(axis=0) == 7).all()                                    # 7 members within 12 steps
    # members aware at the decision
    assert (A["aware_step"][[ids.index(u) for u in members]] == 2).all()
    # deferral: large members always defer, so they never adopt through the company
    res2 = simulate(sc.with_params({"channels.company.defer": {"large": 1.0, "default": 0.0}}), graph, runs=30, seed=2)
    large = [ids.index(u) for u in members if graph.nodes[u].get("size_class") == "large"]
    assert large and not (res2.arrays["adopted_channel"][large] == code).any()
    # declining: only aware members can decline; they end up rejected
    res3 = simulate(sc.with_params({"channels.company.decline": 1.0}), graph, runs=10, seed=2)
    assert not (res3.arrays["adopted_channel"] == code).any()
    assert (res3.arrays["rejected_step"][[ids.index(u) for u in members]] >= 3).all()


def test_programme_recruitment_is_capped(graph):
    sc = sc_with(seeds={}, adoption={"own_initiative": 0.0},
                 channels={"prog": {"type": "programme", "organisation": "prog:welfare", "recruit": 0.5,
                                    "max_members": 5, "defer": 0.0, "decline": 0.0}})
    res = simulate(sc, graph, runs=40, seed=3)
    via = res.arrays["adopted_channel"] == _code(res, "prog")
    assert via.any() and via.sum(axis=0).max() <= 5
    assert res.channels().query("event == 'adoption' and channel == 'programme'")["count_mean"].item() > 0


def test_vertical_pickup_needs_threshold_and_stays_in_scope(graph):
    ids = None
    base = dict(seeds={"adopters": ["m:0001", "m:0002"]},
                adoption={"own_initiative": 0.0},
                channels={"pickup": {"type": "vertical_pickup", "authority": "cty:01", "scope": "county",
                                     "share_threshold": 0.3, "rate": 1.0, "delay": 1, "awareness": 1.0,
                                     "adoption": 0.5}})
    res = simulate(sc_with(**base), graph, runs=20, seed=1)
    ids = res.model.population.ids
    code = _code(res, "pickup")
    county1 = [ids.index(f"m:{i:04d}") for i in range(1, 7)]
    others = [i for i in range(len(ids)) if i not in county1]
    A = res.arrays
    assert not (A["aware_channel"][others] == code).any()
    # 2 of 6 adopted at step 0 ≥ 30 %: picked up at step 1, broadcast from step 2
    assert (A["aware_step"][county1][A["aware_channel"][county1] == code] == 2).all()
    pk = res.pickups()
    assert pk.loc[0, "pickup_probability"] == 1.0 and pk.loc[0, "median_step"] == 1
    # one seed (17 %) is below the threshold: no pick-up ever
    res2 = simulate(sc_with(**{**base, "seeds": {"adopters": ["m:0001"]}}), graph, runs=20, seed=1)
    assert not (res2.arrays["aware_channel"] == code).any()
    assert res2.pickups().loc[0, "pickup_probability"] == 0.0


def test_county_pickup_emerges_from_peer_adoption(graph):
    """Critical mass is not a switch: pick-up happens only once peer adoption crosses the threshold."""
    sc = sc_with(channels={"interpersonal": {"layers": {"county": 1.0}, "adoption": 0.3},
                           "pickup": {"type": "vertical_pickup", "share_threshold": 0.5, "rate": 1.0, "delay": 0}})
    res = simulate(sc, graph, runs=40, seed=4)
    picked = res.arrays["pickup.picked"]       # authorities × runs
    A = res.arrays["adopted_step"]
    county = res.model.population.places
    auths = res.model.channels[-1].authorities
    for j, a in enumerate(auths):
        members = [i for i, c in enumerate(county) if c == a]
        for r in range(res.runs):
            if picked[j, r] >= 0:
                before = ((A[members, r] >= 0) & (A[members, r] < picked[j, r])).sum()
                assert before / len(members) >= 0.5 - 1e-9


def test_events_are_periodic_and_reach_attendees(graph):
    sc = sc_with(seeds={"adopters": ["m:0001"]},
                 channels={"conf": {"type": "event", "events": ["ev:conf"], "every": 4, "offset": 2,
                                    "attendance": 1.0, "awareness": 0.9}})
    res = simulate(sc, graph, runs=30, seed=1)
    ids = res.model.population.ids
    code = _code(res, "conf")
    hit = res.arrays["aware_channel"] == code
    assert hit.any()
    assert set(np.unique(res.arrays["aware_step"][hit])) <= {2, 6, 10}
    assert {ids[i] for i in np.flatnonzero(hit.any(axis=1))} <= {"m:0006", "m:0010"}
    # without an adopted attendee there is nothing to present
    res2 = simulate(sc.with_params({"seeds.adopters": ["m:0005"]}), graph, runs=30, seed=1)
    assert not (res2.arrays["aware_channel"] == _code(res2, "conf")).any()


def test_change_agents_reach_their_contacts_only(graph):
    sc = sc_with(seeds={}, channels={"agents": {"type": "change_agent", "agents": ["cons:x"], "awareness": 0.5}})
    res = simulate(sc, graph, runs=30, seed=1)
    ids = res.model.population.ids
    hit = (res.arrays["aware_channel"] == _code(res, "agents")).any(axis=1)
    assert {ids[i] for i in np.flatnonzero(hit)} == {"m:0003", "m:0005"}


def test_opinion_leaders_only_influence_when_they_adopted(graph):
    ch = {"leaders": {"type": "opinion_leader", "leaders": ["m:0001"], "layers": {"county": 1.0},
                      "awareness": 0.5, "adoption": 0.5}}
    res = simulate(sc_with(channels=ch), graph, runs=30, seed=1)         # m:0001 is the seed
    code = _code(res, "leaders")
    ids = res.model.population.ids
    hit = (res.arrays["aware_channel"] == code).any(axis=1)
    assert hit.any() and {ids[i] for i in np.flatnonzero(hit)} <= {f"m:{i:04d}" for i in range(2, 7)}
    res2 = simulate(sc_with(channels=ch, seeds={"adopters": ["m:0004"]}), graph, runs=30, seed=1)
    assert not (res2.arrays["aware_channel"] == code).any()


def test_interventions_start_at_their_time(graph):
    sc = sc_with(seeds={}, adoption={"own_initiative": 0.0},
                 channels={"mass_media": {"awareness": 0.0, "adoption": 0.0}},
                 interventions=[{"name": "campaign", "start": "2016-09", "end": 8,
                                 "set": {"channels.mass_media.awareness": 0.6}},
                                {"start": 10, "add_adopters": ["m:0002"]}])
    res = simulate(sc, graph, runs=30, seed=1)
    aw = res.arrays["aware_step"]
    assert (aw[aw >= 0] >= 5).all() and (aw[aw >= 0] <= 8).any()           # 2016-09 = step 5
    assert ((aw >= 9) & (aw <= 12) & (res.arrays["aware_channel"] == _code(res, "mass_media"))).sum() == 0
    ids = res.model.population.ids
    assert (res.arrays["adopted_step"][ids.index("m:0002")] == 10).all()


def test_compatibility_by_size_and_innovativeness(graph):
    sc = sc_with(innovation={"id": "inn:tool", "compatibility": {"large": 0.0, "default": 1.0}},
                 adoption={"rejection": 0.0, "attribute_weights": {"compatibility": 4.0}})
    res = simulate(sc, graph, runs=200, seed=1)
    u = res.units().set_index("unit_id")
    assert u.loc[u.size_class == "large", "adoption_probability"].mean() < \
        u.loc[u.size_class == "small", "adoption_probability"].mean()
    # a unit with a large latent shift adopts earlier
    lo = simulate(sc, graph, runs=200, seed=1).units().set_index("unit_id").loc["m:0011", "mean_step"]
    hi = simulate(sc.with_params({"innovativeness.units": {"m:0011": 2.5}}), graph, runs=200, seed=1)
    assert hi.units().set_index("unit_id").loc["m:0011", "mean_step"] < lo


def test_population_from_graph(graph):
    m = build_model(sc_with(), graph)
    pop = m.population
    assert pop.n == 13 and "t9:kommune-x" in pop.index and "ks" not in pop.index
    assert set(pop.groups) >= {"network", "ict_company", "programme", "county", "size_class"}
    assert pop.places[pop.index["m:0001"]] == "county:01"
    assert set(pop.contacts("cons:x").tolist()) == {pop.index["m:0003"], pop.index["m:0005"]}
    with pytest.raises(Exception, match="population.kinds"):
        build_model(sc_with(population={"kinds": ["Ministry"]}), graph)
