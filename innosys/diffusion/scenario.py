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
import datetime as _dt
import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from innosys import schema

STEP_MONTHS = {"month": 1, "quarter": 3, "year": 12}
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
SIZE_KEYS = (*schema.SIZE_CLASSES, "default")


# ---------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class ScenarioProblem:
    file: str
    key: str
    message: str

    def __str__(self) -> str:
        where = f"key '{self.key}'" if self.key else "(whole file)"
        return f"{self.file}: {where}: {self.message}"


class ScenarioError(ValueError):
    """An invalid scenario.  ``.problems`` lists every (file, key, message)."""

    def __init__(self, problems: list[ScenarioProblem]):
        self.problems = list(problems)
        super().__init__(self.report())

    def report(self, limit: int | None = 50) -> str:
        shown = self.problems if limit is None else self.problems[:limit]
        lines = [str(p) for p in shown]
        if limit is not None and len(self.problems) > limit:
            lines.append(f"... and {len(self.problems) - limit} more problems")
        return "\n".join(lines)


class _Errors:
    def __init__(self, file: str):
        self.file = file
        self.items: list[ScenarioProblem] = []

    def add(self, key: str, message: str) -> None:
        self.items.append(ScenarioProblem(self.file, key, message))

    def raise_if_any(self) -> None:
        if self.items:
            raise ScenarioError(self.items)


def _desc(v: Any) -> str:
    if isinstance(v, str):
        return f"'{v}'"
    if isinstance(v, dict):
        return "a table"
    if isinstance(v, list):
        return "an array"
    return repr(v)


# ---------------------------------------------------------------------------
# Value specs
# ---------------------------------------------------------------------------

_MISSING = object()


class Spec:
    default: Any = None
    doc: str = ""

    def check(self, value, key: str, errs: _Errors):  # pragma: no cover - abstract
        raise NotImplementedError

    def type_doc(self) -> str:  # used by docs
        return ""


class Num(Spec):
    def __init__(self, default=None, lo=None, hi=None, integer=False, prob=False, doc="", inf_ok=False):
        self.default, self.lo, self.hi, self.integer, self.prob, self.doc = default, lo, hi, integer, prob, doc
        self.inf_ok = inf_ok
        if prob:
            self.lo, self.hi = 0.0, 1.0

    def check(self, value, key, errs):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            errs.add(key, f"must be {'an integer' if self.integer else 'a number'}, got {_desc(value)}")
            return _MISSING
        if self.integer and not isinstance(value, int):
            if float(value).is_integer():
                value = int(value)
            else:
                errs.add(key, f"must be an integer, got {value!r}")
                return _MISSING
        if isinstance(value, float) and math.isnan(value):
            errs.add(key, "must be a number, got nan")
            return _MISSING
        if isinstance(value, float) and math.isinf(value) and not self.inf_ok:
            errs.add(key, "must be finite")
            return _MISSING
        if self.prob and not (0.0 <= value <= 1.0):
            errs.add(key, f"must be a probability in [0, 1], got {value!r}")
            return _MISSING
        if self.lo is not None and value < self.lo:
            errs.add(key, f"must be >= {self.lo}, got {value!r}")
            return _MISSING
        if self.hi is not None and value > self.hi:
            errs.add(key, f"must be <= {self.hi}, got {value!r}")
            return _MISSING
        return float(value) if not self.integer else int(value)

    def type_doc(self):
        if self.prob:
            return "probability 0..1"
        t = "integer" if self.integer else "number"
        if self.lo is not None and self.hi is not None:
            return f"{t} {self.lo}..{self.hi}"
        if self.lo is not None:
            return f"{t} >= {self.lo}"
        return t


class Str(Spec):
    def __init__(self, default=None, choices=None, doc=""):
        self.default, self.choices, self.doc = default, tuple(choices) if choices else None, doc

    def check(self, value, key, errs):
        if not isinstance(value, str):
            errs.add(key, f"must be a string, got {_desc(value)}")
            return _MISSING
        if self.choices and value not in self.choices:
            errs.add(key, f"must be one of {', '.join(self.choices)}; got '{value}'")
            return _MISSING
        return value

    def type_doc(self):
        if self.choices and len(self.choices) > 9:
            return "string (a key of schema.CHANNELS)" if "own_initiative" in self.choices else "string (see list)"
        return "one of " + " / ".join(self.choices) if self.choices else "string"


class Bool(Spec):
    def __init__(self, default=None, doc=""):
        self.default, self.doc = default, doc

    def check(self, value, key, errs):
        if not isinstance(value, bool):
            errs.add(key, f"must be true or false, got {_desc(value)}")
            return _MISSING
        return value

    def type_doc(self):
        return "true / false"


