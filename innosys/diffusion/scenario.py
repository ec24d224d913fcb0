"""Scenario definitions: TOML files (read with :mod:`tomllib`), validated key by key.

A scenario says *what* is simulated — the innovation, who can adopt, which
channels act with which parameters, seeds, interventions, horizon, runs and
seed.  It holds no model rules (see :mod:`innosys.diffusion.model`) and no
results (see :mod:`innosys.diffusion.results`).

Every problem is reported with the file and the dotted key, e.g.
``my.toml: key 'channels.peers.adoption': must be a probability in [0, 1], got 1.5``.

>>> sc = scenario_from_dict({"innovation": {"name": "Demo"}, "time": {"start": "2020-01", "steps": 8},
...                          "channels": {"mass_media": {"awareness": 0.1}}})
>>> sc.get("channels.mass_media.awareness"), sc.get("time.step")
(0.1, 'quarter')
>>> sc.with_params({"channels.mass_media.awareness": 0.2}).get("channels.mass_media.awareness")
0.2
"""

from __future__ import annotations

import copy
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from innosys import schema
from innosys.diffusion.timeline import STEP_MONTHS, month_add, month_diff, parse_month, step_dates, to_step  # noqa: F401
from innosys.diffusion.validation import (  # noqa: F401  (ScenarioError/ScenarioProblem: public here)
    _MISSING,
    SIZE_KEYS,
    AnyValue,
    ArrayOf,
    Bool,
    BySize,
    MapOf,
    Month,
    Num,
    ScenarioError,
    ScenarioProblem,
    Spec,
    Str,
    StrList,
    Table,
    TimePoint,
    _desc,
    _Errors,
)

ADOPTION_RULES = ("hazard", "threshold")
COLLECTIVE_ORDERS = ("random", "small_first", "large_first")
#: interpersonal influence layers (see docs/diffusion.md)
LAYERS = ("graph", "relations", "collaboration", "network", "ict_company", "programme", "county",
          "proximity", "size_class", "all")
CENTRALITIES = ("degree", "betweenness", "eigenvector", "pagerank")
CHANNEL_TYPES = ("mass_media", "interpersonal", "homophily", "opinion_leader", "change_agent", "event",
                 "collective", "programme", "vertical_pickup")
#: schema channel each scenario channel type is recorded as (``label`` overrides it)
DEFAULT_LABELS = {"mass_media": "mass_media", "interpersonal": "interpersonal", "homophily": "interpersonal",
                  "opinion_leader": "opinion_leader", "change_agent": "change_agent", "event": "event",
                  "collective": "collective", "programme": "programme",
                  "vertical_pickup": "vertical_pickup"}

# ---------------------------------------------------------------------------
# The scenario format
# ---------------------------------------------------------------------------

def _prob(default=None, doc=""):
    return Num(default, prob=True, doc=doc)


_TARGETS = Table({
    "kinds": StrList(doc="only units of these kinds"),
    "units": StrList(doc="only these unit ids"),
    "counties": StrList(doc="only units located in these County/Region ids"),
    "size_classes": StrList(choices=schema.SIZE_CLASSES, doc="only units of these size classes"),
    "members_of": StrList(doc="only units related (MEMBER_OF, PARTICIPATES_IN, OWNS, ...) to these actors"),
    "exclude": StrList(doc="never these unit ids"),
}, doc="restricts a channel to a subset of the adopting units", auto=False)

_COMMON = {
    "type": Str(choices=CHANNEL_TYPES, doc="channel type (default: the channel's name, if it is a type)"),
    "label": Str(choices=schema.CHANNELS, doc="schema channel recorded for its awareness/adoptions"),
    "description": Str(doc="free text"),
    "awareness": _prob(doc="probability per step that an exposed unaware unit becomes aware (at full exposure)"),
    "adoption": _prob(doc="probability per step that an exposed aware unit adopts (at full exposure, before "
                          "the attribute and innovativeness multipliers)"),
    "start": TimePoint(doc="first step the channel acts (step or 'YYYY-MM'); default 0"),
    "end": TimePoint(doc="last step the channel acts; default: the horizon"),
    "targets": _TARGETS,
    "sources": StrList(doc="actor/innovation ids the channel speaks for (checked against the data)"),
}


