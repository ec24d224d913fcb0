"""The scenario format as pydantic models: bounds, defaults, markers and the JSON Schema the docs are made from."""

from __future__ import annotations

import datetime as dt

import pytest

from innosys.diffusion import ScenarioError, scenario_from_dict
from innosys.diffusion.channels import REGISTRY, structural_keys
from innosys.diffusion.channels.base import _adapter
from innosys.diffusion.scenario import ScenarioModel

BASE = {"innovation": {"name": "X"}, "time": {"start": "2015-06", "steps": 12}}


def _problems(extra: dict) -> dict[str, str]:
    with pytest.raises(ScenarioError) as ei:
        scenario_from_dict({**BASE, **extra}, "f.toml")
    assert all(p.file == "f.toml" for p in ei.value.problems)
    return {p.key: p.message for p in ei.value.problems}


@pytest.mark.parametrize("extra, key, message", [
    ({"time": {"steps": 10001}}, "time.steps", "must be <= 10000, got 10001"),     # the key's own bound, not 2^31-1
    ({"run": {"seed": 2**63}}, "run.seed", "must be <= 9223372036854775807, got 9223372036854775808"),
    ({"channels": {"c": {"type": "collective", "members": ["a"], "capacity": 2**31}}}, "channels.c.capacity",
     "must be <= 2147483647, got 2147483648"),
    ({"channels": {"p": {"type": "interpersonal", "proximity_km": 0}}}, "channels.p.proximity_km",
     "must be >= 1e-06, got 0"),
    ({"channels": {"e": {"type": "event", "attendees": "all", "every": 2.5}}}, "channels.e.every",
     "must be an integer, got 2.5"),
    ({"run": {"runs": True}}, "run.runs", "must be an integer, got True"),
    ({"channels": {"x": {"type": ["mass_media"]}}}, "channels.x.type",
     "must be one of mass_media, interpersonal, homophily, opinion_leader, change_agent, event, collective, "
     "programme, vertical_pickup; got an array"),
    ({"adoption": {"require_awareness": "yes"}}, "adoption.require_awareness", "must be true or false, got 'yes'"),
    ({"channels": {"mass_media": {"awareness": "0.1"}}}, "channels.mass_media.awareness",
     "must be a number, got '0.1'"),
    ({"channels": {"c": {"type": "collective", "members": ["a"], "defer": {"small": 2}}}}, "channels.c.defer.small",
     "must be a probability in [0, 1], got 2"),
])
def test_bounds_and_types_name_the_key(extra, key, message):
    assert _problems(extra)[key] == message


def test_the_largest_allowed_values_pass():
    sc = scenario_from_dict({**BASE, "time": {"steps": 10000}, "run": {"seed": 2**63 - 1},
                             "channels": {"c": {"type": "collective", "members": ["a"], "capacity": 2**31 - 1}}})
    assert sc.get("run.seed") == 2**63 - 1 and sc.get("channels.c.capacity") == 2**31 - 1


def test_a_rule_between_keys_is_reported_with_the_other_problems_of_its_channel():
    got = _problems({"channels": {"e": {"type": "event", "every": 0}}, "run": {"runs": 0}})
    assert got["channels.e.every"] == "must be >= 1, got 0"
    assert got["channels.e.events"] == "is required (or give 'event_kinds', or attendees = \"all\")"
    assert got["run.runs"] == "must be >= 1, got 0"


def test_data_is_a_plain_dict_with_defaults_and_normalised_values():
    sc = scenario_from_dict({**BASE, "time": {"start": dt.date(2015, 6, 1)},
                             "channels": {"peers": {"type": "homophily", "awareness": 1},
                                          "fair": {"type": "event", "attendees": "all", "start": "2016"}}})
    ch = sc.data["channels"]
    assert type(ch) is dict and type(ch["peers"]) is dict
    assert sc.get("time.start") == "2015-06" and ch["fair"]["start"] == "2016-01"
    assert ch["peers"]["awareness"] == 1.0 and isinstance(ch["peers"]["awareness"], float)
    assert ch["peers"]["layers"] == {"size_class": 1.0, "county": 1.0} and ch["peers"]["label"] == "interpersonal"
    assert "end" not in ch["fair"] and "targets" not in ch["fair"]          # optional keys stay absent
    assert sc.data["innovativeness"]["units"] == {} and "counties" not in sc.data["population"]


def test_the_json_schema_carries_the_union_bounds_and_markers():
    union = _adapter().json_schema()
    assert union["discriminator"]["propertyName"] == "type"
    assert set(union["discriminator"]["mapping"]) == set(REGISTRY)
    media = REGISTRY["mass_media"].model.model_json_schema()["properties"]
    assert media["reach"]["varying"] is True and (media["reach"]["minimum"], media["reach"]["maximum"]) == (0, 1)
    assert media["awareness"]["default"] == 0.05
    agents = REGISTRY["change_agent"].model.model_json_schema()["properties"]["agents"]
    assert agents["anyOf"][0]["names"] == "actor"
    top = ScenarioModel.model_json_schema()
    assert top["additionalProperties"] is False
    assert top["$defs"]["Time"]["properties"]["steps"]["maximum"] == 10000


def test_structural_keys_come_from_the_markers():
    keys = structural_keys()
    assert {"layers", "every", "capacity", "targets", "type"} <= set(keys)
    assert not {"awareness", "adoption", "reach", "recruit", "defer", "rate", "attendance"} & set(keys)
