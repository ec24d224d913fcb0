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
from typing import Annotated, Any

import tomli_w
from pydantic import Field, TypeAdapter, ValidationError, create_model

from innosys import schema
from innosys.diffusion.channels import REGISTRY, structural_keys, validate_channel
from innosys.diffusion.channels import id_refs as channel_id_refs
from innosys.diffusion.timeline import STEP_MONTHS, month_add, month_diff, parse_month, step_dates, to_step  # noqa: F401
from innosys.diffusion.validation import (  # noqa: F401  (ScenarioError/ScenarioProblem: public here)
    SIZE_KEYS,
    Bool,
    BySize,
    Choice,
    Int,
    Key,
    Month,
    Names,
    Num,
    Prob,
    ScenarioError,
    ScenarioProblem,
    Section,
    StrList,
    TimePoint,
    _Errors,
    id_refs,
    translate,
)

ADOPTION_RULES = ("hazard", "threshold")

Innovation = create_model(
    "Innovation", __base__=Section, __doc__="the innovation and its Rogers attributes",
    id=(Annotated[str, Names("innovation")] | None,
        Field(None, description="innovation id in the data (optional for synthetic scenarios)")),
    name=(str | None, Field(None, description="display name (default: from the data)")),
    **{a: (BySize(Prob) | None, Field(None, description=f"Rogers attribute {a} (0..1); default: the data, else 0.5"))
       for a in schema.INNOVATION_ATTRIBUTES})


class Time(Section):
    start: Month | None = Field(None, description="date of step 0 (default: the innovation's launch)")
    step: Choice(*STEP_MONTHS) = Field("quarter", description="step length")
    steps: Int(1, 10000) = Field(40, description="horizon in steps")
    rates: Choice("per_step", "per_year") = Field("per_step",
                                                  description="whether probabilities are per step or per year")


class Run(Section):
    runs: Int(1, 10_000_000) = Field(200, description="Monte Carlo runs")
    seed: Int(0, 2**63 - 1) = Field(0, description="random seed")


class Population(Section):
    kinds: StrList(*schema.ACTOR_KINDS) = Field(["Municipality"], description="kinds of adopting units")
    include: Annotated[StrList(), Names("actor")] = Field([], description="extra unit ids")
    exclude: Annotated[StrList(), Names("actor")] = Field([], description="unit ids left out")
    counties: Annotated[StrList(), Names("place")] | None = Field(
        None, description="only units located in these County/Region ids")
    members_of: Annotated[StrList(), Names("actor")] | None = Field(
        None, description="only units related to these actors (members, owners, participants)")
    anonymised: Bool | None = Field(
        None, description="include the theses' anonymised units, which stand for real municipalities already "
                          "counted (default: only when 'members_of' selects a thesis's sample)")


class Innovativeness(Section):
    effect: Num(0.0) = Field(1.0, description="adoption hazard multiplier exp(effect * z) for latent score z")
    size_class: dict[Key("size class", SIZE_KEYS), Num()] = Field(
        {}, description="shift of the latent score by size class")
    log_population: Num() = Field(0.0, description="shift per log10(population) above the units' mean")
    network_membership: Num() = Field(
        0.0, description="shift per log(1 + memberships in networks/companies/programmes)")
    absorptive_capacity: Num() = Field(
        0.0, description="shift per log(1 + relations to knowledge actors and partners)")
    units: Annotated[dict[Key("unit id"), Num()], Names("unit")] = Field({}, description="explicit shifts per unit")


class Adoption(Section):
    rule: Choice(*ADOPTION_RULES) = Field("hazard", description="hazard (stochastic) or threshold (linear threshold)")
    own_initiative: BySize(Prob) = Field(0.005, description="probability per step that an aware unit adopts on "
                                                            "its own")
    rejection: BySize(Prob) = Field(0.01, description="probability per step that an aware unit rejects (defers "
                                                      "indefinitely)")
    reconsider: BySize(Prob) = Field(0.02, description="probability per step that a rejecting unit becomes "
                                                       "undecided again")
    discontinuance: BySize(Prob) = Field(0.0, description="probability per step that an adopter stops using it")
    require_awareness: Bool = Field(True, description="adoption only after awareness (two steps)")
    theta: Prob | None = Field(None, description="threshold rule: one fixed threshold (default: Phi(-z), uniform "
                                                 "without shifts)")
    thresholds: Annotated[dict[Key("unit id"), Prob], Names("unit")] = Field(
        {}, description="threshold rule: per-unit thresholds")
    attribute_weights: dict[Key("attribute", schema.INNOVATION_ATTRIBUTES), Num(0.0)] = Field(
        {}, description="weights of Rogers attributes (default 1)")