def _channel(extra: dict[str, Spec], aw: float, ad: float, doc: str) -> Table:
    fields = dict(_COMMON)
    fields["awareness"] = _prob(aw, fields["awareness"].doc)
    fields["adoption"] = _prob(ad, fields["adoption"].doc)
    fields.update(extra)
    return Table(fields, doc=doc)


_LAYERS = MapOf(Num(lo=0.0), keys=LAYERS, key_doc="layer",
                doc="weight of each layer's share of adopted ties; default {relations=1, network=1, ict_company=1, "
                    "programme=0.5, county=0.5, proximity=0.5, graph=1} (homophily: {size_class=1, county=1})")
_INFLUENCE = {
    "layers": _LAYERS,
    "homophily": _prob(0.0, "0 = influence regardless of similarity, 1 = only from units of the same size "
                            "class and county (re-weights direct ties)"),
    "normalise": Bool(True, "divide each unit's tie weights by their sum (fraction of neighbours)"),
    "proximity_k": Num(5, lo=1, integer=True, doc="nearest neighbours per unit in the proximity layer"),
    "proximity_km": Num(50.0, lo=1e-6, doc="distance scale (km) of the proximity kernel exp(-d/km)"),
}

CHANNEL_SPECS: dict[str, Table] = {
    "mass_media": _channel({
        "reach": _prob(1.0, "share of target units the medium reaches (drawn once per unit and run)"),
    }, 0.05, 0.002, "campaigns, national strategies, portals: awareness more than persuasion"),
    "interpersonal": _channel(dict(_INFLUENCE), 0.3, 0.15,
                              "peer influence along typed, weighted relations"),
    "homophily": _channel(dict(_INFLUENCE), 0.1, 0.05,
                          "influence from similar units (same size class / county) without a direct tie"),
    "opinion_leader": _channel({
        **_INFLUENCE,
        "leaders": StrList(doc="unit ids flagged as opinion leaders"),
        "centrality": Str(choices=CENTRALITIES, doc="rank units by this centrality in the actor graph"),
        "top": _prob(0.05, "share of units (by centrality) that lead"),
        "weighting": Str("flag", choices=("flag", "score"),
                         doc="flag: leaders weigh 1; score: weight = centrality / max centrality"),
    }, 0.4, 0.3, "influence that only opinion leaders' adoption exerts"),
    "change_agent": _channel({
        "agents": StrList(doc="actor ids that carry the innovation"),
        "agent_kinds": StrList(choices=schema.ACTOR_KINDS, doc="all actors of these kinds carry it"),
        "relations": StrList(choices=tuple(schema.RELATION_TYPES), doc="relation types that make a contact "
                                                                       "(default: any)"),
        "capacity": Num(0, lo=0, integer=True, doc="contacts an agent works with per step (0 = all)"),
    }, 0.2, 0.05, "actors that carry the innovation to their contacts"),
    "event": _channel({
        "events": StrList(doc="event actor ids"),
        "event_kinds": StrList(choices=schema.ACTOR_KINDS, doc="all actors of these kinds are events"),
        "attendees": Str("relations", choices=("relations", "all"),
                         doc="relations: units related to the event; all: every unit"),
        "attendance": _prob(0.7, "probability an attendee attends a given occurrence"),
        "every": Num(4, lo=1, integer=True, doc="period in steps (4 quarters = annual)"),
        "offset": Num(0, lo=0, integer=True, doc="first occurrence (step)"),
        "needs_presenter": Bool(True, "exposure only when at least one attending unit has adopted"),
    }, 0.3, 0.05, "periodic exposure of attendees"),
    "collective": _channel({
        "organisation": Str(doc="the deciding actor (ICT company, programme, network)"),
        "members": StrList(doc="member unit ids (added to those related to the organisation)"),
        "member_relations": StrList(["MEMBER_OF", "OWNS", "PARTICIPATES_IN", "STANDARDISES_FOR"],
                                    choices=tuple(schema.RELATION_TYPES),
                                    doc="relations that make a unit a member"),
        "recruit": _prob(0.0, "probability per step that a non-member target unit joins"),
        "max_members": Num(0, lo=0, integer=True, doc="stop recruiting at this many members (0 = no cap)"),
        "decision": TimePoint(doc="step/month of the collective decision (default: start)"),
        "trigger_share": _prob(doc="decide once this share of members has adopted (instead of 'decision')"),
        "capacity": Num(0, lo=0, integer=True, doc="members onboarded per step (0 = all at once)"),
        "order": Str("random", choices=COLLECTIVE_ORDERS, doc="onboarding order"),
        "defer": BySize(_prob(0.2), "probability an offered member defers (right to wait)"),
        "defer_steps": Num(4, lo=1, integer=True, doc="steps a deferring member waits before it is offered again"),
        "decline": BySize(_prob(0.02), "probability an offered member declines for good"),
    }, 1.0, 0.0, "an organisation decides for its members; onboarding capacity; members may defer"),
    "vertical_pickup": _channel({
        "authority": Str("county", doc="'county' (one authority per county) or an actor id (e.g. 'ks')"),
        "scope": Str("all", choices=("all", "county"),
                     doc="for an actor authority: whom it watches and broadcasts to"),
        "share_threshold": _prob(0.1, "adopted share of the watched units before pick-up can happen"),
        "min_adopters": Num(1, lo=0, integer=True, doc="adopters needed before pick-up can happen"),
        "rate": _prob(0.25, "probability per step of pick-up once the threshold is met"),
        "delay": Num(2, lo=0, integer=True, doc="steps from pick-up to broadcast (adaptation, Teigen stage 3)"),
    }, 0.4, 0.05, "a county authority, KS or the state takes the innovation up and broadcasts it"),
}
CHANNEL_SPECS["programme"] = CHANNEL_SPECS["collective"]

