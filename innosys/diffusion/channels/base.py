"""What every channel shares: hazards, the base class, target masks, and the registry of channel types.

A channel type is registered once, next to its rules, with :func:`register`: its class, the schema
channel it is recorded as, its default rates and its model, a pydantic :class:`ChannelKeys` subclass
declaring its own keys (types, bounds, defaults, descriptions; :data:`~innosys.diffusion.validation.VARYING`
marks the rates interventions may change, :class:`~innosys.diffusion.validation.Names` the keys that
name ids of the data) and its rules between keys.  The scenario format (a discriminated union on
``type``), the docs reference (JSON Schema), the structural keys and the id checks are all derived
from the registry (see docs/extending.md).

All hazards are per step; a probability p becomes the hazard -ln(1 - p).

>>> import innosys.diffusion.channels  # registers the shipped types
>>> round(float(hazard(0.5)), 4), list(REGISTRY)[:3]
(0.6931, ['mass_media', 'interpersonal', 'homophily'])
"""

from __future__ import annotations

import functools
import operator
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Literal

import numpy as np
from pydantic import BaseModel, Field, TypeAdapter, ValidationError, create_model, model_validator

from innosys import schema
from innosys.diffusion.validation import (
    VARYING,
    Choice,
    Names,
    Prob,
    ScenarioError,
    ScenarioProblem,
    Section,
    StrList,
    TimePoint,
    _desc,
    fail,
    marker,
    translate,
)
from innosys.diffusion.validation import (
    id_refs as model_id_refs,
)

#: threshold comparisons tolerate this much floating-point error
THRESHOLD_EPS = 1e-9
#: influence matrices with more entries than this update only the columns of changed units
FRONTIER_NNZ = 200_000

DIRECT_LAYERS = ("graph", "relations", "collaboration", "proximity")
GROUP_LAYERS = ("network", "ict_company", "programme", "county", "size_class")


def hazard(p: float, scale: float = 1.0) -> float:
    """Per-step hazard of a probability ``p`` (per step, or per year times ``scale`` years)."""
    p = min(max(float(p), 0.0), 1.0 - 1e-12)
    return -np.log1p(-p) * scale


def hazards(p: np.ndarray, scale: float = 1.0) -> np.ndarray:
    """Vectorised :func:`hazard`."""
    p = np.clip(np.asarray(p, dtype=float), 0.0, 1.0 - 1e-12)
    return -np.log1p(-p) * scale


def step_prob(p, scale: float = 1.0):
    """A per-step probability from ``p`` given per step (scale 1) or per year (scale = step in years)."""
    p = np.minimum(np.maximum(np.asarray(p, dtype=float), 0.0), 1.0)
    with np.errstate(divide="ignore"):
        return np.where(p >= 1.0, 1.0, -np.expm1(np.log1p(-np.minimum(p, 1 - 1e-15)) * scale))


def purpose_key(name: str) -> int:
    return 1000 + (zlib.crc32(name.encode("utf-8")) & 0x7FFFFFFF)


def _fail(model, key: str, message: str):
    raise ScenarioError([ScenarioProblem(model.scenario.file, key, message)])


class Channel:
    """Base class: a channel that does nothing."""

    influence = False   # contributes to the threshold exposure F (interpersonal-type channels)

    def __init__(self, name: str, spec: dict, model, code: int):
        self.name, self.spec, self.code = name, spec, code
        self.type = spec["type"]
        self.label = spec["label"]
        self.key = f"channels.{name}"
        self.start = model.to_step(spec.get("start", 0))
        self.end = model.to_step(spec["end"]) if "end" in spec else model.steps
        self.targets = target_mask(model, spec.get("targets"), f"{self.key}.targets")
        self.purpose = purpose_key(f"channel:{name}")

    def active(self, t: int) -> bool:
        return self.start <= t <= self.end

    def numeric(self, spec: dict, model) -> dict:
        return {"aw": hazard(spec["awareness"], model.rate_scale), "ad": hazard(spec["adoption"], model.rate_scale)}

    def begin(self, b) -> None:
        pass

    def update(self, b, t: int, p: dict) -> None:
        pass

    def awareness(self, b, t: int, p: dict):
        return None

    def adoption(self, b, t: int, p: dict):
        return None

    def forced(self, b, t: int, p: dict):
        return None

    def observe(self, b, delta) -> None:
        pass

    def outputs(self, b) -> dict:
        return {}