class Seeds(Section):
    adopters: Annotated[StrList(), Names("unit")] = Field([], description="units that have adopted at step 0")
    aware: Annotated[StrList(allow_all=True), Names("unit", skip=("all",))] = Field(
        [], description='units aware at step 0 (or "all")')
    random_adopters: Int(0) = Field(0, description="random extra adopters per run")
    random_aware: Int(0) = Field(0, description="random extra aware units per run")
    from_data: Bool = Field(False, description="units the adoptions table shows as adopters by the start year")
    developers: Choice("none", "aware", "adopted") = Field(
        "none", description="units with a DEVELOPED relation to the innovation")


class Intervention(Section):
    name: str | None = Field(None, description="label")
    start: TimePoint = Field(description="first step (step number or 'YYYY-MM')")
    end: TimePoint | None = Field(None, description="last step (default: the horizon)")
    set: dict[Key("dotted key"), Any] = Field(
        {}, description="numeric parameters to change, e.g. 'channels.ks.awareness' = 0.2")
    add_adopters: Annotated[StrList(), Names("unit")] = Field(
        [], description="units that adopt at the start of the intervention")
    add_aware: Annotated[StrList(), Names("unit")] = Field(
        [], description="units that become aware at the start of the intervention")


class ScenarioModel(Section):
    """The scenario file; each ``[channels.NAME]`` table is validated by its type's model
    (:func:`innosys.diffusion.channels.validate_channel`)."""

    name: str | None = Field(None, description="short name (default: the file name)")
    title: str | None = Field(None, description="one-line title")
    description: str | None = Field(None, description="free text")
    innovation: Innovation | None = None
    time: Time = Time()
    run: Run = Run()
    population: Population = Population()
    innovativeness: Innovativeness = Innovativeness()
    adoption: Adoption = Adoption()
    seeds: Seeds = Seeds()
    channels: dict[str, Any] = Field({}, description="one table per channel: [channels.NAME]")
    interventions: list[Intervention] = Field([], description="parameter changes during the run")


_SCENARIO = TypeAdapter(ScenarioModel)


def _check(raw: dict, file: str) -> tuple[dict | None, dict, list[ScenarioProblem]]:
    """The scenario with defaults filled (None if a section is invalid), its valid channels and every problem."""
    try:
        data, found = _SCENARIO.validate_python(raw).model_dump(exclude_none=True), []
    except ValidationError as err:
        data, found = None, translate(err, ScenarioModel, file)
    channels = {}
    for name, body in (raw.get("channels") or {}).items() if isinstance(raw.get("channels"), dict) else ():
        ch, more = validate_channel(name, body, file)
        found += more
        if ch is not None:
            channels[name] = ch
    if data is not None:
        data["channels"] = channels
    return data, channels, found


def _validate(raw: dict, file: str) -> dict:
    errs = _Errors(file)
    data, channels, found = _check(raw, file)
    errs.items += found
    ivs = raw.get("interventions")
    for i, iv in enumerate(ivs if isinstance(ivs, list) else []):
        changes = iv.get("set") if isinstance(iv, dict) else None
        for dotted, value in (changes if isinstance(changes, dict) else {}).items():
            k = f"interventions[{i}].set.{dotted}"
            parts = dotted.split(".")
            if parts[-1] in structural_keys() or parts[0] in ("time", "run", "population", "seeds", "name", "title",
                                                              "description", "interventions"):
                errs.add(k, "only rates and other numeric parameters can change during a run")
                continue
            if parts[0] == "channels" and (len(parts) < 3 or parts[1] not in channels):
                errs.add(k, f"unknown channel '{parts[1] if len(parts) > 1 else ''}'")
                continue
            try:
                trial = _set_dotted(copy.deepcopy(raw), dotted, value)
            except KeyError as e:
                errs.add(k, str(e.args[0]))
                continue
            for p in _check(trial, file)[2]:
                errs.add(k, f"{p.key}: {p.message}")
    if data is not None:
        _check_intervention_dates(data, errs)
    innovation = raw.get("innovation")
    if innovation is None:
        errs.add("innovation", "is required (a table with at least 'id' or 'name')")
    elif isinstance(innovation, dict) and "id" not in innovation and "name" not in innovation:
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
    """(dotted key, id, expected) for every id a scenario references (the keys marked ``Names``)."""
    yield from id_refs(ScenarioModel, sc.data)
    for name, ch in sc.data["channels"].items():
        yield from channel_id_refs(name, ch)


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
        return {t: ct.model for t, ct in REGISTRY.items()}
    if name == "STRUCTURAL":
        return structural_keys()
    # the reference generator moved to scenario_docs; keep the old names importable
    if name in ("reference_rows", "channel_reference_rows", "reference_markdown"):
        from innosys.diffusion import scenario_docs

        return getattr(scenario_docs, name)
    raise AttributeError(name)