_ATTRS = {a: BySize(_prob(), f"Rogers attribute {a} (0..1); default: the data, else 0.5")
          for a in schema.INNOVATION_ATTRIBUTES}

SCENARIO_SPEC = Table({
    "name": Str(doc="short name (default: the file name)"),
    "title": Str(doc="one-line title"),
    "description": Str(doc="free text"),
    "innovation": Table({
        "id": Str(doc="innovation id in the data (optional for synthetic scenarios)"),
        "name": Str(doc="display name (default: from the data)"),
        **_ATTRS,
    }, doc="the innovation and its Rogers attributes", auto=False),
    "time": Table({
        "start": Month(doc="date of step 0 (default: the innovation's launch)"),
        "step": Str("quarter", choices=tuple(STEP_MONTHS), doc="step length"),
        "steps": Num(40, lo=1, hi=10000, integer=True, doc="horizon in steps"),
        "rates": Str("per_step", choices=("per_step", "per_year"),
                     doc="whether probabilities are per step or per year"),
    }),
    "run": Table({
        "runs": Num(200, lo=1, hi=10_000_000, integer=True, doc="Monte Carlo runs"),
        "seed": Num(0, lo=0, hi=2**63 - 1, integer=True, doc="random seed"),
    }),
    "population": Table({
        "kinds": StrList(["Municipality"], choices=schema.ACTOR_KINDS, doc="kinds of adopting units"),
        "include": StrList([], doc="extra unit ids"),
        "exclude": StrList([], doc="unit ids left out"),
        "counties": StrList(doc="only units located in these County/Region ids"),
        "members_of": StrList(doc="only units related to these actors (members, owners, participants)"),
        "anonymised": Bool(doc="include the theses' anonymised units, which stand for real municipalities "
                               "already counted (default: only when 'members_of' selects a thesis's sample)"),
    }),
    "innovativeness": Table({
        "effect": Num(1.0, lo=0.0, doc="adoption hazard multiplier exp(effect * z) for latent score z"),
        "size_class": MapOf(Num(), keys=SIZE_KEYS, default={}, key_doc="size class",
                            doc="shift of the latent score by size class"),
        "log_population": Num(0.0, doc="shift per log10(population) above the units' mean"),
        "network_membership": Num(0.0, doc="shift per log(1 + memberships in networks/companies/programmes)"),
        "absorptive_capacity": Num(0.0, doc="shift per log(1 + relations to knowledge actors and partners)"),
        "units": MapOf(Num(), default={}, key_doc="unit id", doc="explicit shifts per unit"),
    }),
    "adoption": Table({
        "rule": Str("hazard", choices=ADOPTION_RULES, doc="hazard (stochastic) or threshold (linear threshold)"),
        "own_initiative": BySize(_prob(0.005), "probability per step that an aware unit adopts on its own"),
        "rejection": BySize(_prob(0.01), "probability per step that an aware unit rejects (defers indefinitely)"),
        "reconsider": BySize(_prob(0.02), "probability per step that a rejecting unit becomes undecided again"),
        "discontinuance": BySize(_prob(0.0), "probability per step that an adopter stops using it"),
        "require_awareness": Bool(True, "adoption only after awareness (two steps)"),
        "theta": _prob(doc="threshold rule: one fixed threshold (default: Phi(-z), uniform without shifts)"),
        "thresholds": MapOf(_prob(), default={}, key_doc="unit id", doc="threshold rule: per-unit thresholds"),
        "attribute_weights": MapOf(Num(lo=0.0), keys=schema.INNOVATION_ATTRIBUTES, default={},
                                   key_doc="attribute", doc="weights of Rogers attributes (default 1)"),
    }),
    "seeds": Table({
        "adopters": StrList([], doc="units that have adopted at step 0"),
        "aware": StrList([], allow_all=True, doc='units aware at step 0 (or "all")'),
        "random_adopters": Num(0, lo=0, integer=True, doc="random extra adopters per run"),
        "random_aware": Num(0, lo=0, integer=True, doc="random extra aware units per run"),
        "from_data": Bool(False, "units the adoptions table shows as adopters by the start year"),
        "developers": Str("none", choices=("none", "aware", "adopted"),
                          doc="units with a DEVELOPED relation to the innovation"),
    }),
    "channels": MapOf(AnyValue(), default={}, key_doc="channel name"),
    "interventions": ArrayOf(Table({
        "name": Str(doc="label"),
        "start": TimePoint(0),
        "end": TimePoint(doc="last step (default: the horizon)"),
        "set": MapOf(AnyValue(), default={}, key_doc="dotted key",
                     doc="numeric parameters to change, e.g. 'channels.ks.awareness' = 0.2"),
        "add_adopters": StrList([], doc="units that adopt at the start of the intervention"),
        "add_aware": StrList([], doc="units that become aware at the start of the intervention"),
    }, required=("start",))),
})

