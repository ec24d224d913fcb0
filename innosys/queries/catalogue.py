"""The named query catalogue: ``cypher/queries/*.cypher`` files and their headers.

Each file starts with comment lines::

    // name: brokers
    // description: Actors on shortest paths between a source and a target group.
    // param: source ID_OR_KIND default=ks — an actor id or an actor kind
    // order: brokerage DESC, id

followed by the Cypher text, which uses only ``$params``.  ``// order:`` names
the columns the result is sorted by (the embedded implementation sorts the
same way); without it the row order is the query's own (e.g. record order).

>>> q = get_query("brokers")
>>> [p.name for p in q.params]
['source', 'target']
>>> q.coerce({"source": "ks"})["target"]
'Municipality'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from innosys import schema

#: Parameter types a header may declare.
PARAM_TYPES = {
    "STRING": "text",
    "INTEGER": "a whole number",
    "FLOAT": "a number",
    "BOOLEAN": "true or false",
    "ID": "the id of a node in the graph",
    "ID_OR_KIND": "a node id, or a node kind meaning every node of that kind",
    "KIND": "a node kind of the schema",
    "KINDS": "comma-separated node kinds of the schema",
    "RELATIONS": "comma-separated relation types of the schema",
    "STATUSES": "comma-separated adoption statuses of the schema",
}
LIST_TYPES = ("KINDS", "RELATIONS", "STATUSES")

_HEADER = re.compile(r"^//\s*(name|description|param|order):\s*(.*?)\s*$")
_PARAM = re.compile(r"^(?P<name>[a-z_][a-z0-9_]*)\s+(?P<type>[A-Z_]+)\s+default=(?P<default>\S*)\s+[—-]+\s+(?P<doc>.+)$")


class QueryError(ValueError):
    """Unknown query, unknown or bad parameter: the message names the query and parameter."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: object
    doc: str

    def convert(self, value, query: str):
        """The value as the declared type (strings from the CLI are parsed); raise QueryError."""
        where = f"query {query!r}: parameter {self.name!r}"
        if value is None or (isinstance(value, str) and value.strip().lower() in ("null", "none")):
            return None
        t = self.type
        try:
            if t == "INTEGER":
                if isinstance(value, bool):
                    raise ValueError
                if isinstance(value, str):
                    value = int(value.strip())
                if isinstance(value, float) and not value.is_integer():
                    raise ValueError
                return int(value)
            if t == "FLOAT":
                if isinstance(value, bool):
                    raise ValueError
                return float(value)
            if t == "BOOLEAN":
                if isinstance(value, bool):
                    return value
                low = str(value).strip().lower()
                if low in ("true", "yes", "1"):
                    return True
                if low in ("false", "no", "0"):
                    return False
                raise ValueError
        except (TypeError, ValueError):
            raise QueryError(f"{where}: {value!r} is not {PARAM_TYPES[t]}") from None
        if t in LIST_TYPES:
            items = [s.strip() for s in value.split(",")] if isinstance(value, str) else [str(v) for v in value]
            items = [s for s in items if s]
            allowed = {"KINDS": tuple(schema.NODE_KINDS), "RELATIONS": tuple(schema.RELATION_TYPES),
                       "STATUSES": schema.ADOPTION_STATUSES}[t]
            bad = [s for s in items if s not in allowed]
            if bad:
                raise QueryError(f"{where}: {bad[0]!r} is not one of: {', '.join(allowed)}")
            return items
        if not isinstance(value, str):
            raise QueryError(f"{where}: {value!r} is not {PARAM_TYPES[t]}")
        value = value.strip()
        if t == "KIND" and value not in schema.NODE_KINDS:
            raise QueryError(f"{where}: {value!r} is not a node kind; expected one of: {', '.join(schema.NODE_KINDS)}")
        return value


@dataclass(frozen=True)
class Query:
    name: str
    description: str
    params: tuple[Param, ...]
    cypher: str
    file: Path
    order: tuple[tuple[str, bool], ...] = field(default=())  # (column, descending)

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.params) or "none"
        raise QueryError(f"query {self.name!r} has no parameter {name!r} (parameters: {known})")

    def coerce(self, given: dict) -> dict:
        """Every declared parameter with its value: given ones converted, the others defaulted."""
        for name in given:
            self.param(name)
        return {p.name: p.convert(given[p.name], self.name) if p.name in given else p.default for p in self.params}

    def signature(self) -> str:
        return " ".join(f"[{p.name}={_show(p.default)}]" for p in self.params)


def _show(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, list):
        return ",".join(value)
    return str(value).lower() if isinstance(value, bool) else str(value)


def parse_query_text(text: str, file: Path) -> Query:
    """Parse one catalogue file; raise QueryError naming the file and line."""
    header: dict[str, str] = {}
    params: list[Param] = []
    order: list[tuple[str, bool]] = []
    body_start = 0
    lines = text.splitlines()
    for i, line in enumerate(lines, start=1):
        m = _HEADER.match(line)
        if not m:
            if line.strip() == "" or line.strip().startswith("//"):
                body_start = i
                continue
            break
        body_start = i
        key, value = m.groups()
        if key == "param":
            pm = _PARAM.match(value)
            if not pm:
                raise QueryError(f"{file}:{i}: param: expected 'NAME TYPE default=VALUE — meaning', got {value!r}")
            if pm["type"] not in PARAM_TYPES:
                raise QueryError(f"{file}:{i}: param: unknown type {pm['type']!r}; use one of: {', '.join(PARAM_TYPES)}")
            p = Param(pm["name"], pm["type"], None, pm["doc"])
            default = p.convert(pm["default"] or None, header.get("name", file.stem))
            params.append(Param(p.name, p.type, default, p.doc))
        elif key == "order":
            for part in value.split(","):
                bits = part.split()
                if not bits or len(bits) > 2 or (len(bits) == 2 and bits[1].upper() not in ("ASC", "DESC")):
                    raise QueryError(f"{file}:{i}: order: expected 'column [DESC], ...', got {value!r}")
                order.append((bits[0], len(bits) == 2 and bits[1].upper() == "DESC"))
        else:
            header[key] = value
    for key in ("name", "description"):
        if not header.get(key):
            raise QueryError(f"{file}:1: {key}: the header line '// {key}: …' is missing")
    if header["name"] != file.stem:
        raise QueryError(f"{file}:1: name: {header['name']!r} differs from the file name {file.stem!r}")
    cypher = "\n".join(lines[body_start:]).strip().rstrip(";").strip()
    if not cypher:
        raise QueryError(f"{file}: the query text is missing after the header")
    return Query(header["name"], header["description"], tuple(params), cypher, file, tuple(order))


def queries_dir() -> Path:
    from innosys.neo4j.cypher import cypher_dir

    return cypher_dir() / "queries"


@lru_cache(maxsize=4)
def _load(directory: str) -> dict[str, Query]:
    out = {}
    for path in sorted(Path(directory).glob("*.cypher")):
        q = parse_query_text(path.read_text(encoding="utf-8"), path)
        out[q.name] = q
    return out


def catalogue(directory: str | Path | None = None) -> dict[str, Query]:
    """Name -> :class:`Query` for every file in ``cypher/queries/``."""
    return dict(_load(str(directory or queries_dir())))


def get_query(name: str) -> Query:
    cat = catalogue()
    if name not in cat:
        raise QueryError(f"unknown query {name!r}; known queries: {', '.join(cat)}")
    return cat[name]
