"""The value types of scenario keys (pydantic v2) and errors that name file and dotted key.

A scenario section or a channel type is a pydantic model (:class:`Section`) whose fields use the
types below: each type checks its value with the message a user sees, carries its bounds into the
JSON Schema (which the docs reference is generated from) and may be marked :data:`VARYING` (a rate
interventions may change mid-run) or :class:`Names` (the value names ids of the data).
:func:`translate` turns pydantic's error list into :class:`ScenarioProblem` (file, dotted key, message),
so a user sees every mistake at once.

>>> from pydantic import Field
>>> class Peers(Section):
...     adoption: Prob = Field(0.1, description="probability per step")
...     every: Int(1) = Field(4, description="period in steps")
>>> try:
...     Peers.model_validate({"adoption": 1.5, "every": 0, "colour": 1})
... except ValidationError as err:
...     print(ScenarioError(translate(err, Peers, "my.toml", "channels.peers")))
my.toml: key 'channels.peers.adoption': must be a probability in [0, 1], got 1.5
my.toml: key 'channels.peers.every': must be >= 1, got 0
my.toml: key 'channels.peers.colour': unknown key; allowed here: adoption, every
"""

from __future__ import annotations

import math
import typing
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StrictBool,
    Tag,
    ValidationError,
)
from pydantic_core import PydanticCustomError

from innosys import schema
from innosys.diffusion.timeline import parse_month

SIZE_KEYS = (*schema.SIZE_CLASSES, "default")

#: the largest integer a scenario key may hold unless it says otherwise: counts and steps go into
#: 32-bit arrays, so a bigger value would overflow deep inside a run instead of failing here
INT_MAX = 2**31 - 1


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


def fail(message: str, key: str | None = None):
    """Raise the error a user sees (inside a validator); ``key``: a sub-key of the value's key."""
    raise PydanticCustomError("scenario", "{message}", {"message": message, "key": key})


# ---------------------------------------------------------------------------
# Markers
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class _Varying:
    """A rate an intervention may change during a run (every other channel key is structure)."""

    def __get_pydantic_json_schema__(self, core, handler):
        return {**handler(core), "varying": True}


VARYING = _Varying()


@dataclass(frozen=True)
class Names:
    """The value names ids of the data (``kind``: actor, unit, place or any), except the words in ``skip``."""

    kind: str
    skip: tuple[str, ...] = ()

    def __get_pydantic_json_schema__(self, core, handler):
        return {**handler(core), "names": self.kind}


def marker(field, cls):
    """The marker of class ``cls`` on a model field (``field``: a pydantic FieldInfo), or None; also inside an
    optional key's ``Annotated[...] | None``."""
    return next((m for m in (*field.metadata, *_flatten(field.annotation)) if isinstance(m, cls)), None)


# ---------------------------------------------------------------------------
# Value types
# ---------------------------------------------------------------------------

def _number(v):
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        fail(f"must be a number, got {_desc(v)}")
    if isinstance(v, float) and math.isnan(v):
        fail("must be a number, got nan")
    if isinstance(v, float) and math.isinf(v):
        fail("must be finite")
    return v            # the float schema makes it a float (after the bounds name the value as given)


def _integer(v):
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        fail(f"must be an integer, got {_desc(v)}")
    if isinstance(v, float):
        if not (math.isfinite(v) and v.is_integer()):
            fail(f"must be an integer, got {v!r}")
        return int(v)
    return v


def _probability(v):
    if not 0.0 <= _number(v) <= 1.0:
        fail(f"must be a probability in [0, 1], got {v!r}")
    return v


def _month(v):
    ym = parse_month(v)
    if ym is None:
        fail(f"must be a month 'YYYY-MM' (or 'YYYY'), got {_desc(v)}")
    return f"{ym[0]:04d}-{ym[1]:02d}"


def _time_point(v):
    if isinstance(v, int) and not isinstance(v, bool):
        if v < 0:
            fail(f"a step must be >= 0, got {v}")
        return v
    if parse_month(v) is None:
        fail(f"must be a step number or a month 'YYYY-MM', got {_desc(v)}")
    return _month(v)


def Num(ge: float | None = None):
    """A number (ints become floats), at least ``ge``."""
    return Annotated[float, Field(ge=ge), BeforeValidator(_number)]


def Int(ge: int | None = None, le: int = INT_MAX):
    """An integer (2.0 is 2) in ``ge..le`` (the bounds go into the JSON Schema and the messages)."""
    return Annotated[int, Field(ge=ge, le=le), BeforeValidator(_integer)]


#: a probability in [0, 1]
Prob = Annotated[float, Field(ge=0.0, le=1.0), BeforeValidator(_probability)]
Bool = StrictBool
Month = Annotated[str, BeforeValidator(_month), Field(json_schema_extra={"format": "YYYY-MM"})]
TimePoint = Annotated[int | str, BeforeValidator(_time_point),
                      Field(json_schema_extra={"format": "step or YYYY-MM"})]


def Choice(*values: str, limit: int = 9):
    """One of ``values`` (the docs list up to ``limit`` of them)."""
    def check(v):
        if not isinstance(v, str):
            fail(f"must be a string, got {_desc(v)}")
        if v not in values:
            fail(f"must be one of {', '.join(values)}; got '{v}'")
        return v
    return Annotated[Literal[values], BeforeValidator(check)]