_MONTH_RE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def parse_month(value: Any) -> tuple[int, int] | None:
    """``'2015-06'``, ``'2015'``, ``'2015-06-01'`` or a date → (year, month); None if not a date."""
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.year, value.month
    if isinstance(value, int) and not isinstance(value, bool) and 1800 <= value <= 2200:
        return None  # a bare integer is a step, not a year
    if isinstance(value, str):
        m = _MONTH_RE.match(value.strip())
        if m:
            y, mo = int(m.group(1)), int(m.group(2) or 1)
            if 1 <= mo <= 12:
                return y, mo
    return None


class Month(Spec):
    """A calendar month: 'YYYY-MM', 'YYYY' or a TOML date."""

    def __init__(self, default=None, doc=""):
        self.default, self.doc = default, doc

    def check(self, value, key, errs):
        ym = parse_month(value)
        if ym is None:
            errs.add(key, f"must be a month 'YYYY-MM' (or 'YYYY'), got {_desc(value)}")
            return _MISSING
        return f"{ym[0]:04d}-{ym[1]:02d}"

    def type_doc(self):
        return "'YYYY-MM'"


class TimePoint(Spec):
    """A point in simulated time: a step number (int >= 0) or a month 'YYYY-MM'."""

    def __init__(self, default=None, doc=""):
        self.default, self.doc = default, doc

    def check(self, value, key, errs):
        if isinstance(value, int) and not isinstance(value, bool):
            if value < 0:
                errs.add(key, f"a step must be >= 0, got {value}")
                return _MISSING
            return value
        if parse_month(value) is None:
            errs.add(key, f"must be a step number or a month 'YYYY-MM', got {_desc(value)}")
            return _MISSING
        return Month().check(value, key, errs)

    def type_doc(self):
        return "step number or 'YYYY-MM'"


class StrList(Spec):
    """A string or an array of strings (normalised to a list)."""

    def __init__(self, default=None, choices=None, doc="", allow_all=False):
        self.default, self.choices, self.doc, self.allow_all = default, choices, doc, allow_all

    def check(self, value, key, errs):
        if self.allow_all and value == "all":
            return "all"
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            errs.add(key, f"must be a string or an array of strings, got {_desc(value)}")
            return _MISSING
        if self.choices:
            bad = [v for v in value if v not in self.choices]
            if bad:
                errs.add(key, f"unknown value(s) {', '.join(map(repr, bad))}; allowed: {', '.join(self.choices)}")
                return _MISSING
        return list(value)

    def type_doc(self):
        t = "array of strings"
        if self.choices and len(self.choices) > 9:
            t += " (actor kinds from schema.ACTOR_KINDS)" if "Municipality" in self.choices else \
                " (relation types from schema.RELATION_TYPES)"
        elif self.choices:
            t += " from " + ", ".join(self.choices)
        if self.allow_all:
            t += ' or "all"'
        return t


class BySize(Spec):
    """A number, or a table by size class: ``{ small = .., medium = .., large = .., default = .. }``."""

    def __init__(self, inner: Num, doc=""):
        self.inner, self.default, self.doc = inner, inner.default, doc

    def check(self, value, key, errs):
        if isinstance(value, dict):
            out = {}
            for k, v in value.items():
                if k not in SIZE_KEYS:
                    errs.add(f"{key}.{k}", f"unknown size class; allowed: {', '.join(SIZE_KEYS)}")
                    continue
                r = self.inner.check(v, f"{key}.{k}", errs)
                if r is not _MISSING:
                    out[k] = r
            return out
        return self.inner.check(value, key, errs)

    def type_doc(self):
        return self.inner.type_doc() + " or {small, medium, large, default}"


class MapOf(Spec):
    """A table with free (or restricted) keys and values of one spec."""

    def __init__(self, value: Spec, keys=None, default=None, doc="", key_doc="key"):
        self.value, self.keys, self.default, self.doc, self.key_doc = value, keys, default, doc, key_doc

    def check(self, value, key, errs):
        if not isinstance(value, dict):
            errs.add(key, f"must be a table, got {_desc(value)}")
            return _MISSING
        out = {}
        for k, v in value.items():
            if self.keys is not None and k not in self.keys:
                errs.add(f"{key}.{k}", f"unknown {self.key_doc}; allowed: {', '.join(self.keys)}")
                continue
            r = self.value.check(v, f"{key}.{k}", errs)
            if r is not _MISSING:
                out[k] = r
        return out

    def type_doc(self):
        return f"table of {self.key_doc} = {self.value.type_doc()}"