#: keys an intervention may not change (they define structure, not rates)
STRUCTURAL = ("type", "label", "layers", "normalise", "homophily", "proximity_k", "proximity_km", "leaders",
              "centrality", "top", "weighting", "agents", "agent_kinds", "relations", "events", "event_kinds",
              "attendees", "every", "offset", "organisation", "members", "member_relations", "authority", "scope",
              "order", "targets", "sources", "start", "end", "decision", "trigger_share", "description",
              "max_members", "defer_steps", "delay", "capacity", "needs_presenter", "min_adopters")


def _check_channels(channels: dict, errs: _Errors) -> dict:
    out = {}
    for name, body in channels.items():
        key = f"channels.{name}"
        if not isinstance(body, dict):
            errs.add(key, f"must be a table, got {_desc(body)}")
            continue
        ctype = body.get("type", name if name in CHANNEL_TYPES else None)
        if ctype is None:
            errs.add(f"{key}.type", f"is required (the name '{name}' is not a channel type); "
                                    f"one of {', '.join(CHANNEL_TYPES)}")
            continue
        if ctype not in CHANNEL_SPECS:
            errs.add(f"{key}.type", f"must be one of {', '.join(CHANNEL_TYPES)}; got {_desc(ctype)}")
            continue
        r = CHANNEL_SPECS[ctype].check(body, key, errs)
        if r is _MISSING:
            continue
        r["type"] = ctype
        r.setdefault("label", DEFAULT_LABELS[ctype])
        out[name] = r
        if ctype in ("interpersonal", "homophily", "opinion_leader") and "layers" not in r:
            r["layers"] = ({"size_class": 1.0, "county": 1.0} if ctype == "homophily"
                           else {"relations": 1.0, "network": 1.0, "ict_company": 1.0, "programme": 0.5,
                                 "county": 0.5, "proximity": 0.5, "graph": 1.0})
        if ctype in ("collective", "programme") and "organisation" not in r and "members" not in r:
            errs.add(f"{key}.organisation", "is required (or give 'members')")
        if ctype == "change_agent" and "agents" not in r and "agent_kinds" not in r:
            errs.add(f"{key}.agents", "is required (or give 'agent_kinds')")
        if ctype == "event" and "events" not in r and "event_kinds" not in r and r.get("attendees") != "all":
            errs.add(f"{key}.events", "is required (or give 'event_kinds', or attendees = \"all\")")
        if ctype == "opinion_leader" and "leaders" not in r and "centrality" not in r:
            errs.add(f"{key}.leaders", "is required (or give 'centrality')")
    return out


