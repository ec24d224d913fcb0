"""What every channel shares: hazards, the base class, target masks, and the registry of channel types.

A channel type is registered once, next to its rules, with :func:`register`: its class, the schema
channel it is recorded as, its default rates, its own keys (validation specs with defaults and
descriptions; :func:`~innosys.diffusion.validation.varying` marks the rates interventions may change,
:func:`~innosys.diffusion.validation.naming` the keys that name ids of the data) and an optional
extra check.  The scenario format, the docs reference, the structural keys and the id checks are
all derived from the registry (see docs/extending.md).

All hazards are per step; a probability p becomes the hazard -ln(1 - p).

>>> import innosys.diffusion.channels  # registers the shipped types
>>> round(float(hazard(0.5)), 4), list(REGISTRY)[:3]
(0.6931, ['mass_media', 'interpersonal', 'homophily'])
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np

from innosys import schema
from innosys.diffusion.validation import Num as _Num
from innosys.diffusion.validation import (
    ScenarioError,
    ScenarioProblem,
    Spec,
    Str,
    StrList,
    Table,
    TimePoint,
    _Errors,
    naming,
    varying,
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
# The registry of channel types
# ---------------------------------------------------------------------------

#: channel type name -> its registration, in registration order (docs and messages list them so)
REGISTRY: dict[str, ChannelType] = {}


def prob(default=None, doc: str = "") -> _Num:
    return _Num(default, prob=True, doc=doc)


def _targets() -> Table:
    return Table({
        "kinds": StrList(doc="only units of these kinds"),
        "units": naming(StrList(doc="only these unit ids"), "unit"),
        "counties": naming(StrList(doc="only units located in these County/Region ids"), "place"),
        "size_classes": StrList(choices=schema.SIZE_CLASSES, doc="only units of these size classes"),
        "members_of": naming(StrList(doc="only units related (MEMBER_OF, PARTICIPATES_IN, OWNS, ...) to these "
                                         "actors"), "actor"),
        "exclude": naming(StrList(doc="never these unit ids"), "unit"),
    }, doc="restricts a channel to a subset of the adopting units", auto=False)


def common_keys(awareness: float | None = None, adoption: float | None = None) -> dict[str, Spec]:
    """The keys of every channel (with a type's default rates)."""
    return {
        "type": Str(choices=tuple(REGISTRY), doc="channel type (default: the channel's name, if it is a type)"),
        "label": Str(choices=schema.CHANNELS, doc="schema channel recorded for its awareness/adoptions"),
        "description": Str(doc="free text"),
        "awareness": varying(prob(awareness, "probability per step that an exposed unaware unit becomes aware "
                                             "(at full exposure)")),
        "adoption": varying(prob(adoption, "probability per step that an exposed aware unit adopts (at full "
                                           "exposure, before the attribute and innovativeness multipliers)")),
        "start": TimePoint(doc="first step the channel acts (step or 'YYYY-MM'); default 0"),
        "end": TimePoint(doc="last step the channel acts; default: the horizon"),
        "targets": _targets(),
        "sources": naming(StrList(doc="actor/innovation ids the channel speaks for (checked against the data)"),
                          "any"),
    }


#: keys of every channel (docs and the structural-key check use their names)
COMMON_KEYS = tuple(common_keys())


@dataclass(frozen=True)
class ChannelType:
    """A registered channel type (see :func:`register`)."""

    name: str
    cls: type
    label: str
    awareness: float
    adoption: float
    params: dict[str, Spec]
    doc: str
    check: Callable[[dict, str, _Errors], None] | None = None
    aliases: tuple[str, ...] = field(default=())

    def spec(self) -> Table:
        """The validation table of a channel of this type: common keys, then its own."""
        return Table({**common_keys(self.awareness, self.adoption), **self.params}, doc=self.doc)




def register(name: str, cls: type, *, awareness: float, adoption: float, doc: str, label: str | None = None,
             params: dict[str, Spec] | None = None, check=None) -> ChannelType:
    """Register channel type ``name`` (its scenario ``type``) with the class that holds its rules.

    ``label``: the schema channel its events are recorded as (default: ``name``); ``awareness`` and
    ``adoption``: default rates; ``params``: the type's own keys; ``check(body, key, errs)``: rules
    between keys (e.g. "give 'agents' or 'agent_kinds'") and computed defaults, run after validation.
    """
    label = label or name
    if label not in schema.CHANNELS:
        raise ValueError(f"channel type {name!r}: label {label!r} is not a schema channel "
                         f"({', '.join(schema.CHANNELS)})")
    ct = ChannelType(name, cls, label, awareness, adoption, dict(params or {}), doc, check)
    REGISTRY[name] = ct
    return ct


def structural_keys() -> tuple[str, ...]:
    """Channel keys an intervention may not change: everything that is not marked as a rate."""
    keys = {k for k, s in common_keys().items() if not s.varies}
    for ct in REGISTRY.values():
        keys |= {k for k, s in ct.params.items() if not s.varies}
    return tuple(sorted(keys))


def id_refs(name: str, body: dict) -> Iterator[tuple[str, str, str]]:
    """(dotted key, id, expected kind) for every id the validated channel ``body`` names."""
    ct = REGISTRY[body["type"]]
    yield from _refs({**common_keys(), **ct.params}, body, f"channels.{name}")


def _refs(specs: dict[str, Spec], body: dict, prefix: str) -> Iterator[tuple[str, str, str]]:
    for k, s in specs.items():
        v = body.get(k)
        if v is None:
            continue
        if isinstance(s, Table):
            yield from _refs(s.fields, v, f"{prefix}.{k}")
        elif s.ids:
            for ident in ([v] if isinstance(v, str) else v):
                if ident not in s.ids_skip:
                    yield f"{prefix}.{k}", ident, s.ids


def require_one(body: dict, key: str, errs: _Errors, keys: tuple[str, ...], also: str = "") -> None:
    """A channel needs at least one of ``keys`` (message names the first)."""
    if not any(k in body for k in keys):
        more = " or ".join(f"'{k}'" for k in keys[1:])
        errs.add(f"{key}.{keys[0]}", f"is required (or give {more}{also})" if more or also else "is required")