class Table(Spec):
    def __init__(self, fields: dict[str, Spec], doc="", required=(), auto=True):
        self.fields, self.doc, self.required, self.auto = fields, doc, tuple(required), auto
        self.default = None

    def check(self, value, key, errs):
        if not isinstance(value, dict):
            errs.add(key, f"must be a table, got {_desc(value)}")
            return _MISSING
        out = {}
        for k, v in value.items():
            sub = f"{key}.{k}" if key else k
            spec = self.fields.get(k)
            if spec is None:
                errs.add(sub, f"unknown key; allowed here: {', '.join(self.fields)}")
                continue
            r = spec.check(v, sub, errs)
            if r is not _MISSING:
                out[k] = r
        for k in self.required:
            if k not in value:
                errs.add(f"{key}.{k}" if key else k, "is required")
        for k, spec in self.fields.items():
            if k not in out and k not in value:
                if spec.default is not None:
                    out[k] = copy.deepcopy(spec.default)
                elif isinstance(spec, Table) and spec.auto:
                    out[k] = spec.check({}, f"{key}.{k}" if key else k, errs)
        return out


class ArrayOf(Spec):
    def __init__(self, item: Spec, doc=""):
        self.item, self.doc, self.default = item, doc, None

    def check(self, value, key, errs):
        if not isinstance(value, list):
            errs.add(key, f"must be an array of tables, got {_desc(value)}")
            return _MISSING
        out = []
        for i, v in enumerate(value):
            r = self.item.check(v, f"{key}[{i}]", errs)
            if r is not _MISSING:
                out.append(r)
        return out


