"""The small validation language of scenario files: value specs that check one key each and collect
every problem as (file, dotted key, message), so a user sees all mistakes at once.

>>> errs = _Errors("my.toml")
>>> Num(lo=0.0, prob=True).check(1.5, "channels.peers.adoption", errs) is _MISSING
True
>>> print(ScenarioError(errs.items))
my.toml: key 'channels.peers.adoption': must be a probability in [0, 1], got 1.5
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass
from typing import Any

from innosys import schema
from innosys.diffusion.timeline import parse_month

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
    #: True for rates an intervention may change during a run (see :func:`varying`)
    varies: bool = False
    #: the kind of id the value names ('actor', 'unit', 'place', 'any'), checked against the data
    ids: str | None = None
    #: values that are keywords, not ids (e.g. authority = "county")
    ids_skip: tuple = ()

    def check(self, value, key: str, errs: _Errors):  # pragma: no cover - abstract
        raise NotImplementedError

    def type_doc(self) -> str:  # used by docs
        return ""


#: the largest integer a scenario key may hold unless it says otherwise: counts and steps go into
#: 32-bit arrays, so a bigger value would overflow deep inside a run instead of failing here
INT_MAX = 2**31 - 1


class Num(Spec):
    def __init__(self, default=None, lo=None, hi=None, integer=False, prob=False, doc="", inf_ok=False):
        self.default, self.lo, self.hi, self.integer, self.prob, self.doc = default, lo, hi, integer, prob, doc
        self.inf_ok = inf_ok
        self.shown_hi = hi          # the docs show only a bound the key itself sets
        if integer and hi is None:
            self.hi = INT_MAX
        if prob:
            self.lo, self.hi = 0.0, 1.0

    def check(self, value, key, errs):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            errs.add(key, f"must be {'an integer' if self.integer else 'a number'}, got {_desc(value)}")
            return _MISSING
        if self.integer and not isinstance(value, int):
            if math.isfinite(value) and float(value).is_integer():
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
        if self.lo is not None and self.shown_hi is not None:
            return f"{t} {self.lo}..{self.shown_hi}"
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


def varying(spec: Spec) -> Spec:
    """Mark a key as a rate that interventions may change mid-run (all other channel keys are structure)."""
    spec.varies = True
    return spec


def naming(spec: Spec, expected: str, skip: tuple = ()) -> Spec:
    """Mark a key whose value(s) name ids of the data (``expected``: actor, unit, place or any)."""
    spec.ids, spec.ids_skip = expected, skip
    return spec