def _validate(raw: dict, file: str) -> dict:
    errs = _Errors(file)
    data = SCENARIO_SPEC.check(raw, "", errs)
    if data is _MISSING:
        errs.raise_if_any()
    data["channels"] = _check_channels(data.get("channels", {}), errs)
    data.setdefault("interventions", [])
    for i, iv in enumerate(data["interventions"]):
        for dotted, value in iv.get("set", {}).items():
            k = f"interventions[{i}].set.{dotted}"
            parts = dotted.split(".")
            if parts[-1] in STRUCTURAL or parts[0] in ("time", "run", "population", "seeds", "name", "title",
                                                        "description", "interventions"):
                errs.add(k, "only rates and other numeric parameters can change during a run")
                continue
            if parts[0] == "channels" and (len(parts) < 3 or parts[1] not in data["channels"]):
                errs.add(k, f"unknown channel '{parts[1] if len(parts) > 1 else ''}'")
                continue
            try:
                trial = _set_dotted(copy.deepcopy(raw), dotted, value)
            except KeyError as e:
                errs.add(k, str(e.args[0]))
                continue
            sub = _Errors(file)
            r = SCENARIO_SPEC.check(trial, "", sub)
            if r is not _MISSING:
                _check_channels(r.get("channels", {}), sub)
            for p in sub.items:
                errs.add(k, f"{p.key}: {p.message}")
    _check_intervention_dates(data, errs)
    if "innovation" not in data:
        errs.add("innovation", "is required (a table with at least 'id' or 'name')")
    elif "id" not in data["innovation"] and "name" not in data["innovation"]:
        errs.add("innovation.id", "is required (or give 'name' for an innovation that is not in the data)")
    errs.raise_if_any()
    return data