class AnyValue(Spec):
    def __init__(self, doc=""):
        self.default, self.doc = None, doc

    def check(self, value, key, errs):
        return value


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
        "seed": Num(0, lo=0, integer=True, doc="random seed"),
    }),
    "population": Table({
        "kinds": StrList(["Municipality"], choices=schema.ACTOR_KINDS, doc="kinds of adopting units"),
        "include": StrList([], doc="extra unit ids"),
        "exclude": StrList([], doc="unit ids left out"),
        "counties": StrList(doc="only units located in these County/Region ids"),
        "members_of": StrList(doc="only units related to these actors (members, owners, participants)"),
        "anonymised": Bool(True, "include the theses' anonymised units (false: only identifiable actors, "
                                 "e.g. exactly the 357 municipalities, none counted twice)"),
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
    if "innovation" not in data:
        errs.add("innovation", "is required (a table with at least 'id' or 'name')")
    elif "id" not in data["innovation"] and "name" not in data["innovation"]:
        errs.add("innovation.id", "is required (or give 'name' for an innovation that is not in the data)")
    errs.raise_if_any()
    return data


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
            errs.add(key, f"'{ident}' is not an adopting unit of this scenario (population.kinds)")
        elif expected == "place" and kind not in (None, *schema.PLACES):
            errs.add(key, f"'{ident}' is a {kind}, not a County or Region")
    errs.raise_if_any()


# ---------------------------------------------------------------------------
# Time
# ---------------------------------------------------------------------------

def month_add(ym: str, months: int) -> str:
    y, m = map(int, ym.split("-"))
    k = y * 12 + (m - 1) + months
    return f"{k // 12:04d}-{k % 12 + 1:02d}"


def month_diff(a: str, b: str) -> int:
    """Months from ``b`` to ``a``."""
    ya, ma = map(int, a.split("-"))
    yb, mb = map(int, b.split("-"))
    return (ya * 12 + ma) - (yb * 12 + mb)


def to_step(value, start: str, step: str) -> int:
    """A TimePoint (int step or 'YYYY-MM') as a step index (months rounded up to the next step)."""
    if isinstance(value, int):
        return value
    months = month_diff(value, start)
    return max(0, -(-months // STEP_MONTHS[step]))


def step_dates(start: str, step: str, steps: int) -> list[str]:
    return [month_add(start, k * STEP_MONTHS[step]) for k in range(steps + 1)]


# ---------------------------------------------------------------------------
# A small TOML writer (tomllib only reads)
# ---------------------------------------------------------------------------

_BARE = re.compile(r"^[A-Za-z0-9_-]+$")


def _tkey(k: str) -> str:
    return k if _BARE.match(k) else _tstr(k)


def _tstr(s: str) -> str:
    out = s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    out = "".join(c if ord(c) >= 0x20 or c in "\\" else f"\\u{ord(c):04x}" for c in out)
    return f'"{out}"'


def _tval(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        if math.isnan(v):
            return "nan"
        return repr(v)
    if isinstance(v, str):
        return _tstr(v)
    if isinstance(v, (_dt.date, _dt.datetime)):
        return v.isoformat()
    if isinstance(v, list):
        return "[" + ", ".join(_tval(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{_tkey(k)} = {_tval(x)}" for k, x in v.items()) + " }"
    raise TypeError(f"cannot write {type(v).__name__} to TOML")


def _is_table_array(v) -> bool:
    return isinstance(v, list) and bool(v) and all(isinstance(x, dict) for x in v)


def dumps_toml(d: dict, _prefix: str = "") -> str:
    """Serialise a nested dict (scalars, arrays, tables, arrays of tables) as TOML.

    Top-level tables and tables that contain tables become ``[sections]``;
    other tables are written inline.
    """
    lines: list[str] = []
    tables: list[tuple[str, dict]] = []
    arrays: list[tuple[str, list]] = []
    for k, v in d.items():
        if isinstance(v, dict) and (not _prefix or any(isinstance(x, dict) for x in v.values())):
            tables.append((k, v))
        elif _is_table_array(v):
            arrays.append((k, v))
        else:
            lines.append(f"{_tkey(k)} = {_tval(v)}")
    parts = ["\n".join(lines)] if lines else []
    for k, v in tables:
        name = f"{_prefix}{_tkey(k)}"
        parts.append(f"[{name}]\n" + dumps_toml(v, name + "."))
    for k, v in arrays:
        name = f"{_prefix}{_tkey(k)}"
        for item in v:
            parts.append(f"[[{name}]]\n" + dumps_toml(item, name + "."))
    return "\n\n".join(p.strip("\n") for p in parts) + "\n"


# ---------------------------------------------------------------------------
# Reference (used to write docs/diffusion.md and to test that it is complete)
# ---------------------------------------------------------------------------

def _default_doc(spec: Spec) -> str:
    d = spec.default
    if d is None:
        return ""
    if isinstance(d, (list, dict)):
        return _tval(d) if d else "empty"
    return _tval(d)


def reference_rows() -> list[tuple[str, str, str, str]]:
    """(key, type, default, description) for every scenario key, channel keys as ``channels.NAME.key``."""
    rows = []

    def walk(table: Table, prefix: str):
        for k, spec in table.fields.items():
            key = f"{prefix}{k}"
            if isinstance(spec, Table):
                rows.append((key, "table", "", spec.doc))
                walk(spec, key + ".")
            elif isinstance(spec, ArrayOf):
                rows.append((f"[[{key}]]", "array of tables", "", spec.doc))
                walk(spec.item, key + "[].")
            elif key == "channels":
                rows.append((key, "tables", "", "one table per channel: [channels.NAME]"))
            else:
                rows.append((key, spec.type_doc(), _default_doc(spec), spec.doc))

    walk(SCENARIO_SPEC, "")
    return rows


def channel_reference_rows(ctype: str | None) -> list[tuple[str, str, str, str]]:
    """Keys common to every channel (``ctype=None``) or the keys and defaults particular to a type."""
    spec = CHANNEL_SPECS[ctype or "mass_media"]
    out = []
    for k, s in spec.fields.items():
        common = k in _COMMON
        if ctype is None and not common:
            continue
        if ctype is not None and common and k not in ("awareness", "adoption", "label"):
            continue
        if isinstance(s, Table):
            for k2, s2 in s.fields.items():
                out.append((f"{k}.{k2}", s2.type_doc(), _default_doc(s2), s2.doc))
            continue
        d = "" if ctype is None and k in ("awareness", "adoption") else _default_doc(s)
        if k == "label":
            d = "" if ctype is None else _tval(DEFAULT_LABELS[ctype])
        out.append((k, s.type_doc(), d, s.doc))
    return out


def reference_markdown() -> str:
    """Markdown tables of every scenario key (docs/diffusion.md embeds this)."""
    def table(rows):
        lines = ["| key | type | default | meaning |", "| --- | --- | --- | --- |"]
        for k, t, d, doc in rows:
            cells = [f"`{k}`", t, f"`{d}`" if d else "", doc]
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        return "\n".join(lines)

    parts = ["### Top-level keys\n", table(reference_rows()),
             "\n### Keys of every channel `[channels.NAME]`\n", table(channel_reference_rows(None))]
    for ctype in CHANNEL_TYPES:
        if ctype == "programme":
            continue
        title = f"\n### Channel type `{ctype}`" + (" (and `programme`)" if ctype == "collective" else "")
        parts.append(title + "\n\n" + CHANNEL_SPECS[ctype].doc.capitalize() + ".\n")
        parts.append(table(channel_reference_rows(ctype)))
    return "\n".join(parts) + "\n"