def target_mask(model, targets: dict | None, key: str) -> np.ndarray | None:
    """(n,) bool mask of units a channel may reach, or None for all."""
    if not targets:
        return None
    pop = model.population
    m = np.ones(pop.n, dtype=bool)
    if targets.get("kinds"):
        ks = set(targets["kinds"])
        m &= np.array([k in ks for k in pop.attribute("kind")])
    if targets.get("units"):
        m &= pop.unit_mask(targets["units"])
    if targets.get("counties"):
        cs = set(targets["counties"])
        m &= np.array([c in cs for c in pop.attribute("county")])
    if targets.get("size_classes"):
        ss = set(targets["size_classes"])
        m &= np.array([s in ss for s in pop.attribute("size_class")])
    if targets.get("members_of"):
        mm = np.zeros(pop.n, dtype=bool)
        for a in targets["members_of"]:
            mm[pop.contacts(a)] = True
        m &= mm
    if targets.get("exclude"):
        m &= ~pop.unit_mask(targets["exclude"])
    return m


def _as_col(mask: np.ndarray | None, n: int) -> np.ndarray:
    return (np.ones(n) if mask is None else mask.astype(float))[:, None]



# ---------------------------------------------------------------------------
# The keys of every channel, and the registry of channel types
# ---------------------------------------------------------------------------

#: channel type name -> its registration, in registration order (docs and messages list them so)
REGISTRY: dict[str, ChannelType] = {}


class Targets(Section):
    """restricts a channel to a subset of the adopting units"""

    kinds: StrList() | None = Field(None, description="only units of these kinds")
    units: Annotated[StrList(), Names("unit")] | None = Field(None, description="only these unit ids")
    counties: Annotated[StrList(), Names("place")] | None = Field(
        None, description="only units located in these County/Region ids")
    size_classes: StrList(*schema.SIZE_CLASSES) | None = Field(None, description="only units of these size classes")
    members_of: Annotated[StrList(), Names("actor")] | None = Field(
        None, description="only units related (MEMBER_OF, PARTICIPATES_IN, OWNS, ...) to these actors")
    exclude: Annotated[StrList(), Names("unit")] | None = Field(None, description="never these unit ids")


AWARENESS = "probability per step that an exposed unaware unit becomes aware (at full exposure)"
ADOPTION = ("probability per step that an exposed aware unit adopts (at full exposure, before the attribute and "
            "innovativeness multipliers)")


class ChannelKeys(Section):
    """The keys of every channel; a channel type's model adds its own (see :func:`register`).

    ``rules()`` yields (sub-key, message) for rules between keys, checked once every key is valid.
    """

    type: str = Field(description="channel type (default: the channel's name, if it is a type)")
    label: Choice(*schema.CHANNELS) | None = Field(None, description="schema channel recorded for its "
                                                                     "awareness/adoptions")
    description: str | None = Field(None, description="free text")
    awareness: Annotated[Prob, VARYING] = Field(0.0, description=AWARENESS)
    adoption: Annotated[Prob, VARYING] = Field(0.0, description=ADOPTION)
    start: TimePoint | None = Field(None, description="first step the channel acts (step or 'YYYY-MM'); default 0")
    end: TimePoint | None = Field(None, description="last step the channel acts; default: the horizon")
    targets: Targets | None = None
    sources: Annotated[StrList(), Names("any")] | None = Field(
        None, description="actor/innovation ids the channel speaks for (checked against the data)")

    def rules(self) -> Iterator[tuple[str, str]]:
        return iter(())

    @model_validator(mode="after")
    def _rules(self):
        for key, message in self.rules():
            fail(message, key)
        return self


#: keys of every channel (docs and the structural-key check use their names)
COMMON_KEYS = tuple(ChannelKeys.model_fields)


@dataclass(frozen=True)
class ChannelType:
    """A registered channel type (see :func:`register`): ``model`` declares and validates its keys."""

    name: str
    cls: type
    model: type[ChannelKeys]
    doc: str

    @property
    def label(self) -> str:
        return self.model.model_fields["label"].default

    @property
    def awareness(self) -> float:
        return self.model.model_fields["awareness"].default

    @property
    def adoption(self) -> float:
        return self.model.model_fields["adoption"].default


