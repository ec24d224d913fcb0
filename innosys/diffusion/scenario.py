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
from innosys.diffusion.channels import REGISTRY, structural_keys
from innosys.diffusion.channels import id_refs as channel_id_refs
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


def _prob(default=None, doc=""):
    return Num(default, prob=True, doc=doc)


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

def _check_channels(channels: dict, errs: _Errors) -> dict:
    """Each channel validated by its registered type (innosys.diffusion.channels)."""
    types = tuple(REGISTRY)
    out = {}
    for name, body in channels.items():
        key = f"channels.{name}"
        if not isinstance(body, dict):
            errs.add(key, f"must be a table, got {_desc(body)}")
            continue
        ctype = body.get("type", name if name in REGISTRY else None)
        if ctype is None:
            errs.add(f"{key}.type", f"is required (the name '{name}' is not a channel type); one of {', '.join(types)}")
            continue
        if ctype not in REGISTRY:
            errs.add(f"{key}.type", f"must be one of {', '.join(types)}; got {_desc(ctype)}")
            continue
        ct = REGISTRY[ctype]
        r = ct.spec().check(body, key, errs)
        if r is _MISSING:
            continue
        r["type"] = ctype
        r.setdefault("label", ct.label)
        out[name] = r
        if ct.check is not None:
            ct.check(r, key, errs)
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
            if parts[-1] in structural_keys() or parts[0] in ("time", "run", "population", "seeds", "name", "title",
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
        yield from channel_id_refs(name, ch)
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
    # the channel facts live with the channel classes (innosys.diffusion.channels); these old names
    # are derived from that registry on each access, so a newly registered type shows up
    if name == "CHANNEL_TYPES":
        return tuple(REGISTRY)
    if name == "DEFAULT_LABELS":
        return {t: ct.label for t, ct in REGISTRY.items()}
    if name == "CHANNEL_SPECS":
        return {t: ct.spec() for t, ct in REGISTRY.items()}
    if name == "STRUCTURAL":
        return structural_keys()
    # the reference generator moved to scenario_docs; keep the old names importable
    if name in ("reference_rows", "channel_reference_rows", "reference_markdown"):
        from innosys.diffusion import scenario_docs

        return getattr(scenario_docs, name)
    raise AttributeError(name)