def _check_intervention_dates(data: dict, errs: _Errors) -> None:
    """An intervention must start inside the simulated time (else it would be silently ignored or
    silently moved to step 0)."""
    time = data.get("time", {})
    start, steps, step = time.get("start"), time.get("steps"), time.get("step")
    if steps is None or step is None:
        return
    for i, iv in enumerate(data.get("interventions", [])):
        for k in ("start", "end"):
            v = iv.get(k)
            if v is None:
                continue
            key = f"interventions[{i}].{k}"
            if isinstance(v, str):
                if start is None:
                    continue            # the start comes from the data; checked when the model is built
                if month_diff(v, start) < 0:
                    errs.add(key, f"'{v}' is before the simulation starts (time.start = '{start}')")
                    continue
                at = to_step(v, start, step)
                where = f"'{v}' is step {at}"
            else:
                at, where = v, f"step {v}"
            if k == "start" and at > steps:
                last = f" ({step_dates(start, step, steps)[-1]})" if start else ""
                errs.add(key, f"{where}, after the last step {steps}{last}: the intervention would never act")


def _set_dotted(d: dict, dotted: str, value) -> dict:
    parts = dotted.split(".")
    cur = d
    for p in parts[:-1]:
        nxt = cur.get(p)
        if nxt is None:
            nxt = cur[p] = {}
        elif not isinstance(nxt, dict):
            raise KeyError(f"'{p}' is not a table")
        cur = nxt
    cur[parts[-1]] = value
    return d


# ---------------------------------------------------------------------------
# The Scenario object
# ---------------------------------------------------------------------------

@dataclass
class Scenario:
    """A validated scenario: ``data`` is the nested dict with defaults filled in."""

    data: dict
    raw: dict
    file: str = "<scenario>"
    path: Path | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.data.get("name") or (self.path.stem if self.path else "scenario")

    @property
    def title(self) -> str:
        return self.data.get("title") or self.name

    def get(self, dotted: str, default=None):
        cur: Any = self.data
        for p in dotted.split("."):
            if not isinstance(cur, dict) or p not in cur:
                return default
            cur = cur[p]
        return cur

    def with_params(self, params: dict[str, Any]) -> Scenario:
        """A copy with dotted keys set (validated again); used by sweeps, calibration and the CLI."""
        raw = copy.deepcopy(self.raw)
        errs = _Errors(self.file)
        for dotted, value in params.items():
            try:
                _set_dotted(raw, dotted, value)
            except KeyError as e:
                errs.add(dotted, str(e.args[0]))
        errs.raise_if_any()
        return Scenario(_validate(raw, self.file), raw, self.file, self.path, list(self.notes))

    def to_toml(self) -> str:
        return dumps_toml(self.raw)