def register(name: str, cls: type, *, keys: type[ChannelKeys] = ChannelKeys, awareness: float, adoption: float,
             doc: str, label: str | None = None, **defaults) -> ChannelType:
    """Register channel type ``name`` (its scenario ``type``) with the class that holds its rules.

    ``keys``: the type's model (a :class:`ChannelKeys` subclass declaring its own keys); ``label``: the
    schema channel its events are recorded as (default: ``name``); ``awareness``, ``adoption`` and
    ``defaults``: the type's defaults of inherited keys.
    """
    label = label or name
    if label not in schema.CHANNELS:
        raise ValueError(f"channel type {name!r}: label {label!r} is not a schema channel "
                         f"({', '.join(schema.CHANNELS)})")
    fields: dict = {"type": (Literal[name], Field(name, description=ChannelKeys.model_fields["type"].description))}
    for k, v in {"label": label, "awareness": awareness, "adoption": adoption, **defaults}.items():
        f = keys.model_fields[k]
        fields[k] = (f.rebuild_annotation(), Field(v, description=f.description))
    model = create_model("".join(p.title() for p in name.split("_")) + "Channel", __base__=keys,
                         __doc__=doc, **fields)
    ct = ChannelType(name, cls, model, doc)
    REGISTRY[name] = ct
    _adapter.cache_clear()
    return ct


@functools.cache
def _adapter() -> TypeAdapter:
    models = tuple(ct.model for ct in REGISTRY.values())
    if len(models) == 1:
        return TypeAdapter(models[0])
    return TypeAdapter(Annotated[functools.reduce(operator.or_, models), Field(discriminator="type")])


def validate_channel(name: str, body, file: str) -> tuple[dict | None, list[ScenarioProblem]]:
    """The channel ``[channels.NAME]`` with defaults filled (None if invalid) and its problems.

    Its type is ``type``, else its name if that is a type; the discriminated union of the registered
    models validates it.
    """
    key = f"channels.{name}"
    if not isinstance(body, dict):
        return None, [ScenarioProblem(file, key, f"must be a table, got {_desc(body)}")]
    ctype = body.get("type", name if name in REGISTRY else None)
    types = ", ".join(REGISTRY)
    if ctype is None:
        return None, [ScenarioProblem(file, f"{key}.type", f"is required (the name '{name}' is not a channel type); "
                                                            f"one of {types}")]
    if not isinstance(ctype, str) or ctype not in REGISTRY:
        return None, [ScenarioProblem(file, f"{key}.type", f"must be one of {types}; got {_desc(ctype)}")]
    try:
        model = _adapter().validate_python({**body, "type": ctype})
    except ValidationError as err:
        found = translate(err, REGISTRY[ctype].model, file, key, strip=(0,) if len(REGISTRY) > 1 else ())
        if not any(e["loc"] in ((), (ctype,)) for e in err.errors()):   # the rules did not run: run them on the keys
            unchecked = REGISTRY[ctype].model.model_construct(**body)
            found += [ScenarioProblem(file, f"{key}.{k}", m) for k, m in unchecked.rules()]
        return None, found
    return model.model_dump(exclude_none=True), []


def structural_keys() -> tuple[str, ...]:
    """Channel keys an intervention may not change: everything that is not marked as a rate."""
    keys = set()
    for model in (ChannelKeys, *(ct.model for ct in REGISTRY.values())):
        keys |= {k for k, f in model.model_fields.items() if marker(f, type(VARYING)) is None}
    return tuple(sorted(keys))


def id_refs(name: str, body: dict) -> Iterator[tuple[str, str, str]]:
    """(dotted key, id, expected kind) for every id the validated channel ``body`` names."""
    yield from model_id_refs(REGISTRY[body["type"]].model, body, f"channels.{name}")


def require_one(body: BaseModel, keys: tuple[str, ...], also: str = "") -> Iterator[tuple[str, str]]:
    """A channel needs at least one of ``keys`` (the message names the first); for ``rules()``."""
    if all(getattr(body, k) is None for k in keys):
        more = " or ".join(f"'{k}'" for k in keys[1:])
        yield keys[0], f"is required (or give {more}{also})" if more or also else "is required"
