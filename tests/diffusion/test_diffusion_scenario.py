"""Scenario files: validation names the file and the key; ids are checked against the data."""

from __future__ import annotations

import tomllib

import pytest
from diffusion_helpers import BASE_SCENARIO, write_scenario

from innosys.diffusion import ScenarioError, build_model, load_scenario, scenario_from_dict
from innosys.diffusion.scenario import dumps_toml, to_step


def _error(tmp_path, text, graph=None) -> ScenarioError:
    f = write_scenario(tmp_path / "bad.toml", text)
    with pytest.raises(ScenarioError) as ei:
        sc = load_scenario(f)
        if graph is not None:
            build_model(sc, graph)
    return ei.value


BASE = tomllib.loads(BASE_SCENARIO)


def _merged(extra: dict) -> dict:
    d = {k: (dict(v) if isinstance(v, dict) else v) for k, v in BASE.items()}
    for k, v in extra.items():
        if isinstance(v, dict) and isinstance(d.get(k), dict):
            d[k] = {**d[k], **v}
        else:
            d[k] = v
    return d


@pytest.mark.parametrize("extra, key, words", [
    ({"time": {"stepz": 3}}, "time.stepz", "unknown key"),
    ({"channels": {"mm": {"type": "mass_media", "awareness": 1.5}}}, "channels.mm.awareness", "probability"),
    ({"channels": {"mm": {"type": "mass_media", "adoption": -0.1}}}, "channels.mm.adoption", "probability"),
    ({"run": {"runs": "ten"}}, "run.runs", "integer"),
    ({"run": {"runs": 0}}, "run.runs", ">= 1"),
    ({"time": {"step": "week"}}, "time.step", "one of"),
    ({"time": {"start": "June 2015"}}, "time.start", "YYYY-MM"),
    ({"channels": {"foo": {"awareness": 0.1}}}, "channels.foo.type", "not a channel type"),
    ({"channels": {"foo": {"type": "telepathy"}}}, "channels.foo.type", "one of"),
    ({"channels": {"p": {"type": "interpersonal", "layers": {"gossip": 1.0}}}}, "channels.p.layers.gossip", "layer"),
    ({"channels": {"c": {"type": "collective", "capacity": 3}}}, "channels.c.organisation", "required"),
    ({"adoption": {"rejection": {"huge": 0.1}}}, "adoption.rejection.huge", "size class"),
    ({"seeds": {"adopters": 3}}, "seeds.adopters", "strings"),
    ({"interventions": [{"start": 4, "set": {"channels.mass_media.awareness": 2.0}}]},
     "interventions[0].set.channels.mass_media.awareness", "probability"),
    ({"interventions": [{"start": 4, "set": {"channels.interpersonal.layers": {"county": 1.0}}}]},
     "interventions[0].set.channels.interpersonal.layers", "numeric"),
    ({"interventions": [{"set": {"adoption.rejection": 0.1}}]}, "interventions[0].start", "required"),
    ({"colour": "blue"}, "colour", "unknown key"),
])
def test_invalid_values_name_file_and_key(tmp_path, extra, key, words):
    d = _merged(extra)
    if "channels" in extra:
        d["channels"] = {**BASE["channels"], **extra["channels"]}
    err = _error(tmp_path, dumps_toml(d))
    hits = [str(p) for p in err.problems if p.key == key]
    assert hits, [str(p) for p in err.problems]
    assert hits[0].startswith(str(tmp_path / "bad.toml") + ": key '" + key + "'"), hits[0]
    assert words in hits[0]


def test_several_problems_reported_together(tmp_path):
    err = _error(tmp_path, BASE_SCENARIO.replace("steps = 12", "steps = -1").replace("awareness = 0.2", "awareness = 2"))
    keys = {p.key for p in err.problems}
    assert {"time.steps", "channels.mass_media.awareness"} <= keys


def test_toml_syntax_error_names_file(tmp_path):
    err = _error(tmp_path, "name = \n[[")
    assert "bad.toml" in str(err) and "not valid TOML" in str(err)


def test_missing_file(tmp_path):
    with pytest.raises(ScenarioError, match="file not found"):
        load_scenario(tmp_path / "nope.toml")


def test_innovation_is_required(tmp_path):
    err = _error(tmp_path, "[time]\nstart = \"2020-01\"\n")
    assert any(p.key == "innovation" for p in err.problems)


