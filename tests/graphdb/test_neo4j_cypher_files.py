"""cypher/ is generated from the schema and up to date; the catalogue files are well-formed.

These tests need no server.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from innosys import schema
from innosys.neo4j.cypher import (
    LABELS,
    NODE_INTERNAL,
    REL_INTERNAL,
    REL_TYPES,
    cypher_dir,
    generated_files,
    label,
    load_scripts,
    rel_type,
    schema_cypher,
    schema_statements,
    split_statements,
)
from innosys.neo4j.load import node_rows, node_statement, relationship_statement
from innosys.queries import catalogue, get_query, list_queries, sort_rows
from innosys.queries.catalogue import QueryError, parse_query_text
from innosys.queries.embedded import IMPLEMENTATIONS, frame

CYPHER = cypher_dir()


def test_schema_file_equals_generated_text():
    assert (CYPHER / "schema.cypher").read_text(encoding="utf-8") == schema_cypher(), \
        "run: python -m innosys.neo4j"


def test_schema_has_unique_id_and_name_index_for_every_node_kind():
    text = schema_cypher()
    for kind in schema.NODE_KINDS:
        assert f"FOR (n:`{kind}`) REQUIRE n.id IS UNIQUE" in text, kind
        assert f"FOR (n:`{kind}`) ON (n.name)" in text, kind
    for rec in schema.NEO4J_RECORD_LABELS:
        assert f"FOR (n:`{rec}`) REQUIRE n.key IS UNIQUE" in text
    # names are unique (Neo4j refuses two constraints/indexes with one name)
    names = [s.split()[2] for s in schema_statements()]
    assert len(names) == len(set(names))


def test_load_scripts_are_up_to_date_and_complete():
    files = generated_files()
    on_disk = {str(p.relative_to(CYPHER)) for p in (CYPHER / "load").glob("*.cypher")}
    assert on_disk == {k for k in files if k.startswith("load/")}, "run: python -m innosys.neo4j"
    for rel, text in files.items():
        assert (CYPHER / rel).read_text(encoding="utf-8") == text, f"{rel} is stale: python -m innosys.neo4j"


def test_load_scripts_have_one_statement_per_kind_and_relation_type():
    scripts = load_scripts()
    statements = {name: split_statements(text) for name, text in scripts.items()}
    actors = statements["03_actors.cypher"]
    assert len(actors) == len(schema.kinds_in_table("actors"))
    for kind, stmt in zip(schema.kinds_in_table("actors"), actors):
        assert f"row.kind = '{kind}'" in stmt and f"SET n:`{kind}`:`Actor`" in stmt
    rels = statements["05_relations.cypher"]
    rel_types = [r for r, t in schema.RELATION_TYPES.items() if t.table == "relations"]
    assert len(rels) == len(rel_types)
    for rtype, stmt in zip(rel_types, rels):
        assert f"row.type = '{rtype}'" in stmt and f"[r:`{rtype}`" in stmt
    all_text = "\n".join(scripts.values())
    # values are converted according to the schema column types
    assert "population: toInteger(row.population)" in all_text
    assert "latitude: toFloat(row.latitude)" in all_text
    assert "anonymised: toBoolean(row.anonymised)" in all_text
    assert "activity: toInteger(row.activity)" in all_text
    assert "year_start: toInteger(row.year_start)" in all_text
    assert "value: toFloat(row.value)" in all_text
    assert "launched: row.launched" in all_text  # dates stay text
    for table in ("sources", "actors", "innovations", "relations", "activities", "adoptions", "process",
                  "observations"):
        assert f"'file:///{table}.csv'" in all_text


_LABEL_RE = re.compile(r"\(\s*\w*\s*((?::\s*`?\w+`?\s*)+)")
_REL_RE = re.compile(r"\[\s*\w*\s*:\s*([`\w|]+)")


def _labels_and_types(text: str) -> tuple[set[str], set[str]]:
    code = re.sub(r"//[^\n]*", "", text)
    code = re.sub(r"'(?:[^'\\]|\\.)*'", "''", code)
    labels = set()
    for m in _LABEL_RE.finditer(code):
        labels |= {x.strip(" `") for x in m.group(1).split(":") if x.strip(" `")}
    types = set()
    for m in _REL_RE.finditer(code):
        types |= {x.strip("`") for x in m.group(1).split("|") if x.strip("`")}
    return labels, types


def test_every_label_and_type_in_cypher_files_is_in_the_schema_whitelist():
    seen_labels, seen_types = set(), set()
    for path in CYPHER.rglob("*.cypher"):
        text = path.read_text(encoding="utf-8")
        labels, types = _labels_and_types(text)
        assert labels <= set(LABELS), (path.name, labels - set(LABELS))
        assert types <= set(REL_TYPES), (path.name, types - set(REL_TYPES))
        for literal_type in re.findall(r"type\(\w+\)\s*[=<>]+\s*'(\w+)'", text):
            assert literal_type in schema.RELATION_TYPES, (path.name, literal_type)
        seen_labels |= labels
        seen_types |= types
    assert {"Municipality", "Innosys", "Actor", "EdquistActivity", "ProcessRecord", "Observation",
            "SimulationRun"} <= seen_labels
    assert {"PERFORMS", "ADOPTED", "LOCATED_IN", "SIMULATED_ADOPTION"} <= seen_types


def test_label_whitelist_rejects_injection():
    assert label("Municipality") == "`Municipality`"
    assert rel_type("MEMBER_OF") == "`MEMBER_OF`"
    for bad in ("Municipality`) DETACH DELETE n //", "`", "municipality", "", "X"):
        with pytest.raises(ValueError, match="not a label"):
            label(bad)
        with pytest.raises(ValueError, match="not a relationship type"):
            rel_type(bad)
    with pytest.raises(ValueError):
        node_statement("Evil` {x:1}) DETACH DELETE n //")
    with pytest.raises(ValueError):
        relationship_statement("OWNS]->() DETACH DELETE n //")


def test_loader_rejects_a_node_kind_outside_the_schema_before_writing():
    import networkx as nx

    G = nx.MultiDiGraph()
    G.add_node("x", kind="Robot`) DETACH DELETE n //", name="x")
    with pytest.raises(ValueError, match="not in the schema"):
        node_rows(G)


def test_internal_properties_do_not_collide_with_schema_columns():
    node_cols = set().union(*(k.all_props() for k in schema.NODE_KINDS.values())) | set(schema.PROVENANCE)
    assert not (set(NODE_INTERNAL) - {"id"}) & node_cols
    edge_cols = set().union(*(schema.TABLES[t].columns for t in schema.EDGE_TABLES))
    assert not set(REL_INTERNAL) & edge_cols
    for t in ("process", "observations"):
        assert not {"key", "seq", "observation_id"} & set(schema.TABLES[t].columns)


def test_split_statements_respects_strings_comments_and_backticks():
    text = ("// header; with semicolon\nMATCH (n {name: 'a;b'}) RETURN n;\n"
            "RETURN \"x\\\";y\" AS s ;\n/* block; comment */ RETURN `we;ird` AS w;\n// only a comment;\n")
    parts = split_statements(text)
    assert len(parts) == 3
    assert parts[0].endswith("RETURN n") and "'a;b'" in parts[0]
    assert parts[1] == 'RETURN "x\\";y" AS s'
    assert parts[2].endswith("RETURN `we;ird` AS w")


# ---------------------------------------------------------------------------
# The query catalogue
# ---------------------------------------------------------------------------


def test_catalogue_has_at_least_twelve_queries_each_with_an_embedded_twin():
    cat = catalogue()
    assert len(cat) >= 12
    assert set(cat) == set(IMPLEMENTATIONS)
    listed = list_queries()
    assert list(listed["name"]) == list(cat)
    for q in cat.values():
        assert q.description and q.cypher
        assert q.file.read_text(encoding="utf-8").startswith(f"// name: {q.name}\n// description: ")


def test_queries_use_only_declared_parameters():
    embedded_only = {("simulation-results", "results")}
    for q in catalogue().values():
        used = set(re.findall(r"\$(\w+)", q.cypher))
        declared = {p.name for p in q.params}
        assert used <= declared, (q.name, used - declared)
        assert declared - used <= {p for n, p in embedded_only if n == q.name}, (q.name, declared - used)


def test_declared_order_is_the_cypher_order_by():
    for q in catalogue().values():
        order_by = re.findall(r"ORDER BY ([^\n]+)", q.cypher)
        if not q.order:
            continue
        assert order_by, q.name
        final = [tuple(part.split()) for part in order_by[-1].split(",")]
        declared = [(col, "DESC") if desc else (col,) for col, desc in q.order]
        assert final == declared, (q.name, final, declared)


def test_defaults_that_mirror_the_schema_equal_it():
    for q in catalogue().values():
        for p in q.params:
            if p.name == "innovation_kinds":
                assert tuple(p.default) == schema.INNOVATION_KINDS, q.name


def test_id_defaults_exist_in_the_shipped_graph():
    from innosys.graph import load_graph

    G = load_graph()
    for q in catalogue().values():
        for p in q.params:
            if p.type in ("ID", "ID_OR_KIND") and p.default is not None:
                assert p.default in G or p.default in schema.NODE_KINDS, (q.name, p.name, p.default)


def test_parameter_conversion_and_errors():
    q = get_query("actor-degree")
    assert q.coerce({}) == {"kind": None, "min_degree": 1}
    assert q.coerce({"kind": "Municipality", "min_degree": "3"}) == {"kind": "Municipality", "min_degree": 3}
    assert q.coerce({"kind": "null"})["kind"] is None
    with pytest.raises(QueryError, match="'min_degree': 'x' is not a whole number"):
        q.coerce({"min_degree": "x"})
    with pytest.raises(QueryError, match="'kind': 'Robot' is not a node kind"):
        q.coerce({"kind": "Robot"})
    with pytest.raises(QueryError, match="has no parameter 'nope'"):
        q.coerce({"nope": 1})
    g = get_query("group-members")
    assert g.coerce({"relations": "MEMBER_OF, OWNS"})["relations"] == ["MEMBER_OF", "OWNS"]
    with pytest.raises(QueryError, match="'SUPPORTS' is not one of"):
        g.coerce({"relations": "MEMBER_OF,SUPPORTS"})
    m = get_query("municipality-adoption")
    assert m.coerce({"adopters_only": "yes"})["adopters_only"] is True
    with pytest.raises(QueryError, match="not true or false"):
        m.coerce({"adopters_only": "perhaps"})
    with pytest.raises(QueryError, match="unknown query 'nope'"):
        get_query("nope")


def test_header_errors_name_the_file_and_line(tmp_path):
    path = tmp_path / "broken.cypher"
    with pytest.raises(QueryError, match=r"broken.cypher:3: param: expected"):
        parse_query_text("// name: broken\n// description: d\n// param: x STRING ks\nRETURN 1", path)
    with pytest.raises(QueryError, match=r"broken.cypher:3: param: unknown type 'TEXT'"):
        parse_query_text("// name: broken\n// description: d\n// param: x TEXT default=a — m\nRETURN 1", path)
    with pytest.raises(QueryError, match="description"):
        parse_query_text("// name: broken\nRETURN 1", path)
    with pytest.raises(QueryError, match="differs from the file name"):
        parse_query_text("// name: other\n// description: d\nRETURN 1", path)
    q = parse_query_text("// name: broken\n// description: d\n// param: n INTEGER default=3 — m\n"
                         "// order: n DESC, m\nRETURN $n AS n, 1 AS m", path)
    assert q.params[0].default == 3 and q.order == (("n", True), ("m", False))


def test_sort_rows_follows_cypher_order_by():
    df = frame([{"a": 2, "b": "x"}, {"a": None, "b": "y"}, {"a": 1, "b": "z"}, {"a": 2, "b": "a"}], ["a", "b"])
    up = sort_rows(df, (("a", False), ("b", False)))
    assert list(up["b"]) == ["z", "a", "x", "y"]  # nulls last ascending
    down = sort_rows(df, (("a", True), ("b", False)))
    assert list(down["b"]) == ["y", "a", "x", "z"]  # nulls first descending
    lists = frame([{"p": ["a", "c"]}, {"p": ["a", "b", "z"]}, {"p": ["a"]}], ["p"])
    assert list(sort_rows(lists, (("p", False),))["p"]) == [["a"], ["a", "b", "z"], ["a", "c"]]


def test_frame_keeps_ints_and_none():
    df = frame([{"x": 1, "y": None}, {"x": None, "y": 2.5}], ["x", "y"])
    assert df["x"].tolist() == [1, None] and isinstance(df["x"][0], int)
    assert df["y"].tolist() == [None, 2.5]


def test_cypher_dir_holds_the_catalogue():
    assert Path(CYPHER, "queries").is_dir()
    assert sorted(p.stem for p in (CYPHER / "queries").glob("*.cypher")) == sorted(catalogue())
