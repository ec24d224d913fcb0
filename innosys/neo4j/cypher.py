"""Cypher text generated from the schema: labels, constraints, LOAD CSV scripts, statement splitting.

Labels and relationship types are never taken from data: :func:`label` and
:func:`rel_type` accept only names the schema defines and return them quoted
with backticks.  Values always travel as parameters.

The files ``cypher/schema.cypher`` and ``cypher/load/*.cypher`` are written by
this module (``python -m innosys.neo4j``) and a test asserts they are current.

>>> label("Municipality")
'`Municipality`'
>>> label("x` DETACH DELETE n //")
Traceback (most recent call last):
...
ValueError: 'x` DETACH DELETE n //' is not a label of the innosys schema
>>> schema_statements()[0]
'CREATE CONSTRAINT innosys_id IF NOT EXISTS FOR (n:`Innosys`) REQUIRE n.id IS UNIQUE'
>>> split_statements("RETURN 1; // a; comment\\nRETURN ';' AS x;")
['RETURN 1', "// a; comment\\nRETURN ';' AS x"]
"""

from __future__ import annotations

import re
from pathlib import Path

from innosys import schema

COMMON = schema.NEO4J_COMMON_LABEL
ACTOR = schema.NEO4J_ACTOR_LABEL

#: Every label innosys may write: node kinds, the common and actor labels, record labels.
LABELS: tuple[str, ...] = (*schema.NODE_KINDS, COMMON, ACTOR, *schema.NEO4J_RECORD_LABELS)
#: Every relationship type innosys may write.
REL_TYPES: tuple[str, ...] = (*schema.RELATION_TYPES, *schema.NEO4J_RECORD_RELATIONS)

#: Properties innosys adds to nodes / relationships / record nodes (never schema columns).
NODE_INTERNAL = ("id", "seq")
REL_INTERNAL = ("key", "seq")
#: Observation rows keep their own ``id`` under this name (``id`` identifies graph nodes).
OBSERVATION_ID = "observation_id"

#: Order in which to_graph adds edges (relations, activities, adoptions).
EDGE_TABLE_ORDER = tuple(schema.EDGE_TABLES)

HEADER = "// Generated from innosys/schema.py by innosys.neo4j.cypher ({what}); do not edit by hand.\n"


def label(name: str) -> str:
    """``name`` quoted as a Cypher label, after checking it is an innosys label."""
    if name not in LABELS:
        raise ValueError(f"{name!r} is not a label of the innosys schema")
    return f"`{name}`"


def rel_type(name: str) -> str:
    """``name`` quoted as a Cypher relationship type, after checking it is an innosys type."""
    if name not in REL_TYPES:
        raise ValueError(f"{name!r} is not a relationship type of the innosys schema")
    return f"`{name}`"


