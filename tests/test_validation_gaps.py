"""Validation gaps found by adversarial testing: nothing is silently ignored, root causes come first."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from innosys.cli import main
from innosys.io import ValidationError, load_dataset


def problems_of(data) -> list[str]:
    with pytest.raises(ValidationError) as e:
        load_dataset(data)
    return e.value.report(limit=None).splitlines()[:-1]


def append(path, line: str) -> None:
    with open(path, "a", encoding="utf-8", newline="") as f:
        f.write(line + "\n")


def validate(*args):
    return CliRunner().invoke(main, ["validate", *map(str, args)], catch_exceptions=False)


@pytest.mark.parametrize("move_to, why", [
    ("observation.csv", "not a table name (did you mean observations.csv?)"),
    ("Observations.CSV", "table file names are lower case: name it observations.csv"),
    ("t000/extra/observations.csv", "nested too deep"),
])
def test_every_csv_file_is_read_or_reported(sample_dir, move_to, why):
    (sample_dir / move_to).parent.mkdir(parents=True, exist_ok=True)
    shutil.move(sample_dir / "observations.csv", sample_dir / move_to)
    lines = problems_of(sample_dir)
    assert lines[0] == f"{sample_dir / move_to}:0: -: {why}" + lines[0].split(why, 1)[1]
    assert "(this file is not read)" in lines[0]
    r = validate("--data", sample_dir)
    assert r.exit_code == 2 and str(sample_dir / move_to) in r.output


def test_lookalike_ids_are_reported(sample_dir):
    append(sample_dir / "actors.csv", "ks,InterestOrganisation,KS,,,,,,,,,,,ref,,stated,,")
    append(sample_dir / "actors.csv", "кs,InterestOrganisation,KS again,,,,,,,,,,,ref,,stated,,")  # Cyrillic к
    append(sample_dir / "actors.csv", "M:0002,Municipality,Beta copy,,,,,,,,,,,ref,,stated,,")
    lines = problems_of(sample_dir)
    assert f"{sample_dir / 'actors.csv'}:12: id: id 'кs' looks like 'ks' ({sample_dir / 'actors.csv'}:11) but is " \
           f"a different id: 'к' is CYRILLIC SMALL LETTER KA" in lines, lines
    assert any("id 'M:0002' looks like 'm:0002'" in ln for ln in lines), lines


def test_a_relation_from_an_actor_to_itself_is_rejected(sample_dir):
    append(sample_dir / "relations.csv", "m:0003,COLLABORATES_WITH,m:0003,,,,,,,ref,,stated")
    lines = problems_of(sample_dir)
    assert lines == [f"{sample_dir / 'relations.csv'}:16: to_id: a COLLABORATES_WITH relation from 'm:0003' to "
                     f"itself means nothing"]


def test_schema_declares_which_relations_may_point_to_themselves():
    from innosys import schema

    assert not schema.RELATION_TYPES["COLLABORATES_WITH"].self_relation
    assert all(hasattr(r, "self_relation") for r in schema.RELATION_TYPES.values())


def test_no_sources_is_the_root_cause_listed_first_with_its_follow_ons(tmp_path):
    from innosys.io import write_tables

    data = write_tables(load_dataset().tables, tmp_path / "shipped")
    (data / "sources.csv").unlink()
    r = validate("--data", data, "--max-problems", "5")
    assert r.exit_code == 2
    lines = r.output.splitlines()
    assert lines[0].startswith(f"{data / 'sources.csv'}:0: -: no sources: sources.csv is required (")
    n = int(lines[0].split("(")[1].split()[0])
    assert n > 1000 and "follow-on problems below" in lines[0]
    assert "(follows from" in lines[1] and len(lines) == 7 and "--all" in lines[5]
    full = validate("--data", data, "--all").output.splitlines()
    assert len(full) == n + 2 and full[-1] == f"{n + 1} problem(s) found"


def test_a_semicolon_file_is_the_first_problem(sample_dir):
    text = (sample_dir / "actors.csv").read_text(encoding="utf-8")
    (sample_dir / "actors.csv").write_text(text.replace(",", ";"), encoding="utf-8")
    lines = problems_of(sample_dir)
    assert lines[0].startswith(f"{sample_dir / 'actors.csv'}:1: -: fields are separated by ';', not commas")
    assert "follow-on problems below" in lines[0]
    follow = [ln for ln in lines if "unknown id" in ln]
    assert follow and all(f"(follows from {sample_dir / 'actors.csv'}:1)" in ln for ln in follow)
    assert not [ln for ln in lines[1:] if "actors.csv:1:" in ln]  # no column-by-column noise


def test_a_field_over_the_csv_limit_is_reported_and_reading_goes_on(sample_dir):
    long = "x" * 131_073
    append(sample_dir / "actors.csv", f"m:0009,Municipality,Long,,{long},,,,,,,,,ref,,stated,,")
    append(sample_dir / "actors.csv", "m:0010,Gadget,Next row,,,,,,,,,,,ref,,stated,,")
    lines = problems_of(sample_dir)
    assert f"{sample_dir / 'actors.csv'}:11: description: value is 131,073 characters long; at most 131,072 " \
           "are allowed" in lines
    assert any(ln.startswith(f"{sample_dir / 'actors.csv'}:12: kind: unknown kind 'Gadget'") for ln in lines), lines
    assert not any("unknown id" in ln for ln in lines), lines


def test_ids_with_spaces_around_are_reported_and_the_row_is_kept(sample_dir):
    append(sample_dir / "relations.csv", " m:0003 ,COLLABORATES_WITH,m:0002,,,,,,,ref,,stated")
    lines = problems_of(sample_dir)
    assert lines == [f"{sample_dir / 'relations.csv'}:16: from_id: ' m:0003 ' has spaces around it; "
                     f"write 'm:0003'"]


def test_a_lost_row_causes_its_follow_ons(sample_dir):
    append(sample_dir / "actors.csv", "m:0011,Municipality,Too,many,fields,,,,,,,,,ref,,stated,,,,")
    append(sample_dir / "relations.csv", "m:0011,LOCATED_IN,county:01,,,,,,,ref,,stated")
    lines = problems_of(sample_dir)
    assert lines[0].startswith(f"{sample_dir / 'actors.csv'}:11: -: row has 20 fields, the header has 18 "
                               f"(1 follow-on problem below)")
    assert lines[1] == (f"{sample_dir / 'relations.csv'}:16: from_id: unknown id 'm:0011' "
                        f"(follows from {sample_dir / 'actors.csv'}:11)")