@pytest.mark.parametrize("old, new, key", [
    ('id = "inn:tool"', 'id = "inn:nope"', "innovation.id"),
    ('adopters = ["m:0001"]', 'adopters = ["m:9999"]', "seeds.adopters"),
    ('adopters = ["m:0001"]', 'adopters = ["ks"]', "seeds.adopters"),          # an actor, but not a unit
    ('id = "inn:tool"', 'id = "m:0001"', "innovation.id"),                     # not an innovation
])
def test_unknown_ids_name_file_and_key(tmp_path, graph, old, new, key):
    err = _error(tmp_path, BASE_SCENARIO.replace(old, new), graph)
    hit = [str(p) for p in err.problems if p.key == key]
    assert hit and "bad.toml" in hit[0], [str(p) for p in err.problems]


def test_unknown_channel_ids(tmp_path, graph):
    text = BASE_SCENARIO + """
[channels.company]
type = "collective"
organisation = "ikt:nope"

[channels.agents]
type = "change_agent"
agents = ["cons:x", "cons:nope"]
"""
    err = _error(tmp_path, text, graph)
    keys = {p.key for p in err.problems}
    assert {"channels.company.organisation", "channels.agents.agents"} <= keys
    assert all("unknown" in str(p) for p in err.problems)


def test_defaults_filled_and_roundtrip():
    sc = scenario_from_dict({"innovation": {"name": "X"}, "channels": {"peers": {"type": "interpersonal"}}})
    assert sc.get("time.step") == "quarter" and sc.get("run.runs") == 200
    assert sc.get("channels.peers.label") == "interpersonal"
    assert sc.get("channels.peers.layers")["county"] == 0.5
    d = {"name": "x", "innovation": {"id": "inn:a", "compatibility": {"small": 0.5, "large": 0.1}},
         "channels": {"p": {"type": "interpersonal", "layers": {"county": 1.0}}},
         "interventions": [{"start": "2016-01", "set": {"channels.p.adoption": 0.3}}]}
    assert tomllib.loads(dumps_toml(d)) == d


def test_with_params_validates():
    sc = scenario_from_dict({"innovation": {"name": "X"}, "channels": {"mass_media": {}}})
    assert sc.with_params({"channels.mass_media.awareness": 0.3}).get("channels.mass_media.awareness") == 0.3
    with pytest.raises(ScenarioError, match="channels.mass_media.awareness"):
        sc.with_params({"channels.mass_media.awareness": 3})
    assert sc.get("channels.mass_media.awareness") == 0.05  # unchanged


def test_time_points():
    assert to_step("2016-06", "2015-06", "quarter") == 4
    assert to_step("2015-07", "2015-06", "quarter") == 1   # rounded up to the next step
    assert to_step("2014-01", "2015-06", "quarter") == 0
    assert to_step(7, "2015-06", "month") == 7


def test_anonymised_units_join_only_a_thesis_sample_or_when_asked():
    """A population of a kind leaves out the theses' anonymised units (real municipalities counted twice)."""
    from innosys.diffusion import build_model
    from innosys.graph import load_graph

    G = load_graph()
    n_anon = sum(1 for _, d in G.nodes(data=True) if d.get("kind") == "Municipality" and d.get("anonymised"))
    assert n_anon > 0
    base = {"innovation": {"name": "x"}, "time": {"start": "2020-01", "steps": 4}}

    def n(pop):
        return build_model(scenario_from_dict({**base, "population": pop}), G).n

    assert n({"kinds": ["Municipality"]}) == 357
    assert n({"kinds": ["Municipality"], "anonymised": True}) == 357 + n_anon
    members = n({"kinds": ["Municipality"], "members_of": ["t003:ikt-selskapet"]})
    assert members == n({"kinds": ["Municipality"], "members_of": ["t003:ikt-selskapet"], "anonymised": True})
    assert members == 5
    with pytest.raises(ScenarioError, match="no adopting units"):   # thesis 003's members are all anonymised
        n({"kinds": ["Municipality"], "members_of": ["t003:ikt-selskapet"], "anonymised": False})
    with pytest.raises(ScenarioError, match="seeds.adopters.*it is anonymised: set population.anonymised = true"):
        build_model(scenario_from_dict({**base, "seeds": {"adopters": ["t001:kommune-a"]}}), G)