def literal(value) -> str:
    """A Cypher literal for a schema constant (str, int, float, bool, None)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value).replace("\\", "\\\\").replace("'", "\\'")
    return f"'{text}'"


def kind_labels(kind: str) -> str:
    """``:`Kind`[:`Actor`]`` for a node kind (the common label is set by MERGE)."""
    labels = [kind] + ([ACTOR] if kind in schema.ACTOR_KINDS else [])
    return "".join(f":{label(x)}" for x in labels)


def stale_labels(kind: str) -> str:
    """The labels a node of ``kind`` must not carry (other kinds; Actor for non-actors)."""
    others = [k for k in schema.NODE_KINDS if k != kind]
    if kind not in schema.ACTOR_KINDS:
        others.append(ACTOR)
    return "".join(f":{label(x)}" for x in others)


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


# ---------------------------------------------------------------------------
# Constraints and indexes
# ---------------------------------------------------------------------------


def schema_statements() -> list[str]:
    """Constraints and indexes: unique ``id`` and a ``name`` index for every node kind, unique
    ``key`` for the record labels.  Relationships get no property index: loading MERGEs them
    between two already-matched nodes, and an index per type would only slow writes down."""
    out = [f"CREATE CONSTRAINT innosys_id IF NOT EXISTS FOR (n:{label(COMMON)}) REQUIRE n.id IS UNIQUE"]
    for kind in schema.NODE_KINDS:
        s = _snake(kind)
        out.append(f"CREATE CONSTRAINT {s}_id IF NOT EXISTS FOR (n:{label(kind)}) REQUIRE n.id IS UNIQUE")
        out.append(f"CREATE INDEX {s}_name IF NOT EXISTS FOR (n:{label(kind)}) ON (n.name)")
    for rec in schema.NEO4J_RECORD_LABELS:
        out.append(f"CREATE CONSTRAINT {_snake(rec)}_key IF NOT EXISTS FOR (n:{label(rec)}) REQUIRE n.key IS UNIQUE")
    return out


def schema_cypher() -> str:
    """The text of ``cypher/schema.cypher``."""
    body = ";\n".join(schema_statements())
    return HEADER.format(what="schema_cypher") + body + ";\n"


# ---------------------------------------------------------------------------
# LOAD CSV scripts
# ---------------------------------------------------------------------------

_CONVERT = {"int": "toInteger", "year": "toInteger", "float": "toFloat", "bool": "toBoolean"}


def _value(col: str, prop: schema.Prop) -> str:
    fn = _CONVERT.get(prop.type)
    return f"{fn}(row.{col})" if fn else f"row.{col}"


def _map(props: dict[str, schema.Prop], skip: tuple[str, ...] = (), extra: dict[str, str] | None = None) -> str:
    items = [f"{col}: {_value(col, p)}" for col, p in props.items() if col not in skip]
    items += [f"{k}: {v}" for k, v in (extra or {}).items()]
    return "{\n  " + ",\n  ".join(items) + "\n}"


def _csv(table: str) -> str:
    return literal(f"file:///{schema.TABLES[table].file_name}")


def _node_statement(kind: str) -> str:
    k = schema.NODE_KINDS[kind]
    if kind == "Source":
        props = dict(schema.TABLES["sources"].columns)
        extra = {"kind": literal("Source")}
        where = ""
    else:
        props = k.all_props()
        props.update(schema.PROVENANCE)
        extra = {}
        where = f"WITH row WHERE row.kind = {literal(kind)}\n"
    return (f"// {kind} nodes from {k.table}.csv\n"
            f"LOAD CSV WITH HEADERS FROM {_csv(k.table)} AS row\n{where}"
            f"MERGE (n:{label(COMMON)} {{id: row.id}})\n"
            f"REMOVE n{stale_labels(kind)}\n"
            f"SET n{kind_labels(kind)}\n"
            f"SET n += {_map(props, skip=('id',), extra=extra)}")


def _edquist_statement() -> str:
    rows = ",\n  ".join(
        "{" + f"id: {literal(a.node_id)}, number: {a.number}, name: {literal(a.name)}, group: {literal(a.group)}"
        + "}" for a in schema.EDQUIST_ACTIVITIES)
    kind = "EdquistActivity"
    return (f"// Edquist's ten activities (from the schema, not from a CSV file)\n"
            f"UNWIND [\n  {rows}\n] AS a\n"
            f"MERGE (n:{label(COMMON)} {{id: a.id}})\n"
            f"SET n:{label(kind)}\n"
            f"SET n += {{kind: {literal(kind)}, name: a.name, number: a.number, group: a.group}}")


def _edge_statement(table: str, rtype: str) -> str:
    cols = schema.TABLES[table].columns
    key = f"{literal('csv:' + table + ':')} + toString(line)"
    if table == "relations":
        start, end = "MATCH (a:{c} {{id: row.from_id}})", "MATCH (b:{c} {{id: row.to_id}})"
        where = f"WITH row, line WHERE row.type = {literal(rtype)}\n"
        skip = ("from_id", "to_id", "type")
    elif table == "activities":
        start = "MATCH (a:{c} {{id: row.actor_id}})"
        end = "MATCH (b:" + label("EdquistActivity") + " {{number: toInteger(row.activity)}})"
        where, skip = "", ()
    else:
        start, end = "MATCH (a:{c} {{id: row.adopter_id}})", "MATCH (b:{c} {{id: row.innovation_id}})"
        where, skip = "", ()
    c = label(COMMON)
    return (f"// {rtype} relationships from {table}.csv\n"
            f"LOAD CSV WITH HEADERS FROM {_csv(table)} AS row\n"
            f"WITH row, linenumber() AS line\n{where}"
            f"{start.format(c=c)}\n{end.format(c=c)}\n"
            f"MERGE (a)-[r:{rel_type(rtype)} {{key: {key}}}]->(b)\n"
            f"SET r += {_map(cols, skip=skip, extra={'seq': 'line'})}")


def _process_statement() -> str:
    cols = schema.TABLES["process"].columns
    c = label(COMMON)
    return ("// process.csv rows as ProcessRecord nodes, linked to their innovation and actor\n"
            f"LOAD CSV WITH HEADERS FROM {_csv('process')} AS row\n"
            "WITH row, linenumber() AS line\n"
            f"MERGE (p:{c}:{label('ProcessRecord')} {{key: {literal('csv:process:')} + toString(line)}})\n"
            f"SET p += {_map(cols, extra={'seq': 'line'})}\n"
            "WITH p, row\n"
            f"MATCH (i:{c} {{id: row.innovation_id}})\n"
            f"MERGE (p)-[:{rel_type('ABOUT')}]->(i)\n"
            "WITH p, row WHERE row.actor_id IS NOT NULL\n"
            f"MATCH (a:{c} {{id: row.actor_id}})\n"
            f"MERGE (p)-[:{rel_type('INVOLVES')}]->(a)")


def _observation_statement() -> str:
    cols = dict(schema.TABLES["observations"].columns)
    c = label(COMMON)
    return ("// observations.csv rows as Observation nodes, linked to their subject and innovation\n"
            f"LOAD CSV WITH HEADERS FROM {_csv('observations')} AS row\n"
            "WITH row, linenumber() AS line\n"
            f"MERGE (o:{c}:{label('Observation')} {{key: {literal('obs:')} + row.id}})\n"
            f"SET o += {_map(cols, skip=('id',), extra={OBSERVATION_ID: 'row.id', 'seq': 'line'})}\n"
            "WITH o, row\n"
            f"MATCH (s:{c} {{id: row.subject_id}})\n"
            f"MERGE (o)-[:{rel_type('ABOUT')}]->(s)\n"
            "WITH o, row WHERE row.innovation_id IS NOT NULL\n"
            f"MATCH (i:{c} {{id: row.innovation_id}})\n"
            f"MERGE (o)-[:{rel_type('CONCERNS')}]->(i)")


def load_scripts() -> dict[str, str]:
    """``cypher/load/<file>`` name -> text; run them in name order after ``schema.cypher``."""
    def script(name: str, statements: list[str], what: str) -> tuple[str, str]:
        reads = ("// Reads the merged tables written by `innosys export csv --out IMPORT_DIR` from the\n"
                 "// server's import directory (server.directories.import).\n") if "LOAD CSV" in statements[0] else ""
        text = (HEADER.format(what="load_scripts") + f"// {what}\n" + reads + "\n"
                + ";\n\n".join(statements) + ";\n")
        return name, text

    rel_types = [r for r, t in schema.RELATION_TYPES.items() if t.table == "relations"]
    files = [
        script("01_sources.cypher", [_node_statement("Source")], "Source nodes."),
        script("02_edquist.cypher", [_edquist_statement()], "Edquist activity nodes."),
        script("03_actors.cypher", [_node_statement(k) for k in schema.kinds_in_table("actors")],
               "Actor nodes, one statement per kind."),
        script("04_innovations.cypher", [_node_statement(k) for k in schema.kinds_in_table("innovations")],
               "Innovation and project nodes, one statement per kind."),
        script("05_relations.cypher", [_edge_statement("relations", t) for t in rel_types],
               "relations.csv, one statement per relation type."),
        script("06_activities.cypher", [_edge_statement("activities", schema.relation_type_for_table("activities"))],
               "activities.csv."),
        script("07_adoptions.cypher", [_edge_statement("adoptions", schema.relation_type_for_table("adoptions"))],
               "adoptions.csv."),
        script("08_process.cypher", [_process_statement()], "process.csv."),
        script("09_observations.cypher", [_observation_statement()], "observations.csv."),
    ]
    return dict(files)


# ---------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------


def cypher_dir() -> Path:
    """The ``cypher/`` directory (inside the wheel, or the repository's)."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "_cypher", here.parent / "cypher"):
        if (candidate / "queries").is_dir():
            return candidate
    raise FileNotFoundError("the cypher/ directory was not found next to the innosys package")


def generated_files() -> dict[str, str]:
    """Relative path -> text of every generated file under ``cypher/``."""
    out = {"schema.cypher": schema_cypher()}
    out.update({f"load/{name}": text for name, text in load_scripts().items()})
    return out


def write_generated(root: str | Path) -> list[str]:
    """(Re)write the generated files under ``root``; return the ones that changed."""
    root = Path(root)
    changed = []
    for rel, text in generated_files().items():
        path = root / rel
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.tmp")
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(path)
            changed.append(rel)
    return changed


# ---------------------------------------------------------------------------
# Splitting a file of ;-separated statements
# ---------------------------------------------------------------------------


def split_statements(text: str) -> list[str]:
    """Split cypher-shell style text at ``;`` outside strings, backticks and comments.

    Statements that are only comments are dropped; ``:commands`` lines
    (cypher-shell client commands such as ``:begin``) are not supported.
    """
    out, buf = [], []
    i, n = 0, len(text)
    quote = None
    while i < n:
        ch = text[i]
        if quote:
            buf.append(ch)
            if ch == "\\" and quote != "`" and i + 1 < n:
                buf.append(text[i + 1])
                i += 2
                continue
            if ch == quote:
                quote = None
        elif ch in "'\"`":
            quote = ch
            buf.append(ch)
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            buf.append(text[i:j])
            i = j
            continue
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            buf.append(text[i:j])
            i = j
            continue
        elif ch == ";":
            out.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
        i += 1
    out.append("".join(buf))
    return [s.strip() for s in out if _has_code(s)]


def _has_code(stmt: str) -> bool:
    code = re.sub(r"//[^\n]*", "", stmt)
    code = re.sub(r"/\*.*?\*/", "", code, flags=re.S)
    return bool(code.strip())