def load_scenario(path: str | Path, graph=None) -> Scenario:
    """Read and validate a scenario TOML file.

    With ``graph`` (the actor graph), the ids it references are checked too
    (:func:`check_ids`); otherwise that check happens when the model is built.
    """
    p = Path(path)
    file = str(path)
    if not p.is_file():
        raise ScenarioError([ScenarioProblem(file, "", "file not found")])
    try:
        raw = tomllib.loads(p.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise ScenarioError([ScenarioProblem(file, "", f"not valid TOML: {e}")]) from None
    except UnicodeDecodeError:
        raise ScenarioError([ScenarioProblem(file, "", "not UTF-8 text")]) from None
    sc = Scenario(_validate(raw, file), raw, file, p)
    if graph is not None:
        check_ids(sc, graph)
    return sc


def scenario_from_dict(d: dict, file: str = "<dict>") -> Scenario:
    """Validate a scenario given as a Python dict (same structure as the TOML file)."""
    raw = copy.deepcopy(d)
    return Scenario(_validate(raw, file), raw, file, None)


# ---------------------------------------------------------------------------
# Id checks against the data
# ---------------------------------------------------------------------------

def _id_refs(sc: Scenario):
    """(dotted key, id, expected) for every id a scenario references."""
    d = sc.data
    if "id" in d["innovation"]:
        yield "innovation.id", d["innovation"]["id"], "innovation"
    pop = d.get("population", {})
    for k in ("include", "exclude"):
        for u in pop.get(k, []):
            yield f"population.{k}", u, "actor"
    for c in pop.get("counties", []) or []:
        yield "population.counties", c, "place"
    for o in pop.get("members_of", []) or []:
        yield "population.members_of", o, "actor"
    for u in d.get("innovativeness", {}).get("units", {}):
        yield f"innovativeness.units.{u}", u, "unit"
    for u in d.get("adoption", {}).get("thresholds", {}):
        yield f"adoption.thresholds.{u}", u, "unit"
    seeds = d.get("seeds", {})
    for k in ("adopters", "aware"):
        v = seeds.get(k, [])
        if v != "all":
            for u in v:
                yield f"seeds.{k}", u, "unit"
    for name, ch in d["channels"].items():
        base = f"channels.{name}"
        for s in ch.get("sources", []):
            yield f"{base}.sources", s, "any"
        for k, exp in (("leaders", "unit"), ("agents", "actor"), ("events", "actor"), ("members", "unit")):
            for u in ch.get(k, []) or []:
                yield f"{base}.{k}", u, exp
        if "organisation" in ch:
            yield f"{base}.organisation", ch["organisation"], "actor"
        if ch["type"] == "vertical_pickup" and ch.get("authority", "county") != "county":
            yield f"{base}.authority", ch["authority"], "actor"
        t = ch.get("targets", {})
        for k, exp in (("units", "unit"), ("exclude", "unit"), ("counties", "place"), ("members_of", "actor")):
            for u in t.get(k, []) or []:
                yield f"{base}.targets.{k}", u, exp
    for i, iv in enumerate(d.get("interventions", [])):
        for k in ("add_adopters", "add_aware"):
            for u in iv.get(k, []):
                yield f"interventions[{i}].{k}", u, "unit"


def check_ids(sc: Scenario, graph, units: set[str] | None = None) -> None:
    """Raise :class:`ScenarioError` naming file and key for every id missing from ``graph``.

    ``units`` (the adopting unit ids, when known) makes unit references
    stricter: they must be adopting units, not just any node.
    """
    errs = _Errors(sc.file)
    nodes = getattr(graph, "nodes", graph)
    for key, ident, expected in _id_refs(sc):
        if ident not in nodes:
            errs.add(key, f"unknown {('id' if expected == 'any' else expected + ' id')} '{ident}' "
                          f"(not in the data)")
            continue
        kind = nodes[ident].get("kind")
        if expected == "innovation" and kind not in schema.INNOVATION_KINDS:
            errs.add(key, f"'{ident}' is a {kind}, not an innovation")
        elif expected in ("actor", "unit") and kind is not None and kind not in schema.ACTOR_KINDS:
            errs.add(key, f"'{ident}' is a {kind}, not an actor")
        elif expected == "unit" and units is not None and ident not in units:
            hint = ("; it is anonymised: set population.anonymised = true" if nodes[ident].get("anonymised")
                    else "")
            errs.add(key, f"'{ident}' is not an adopting unit of this scenario (population.kinds){hint}")
        elif expected == "place" and kind not in (None, *schema.PLACES):
            errs.add(key, f"'{ident}' is a {kind}, not a County or Region")
    errs.raise_if_any()


def dumps_toml(d: dict) -> str:
    """A scenario dict as TOML text (tomli-w keeps the order of tables, so channels keep theirs)."""
    return tomli_w.dumps(d)


def __getattr__(name: str):
    # the reference generator moved to scenario_docs; keep the old names importable
    if name in ("reference_rows", "channel_reference_rows", "reference_markdown"):
        from innosys.diffusion import scenario_docs

        return getattr(scenario_docs, name)
    raise AttributeError(name)
