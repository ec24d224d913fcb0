"""Parameter specs, outcomes and targets: bad input is refused with the option or key named."""

from __future__ import annotations

import numpy as np
import pytest

from innosys.diffusion import ScenarioError
from innosys.explore import DesignError, make_design, parse_outcomes, parse_target, parse_vary
from innosys.explore.design import bind


@pytest.mark.parametrize("spec, message", [
    ("channels.peers.adoption", "expected KEY=LOW:HIGH"),
    ("channels.peers.adoption=0.3:0.1", "LOW < HIGH"),
    ("channels.peers.adoption=a:b", "must be numbers"),
    ("channels.peers.adoption=0:1:log", "LOW > 0"),
    ("channels.peers.adoption=0:1:lin", "LOW:HIGH:log"),
    ("population.kinds=0:1", "cannot be explored"),
    ("time.steps=10:20", "cannot be explored"),
    ("nodots=0:1", "dotted scenario key"),
])
def test_bad_vary_specs_name_the_spec(spec, message):
    with pytest.raises(DesignError) as e:
        parse_vary(spec)
    assert spec in str(e.value) and message in str(e.value)


def test_bind_checks_keys_against_the_scenario(toy):
    with pytest.raises(DesignError, match="given more than once"):
        bind([parse_vary("channels.word.adoption=0:1")] * 2, toy)
    with pytest.raises(DesignError, match="not a number"):
        bind([parse_vary("innovation.name=0:1")], toy)
    # values outside what the scenario accepts: the scenario's validator names file and key
    with pytest.raises(ScenarioError) as e:
        bind([parse_vary("channels.word.adoption=0.5:3")], toy)
    assert "channels.word.adoption" in e.value.report()
    # a key the scenario does not have at all
    with pytest.raises(ScenarioError):
        bind([parse_vary("channels.nosuch.adoption=0.1:0.2")], toy)


def test_integer_keys_are_rounded(toy):
    (p,) = bind([parse_vary("seeds.random_adopters=1:5")], toy)
    assert p.integer
    d = make_design([p], "lhs", 20, seed=1)
    assert np.array_equal(d[p.key], np.round(d[p.key])) and d[p.key].between(1, 5).all()


def test_design_sizes_and_determinism():
    ps = [parse_vary("a.x=0:1"), parse_vary("a.y=1:100:log")]
    assert len(make_design(ps, "sobol", 16, 1)) == 16 * 6
    assert len(make_design(ps, "morris", 10, 1)) == 10 * 3
    assert len(make_design(ps, "lhs", 10, 1)) == 10
    a, b = make_design(ps, "sobol", 16, 5), make_design(ps, "sobol", 16, 5)
    assert a.equals(b) and not a.equals(make_design(ps, "sobol", 16, 6))
    assert a["a.y"].between(1, 100).all()
    with pytest.raises(DesignError, match="power of two"):
        make_design(ps, "sobol", 12, 1)


def test_outcomes_and_targets():
    assert [o.kind for o in parse_outcomes(["final_share", "t90", "share@2031-12"])] == ["final_share", "t", "share_at"]
    for bad in ("t0", "t100", "share@2030-13", "median", "share@30-01"):
        with pytest.raises(DesignError, match="--outcome"):
            parse_outcomes([bad])
    t = parse_target(" share@2030-01 >= 0.9 ")
    assert str(t) == "share@2030-01>=0.9" and list(t.test([0.89, 0.9])) == [False, True]
    with pytest.raises(DesignError, match="--target"):
        parse_target("share@2030-01 = 0.9")