def StrList(*choices: str, allow_all: bool = False):
    """A string or an array of strings (kept as a list), optionally from ``choices`` or the word "all"."""
    def check(v):
        if allow_all and v == "all":
            return "all"
        if isinstance(v, str):
            v = [v]
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            fail(f"must be a string or an array of strings, got {_desc(v)}")
        bad = [x for x in v if choices and x not in choices]
        if bad:
            fail(f"unknown value(s) {', '.join(map(repr, bad))}; allowed: {', '.join(choices)}")
        return list(v)
    item = Literal[choices] if choices else str
    kind = Literal["all"] | list[item] if allow_all else list[item]
    return Annotated[kind, BeforeValidator(check)]


def Key(noun: str, choices: tuple[str, ...] | None = None):
    """A table key (``noun`` names it in messages and docs), from ``choices`` if given."""
    def check(v):
        if choices is not None and v not in choices:
            fail(f"unknown {noun}; allowed: {', '.join(choices)}")
        return v
    return Annotated[Literal[choices] if choices else str, Field(json_schema_extra={"key": noun}),
                     BeforeValidator(check)]


def BySize(value):
    """A value, or a table of values by size class ``{ small = .., medium = .., large = .., default = .. }``."""
    return Annotated[Annotated[value, Tag("<value>")] | Annotated[dict[Key("size class", SIZE_KEYS), value], Tag("<by size>")],
                     Discriminator(lambda v: "<by size>" if isinstance(v, dict) else "<value>")]


class Section(BaseModel):
    """A table of a scenario: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid")


def id_refs(model: type[BaseModel], data: dict, prefix: str = ""):
    """(dotted key, id, expected kind) for every id the validated ``data`` of ``model`` names (keys marked
    :class:`Names`; in a table whose keys are ids, the key is ``prefix.table.id``)."""
    for k, f in model.model_fields.items():
        v = data.get(k)
        if v is None:
            continue
        key = f"{prefix}.{k}" if prefix else k
        sub = _submodel(f.annotation)
        if sub is not None:
            for i, item in (enumerate(v) if isinstance(v, list) else [(None, v)]):
                yield from id_refs(sub, item, key if i is None else f"{key}[{i}]")
            continue
        names = marker(f, Names)
        if names is None:
            continue
        if isinstance(v, dict):
            yield from ((f"{key}.{ident}", ident, names.kind) for ident in v)
        else:
            yield from ((key, ident, names.kind) for ident in ([v] if isinstance(v, str) else v)
                        if ident not in names.skip)


# ---------------------------------------------------------------------------
# Pydantic's errors as (file, dotted key, message)
# ---------------------------------------------------------------------------

def dotted(loc, strip: tuple[int, ...] = ()) -> str:
    """('interventions', 0, 'set') -> 'interventions[0].set'; tags of unions ('<value>') left out."""
    out = ""
    for i, p in enumerate(loc):
        if i in strip or p == "[key]" or (isinstance(p, str) and p.startswith("<")):
            continue
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


_MESSAGES = {
    "missing": lambda e: "is required",
    "string_type": lambda e: f"must be a string, got {_desc(e['input'])}",
    "bool_type": lambda e: f"must be true or false, got {_desc(e['input'])}",
    "dict_type": lambda e: f"must be a table, got {_desc(e['input'])}",
    "model_type": lambda e: f"must be a table, got {_desc(e['input'])}",
    "model_attributes_type": lambda e: f"must be a table, got {_desc(e['input'])}",
    "list_type": lambda e: f"must be an array of tables, got {_desc(e['input'])}",
    "greater_than_equal": lambda e: f"must be >= {e['ctx']['ge']}, got {e['input']!r}",
    "less_than_equal": lambda e: f"must be <= {e['ctx']['le']}, got {e['input']!r}",
}


def _model_at(model: type[BaseModel], loc) -> type[BaseModel] | None:
    """The model that holds the key at ``loc`` (to list the keys allowed there)."""
    for p in loc:
        field = model.model_fields.get(p) if isinstance(p, str) else None
        if field is None:
            continue
        model = _submodel(field.annotation)
        if model is None:
            return None
    return model


def _submodel(annotation) -> type[BaseModel] | None:
    """The model a key's value is (or is a list of), if any."""
    return next((a for a in _flatten(annotation) if isinstance(a, type) and issubclass(a, BaseModel)), None)


def _flatten(t) -> list:
    args = typing.get_args(t)
    return [t, *(x for a in args for x in _flatten(a))]


def translate(err: ValidationError, model, file: str, prefix: str = "",
              strip: tuple[int, ...] = ()) -> list[ScenarioProblem]:
    """Pydantic's error list as :class:`ScenarioProblem` (``strip``: positions of union tags in ``loc``)."""
    out = []
    for e in err.errors(include_url=False):
        loc = e["loc"]
        key = dotted(loc, strip)
        ctx = e.get("ctx") or {}
        if e["type"] == "scenario":
            message = ctx["message"]
            key = ".".join(k for k in (key, ctx.get("key")) if k)
        elif e["type"] == "extra_forbidden":
            holder = _model_at(model, loc[:-1]) if isinstance(model, type) else None
            allowed = f"; allowed here: {', '.join(holder.model_fields)}" if holder else ""
            message = f"unknown key{allowed}"
        elif e["type"] in _MESSAGES:
            message = _MESSAGES[e["type"]](e)
        else:
            message = e["msg"]
        key = ".".join(k for k in (prefix, key) if k)
        out.append(ScenarioProblem(file, key, message))
    return out
