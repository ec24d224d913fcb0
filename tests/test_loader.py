"""Loading, validation and the tables -> graph -> tables round trip."""

import pandas as pd
import pytest
from conftest import BROKEN, SAMPLE, broken_cases, make_broken

from innosys.graph import to_graph, to_tables
from innosys.io import ValidationError, load_dataset, write_tables


def assert_tables_equal(a, b):
    assert list(a) == list(b)
    for name in a:
        pd.testing.assert_frame_equal(a[name].reset_index(drop=True), b[name].reset_index(drop=True),
                                      check_exact=True, obj=name)


def test_sample_loads_with_typed_columns():
    ds = load_dataset(SAMPLE)
    actors = ds.tables["actors"]
    assert len(actors) == 9
    assert str(actors["population"].dtype) == "Int64"
    assert str(actors["latitude"].dtype) == "Float64"
    assert actors.set_index("id").loc["x:kommune-a", "anonymised"] is True or bool(
        actors.set_index("id").loc["x:kommune-a", "anonymised"])
    assert actors.set_index("id").loc["m:0001", "description"] == "Sample municipality, with a comma"
    assert ds.origins["actors"][0][1] == 2  # first data row is on line 2


def test_round_trip_sample_is_identity():
    ds = load_dataset(SAMPLE)
    assert_tables_equal(to_tables(to_graph(ds)), ds.tables)


def test_round_trip_shipped_data_is_identity():
    ds = load_dataset()
    assert_tables_equal(to_tables(to_graph(ds)), ds.tables)


def test_write_then_load_is_identity(tmp_path):
    ds = load_dataset(SAMPLE)
    write_tables(ds.tables, tmp_path / "copy")
    assert_tables_equal(load_dataset(tmp_path / "copy").tables, ds.tables)


def test_graph_structure_from_sample():
    G = to_graph(load_dataset(SAMPLE))
    assert G.nodes["m:0001"]["kind"] == "Municipality"
    assert G.nodes["sample"]["kind"] == "Source"
    assert G.nodes["edquist:5"]["number"] == 5
    performs = [(u, v) for u, v, t in G.edges(data="type") if t == "PERFORMS"]
    assert ("x:kommune-a", "edquist:5") in performs
    adopted = {(u, v): d["status"] for u, v, d in G.edges(data=True) if d["type"] == "ADOPTED"}
    assert adopted[("m:0003", "inn:tool")] == "not_adopted"
    assert len(G.graph["observations"]) == 2


def test_edge_keys_are_stable_across_loads():
    k1 = sorted(k for *_, k in to_graph(load_dataset(SAMPLE)).edges(keys=True))
    k2 = sorted(k for *_, k in to_graph(load_dataset(SAMPLE)).edges(keys=True))
    assert k1 == k2 and len(set(k1)) == len(k1)


@pytest.mark.parametrize("case", broken_cases())
def test_broken_fixture_reports_file_line_column(case, tmp_path):
    data = make_broken(case, tmp_path / case)
    with pytest.raises(ValidationError) as err:
        load_dataset(data)
    report = err.value.report()
    for expected in (BROKEN / case / "expected.txt").read_text(encoding="utf-8").splitlines():
        if expected.strip():
            assert expected in report, f"{expected!r} not in:\n{report}"


def test_every_problem_is_reported_at_once(tmp_path):
    """Several broken files together: every problem appears in one report."""
    data = make_broken("unknown_kind", tmp_path / "many")
    for case in ("dangling_id", "bad_number", "undecodable", "bad_enum"):
        for f in (BROKEN / case).iterdir():
            if f.name != "expected.txt":
                (data / f.name).write_bytes(f.read_bytes())
    with pytest.raises(ValidationError) as err:
        load_dataset(data)
    files = {p.file.rsplit("/", 1)[-1] for p in err.value.problems}
    assert {"actors.csv", "relations.csv", "adoptions.csv"} <= files


def test_parts_are_concatenated(tmp_path):
    """data/<table>.csv and data/<part>/<table>.csv are read together."""
    root = tmp_path / "parted"
    part = root / "extra"
    part.mkdir(parents=True)
    import shutil

    for f in SAMPLE.glob("*.csv"):
        shutil.copy(f, root / f.name)
    (part / "actors.csv").write_text(
        "id,kind,name,source,lines,confidence\nnew:org,Company,New Co,sample,5,stated\n", encoding="utf-8")
    ds = load_dataset(root)
    assert "new:org" in set(ds.tables["actors"]["id"])
    assert ds.origins["actors"][-1] == (str(part / "actors.csv"), 2)


def test_missing_directory_is_a_problem(tmp_path):
    with pytest.raises(ValidationError, match="data directory not found"):
        load_dataset(tmp_path / "nope")


def test_multiline_quoted_field_keeps_line_numbers(tmp_path):
    import shutil

    root = tmp_path / "ml"
    shutil.copytree(SAMPLE, root)
    text = (root / "observations.csv").read_text(encoding="utf-8")
    text = text.replace("Municipalities using the tool", '"Municipalities\nusing the tool"')
    text += "obs:3,org,x,notanumber,,,,,sample,122,stated\n"
    (root / "observations.csv").write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        load_dataset(root)
    assert "observations.csv:5: value: 'notanumber' is not a number" in err.value.report()
