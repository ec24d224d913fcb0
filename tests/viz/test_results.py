"""Reading result directories: complete ones load, broken ones fail with a message that says where."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

from innosys.viz.results import (
    FORMAT_VERSION,
    PLAYBACK_TABLES,
    REPORT_TABLES,
    TABLE_COLUMNS,
    ResultFormatError,
    read_result,
)


@pytest.fixture
def copy(tmp_path, result_dirs):
    def make(name="base"):
        return shutil.copytree(result_dirs[name], tmp_path / name)
    return make


def test_a_synthesised_result_directory_reads_completely(result_dirs):
    r = read_result(result_dirs["base"])
    assert r.summary["format_version"] == FORMAT_VERSION
    assert set(r.tables) == set(PLAYBACK_TABLES)
    for t in PLAYBACK_TABLES:
        assert list(r.tables[t].columns[:len(TABLE_COLUMNS[t])]) == list(TABLE_COLUMNS[t])
    assert r.curves["step"].tolist() == list(range(r.summary["steps"] + 1))
    assert r.curves["adopted_mean"].between(0, 1).all()
    assert r.units["unit_id"].str.startswith(("m:", "tv:")).all()
    assert r.scenario == "baseline" and r.scenario_toml.startswith('name = "baseline"')


@pytest.mark.parametrize("missing", ["summary.json", "curves.csv", "units.csv", "trajectory.csv", "edges.csv"])
def test_missing_files_are_named_with_the_directory(copy, missing):
    d = copy()
    (d / missing).unlink()
    with pytest.raises(ResultFormatError) as e:
        read_result(d)
    assert str(d) in str(e.value) and f"missing {missing}" in str(e.value)


def test_every_missing_file_is_listed_at_once(copy):
    d = copy()
    for f in ("units.csv", "edges.csv"):
        (d / f).unlink()
    with pytest.raises(ResultFormatError, match="missing units.csv, edges.csv"):
        read_result(d)


def test_the_report_needs_fewer_files_than_the_playback(copy):
    d = copy()
    (d / "trajectory.csv").unlink()
    assert read_result(d, REPORT_TABLES).summary["scenario"] == "baseline"
    with pytest.raises(ResultFormatError, match="trajectory.csv"):
        read_result(d, PLAYBACK_TABLES)


@pytest.mark.parametrize("version", [2, 0, None, "1"])
def test_incompatible_format_version(copy, version):
    d = copy()
    s = json.loads((d / "summary.json").read_text())
    if version is None:
        del s["format_version"]
    else:
        s["format_version"] = version
    (d / "summary.json").write_text(json.dumps(s))
    with pytest.raises(ResultFormatError, match=rf"summary.json: format_version is {json.dumps(version)}.*reads format_version 1"):
        read_result(d)


def test_broken_summary_and_missing_keys(copy):
    d = copy()
    (d / "summary.json").write_text("{not json")
    with pytest.raises(ResultFormatError, match="summary.json: not valid JSON"):
        read_result(d)
    (d / "summary.json").write_text(json.dumps({"format_version": 1, "scenario": "x"}))
    with pytest.raises(ResultFormatError, match="missing key\\(s\\): steps, time_to_share"):
        read_result(d)


def test_missing_column_names_file_and_column(copy):
    d = copy()
    text = (d / "units.csv").read_text().replace(",category,", ",categ,")
    (d / "units.csv").write_text(text)
    with pytest.raises(ResultFormatError, match=r"units.csv: missing column\(s\): category"):
        read_result(d)


def test_bad_number_names_file_line_and_column(copy):
    d = copy()
    lines = (d / "curves.csv").read_text().splitlines()
    cells = lines[3].split(",")
    cells[2] = "lots"
    lines[3] = ",".join(cells)
    (d / "curves.csv").write_text("\n".join(lines) + "\n")
    with pytest.raises(ResultFormatError, match=r"curves.csv:4: adopted_mean: not a number: 'lots'"):
        read_result(d)


def test_curve_dates_must_be_year_month(copy):
    d = copy()
    text = (d / "curves.csv").read_text().replace("\n0,2016-01,", "\n0,<b>2016</b>,", 1)
    (d / "curves.csv").write_text(text)
    with pytest.raises(ResultFormatError, match=r"curves.csv:2: date: expected YYYY-MM, got '<b>2016</b>'"):
        read_result(d)


def test_negative_steps_mean_never(copy):
    d = copy()
    u = (d / "units.csv").read_text().splitlines()
    header = u[0].split(",")
    cells = u[1].split(",")
    cells[header.index("median_step")] = "-1"
    u[1] = ",".join(cells)
    (d / "units.csv").write_text("\n".join(u) + "\n")
    r = read_result(d)
    assert pd.isna(r.units.loc[0, "median_step"])


def test_required_value_missing(copy):
    d = copy()
    lines = (d / "units.csv").read_text().splitlines()
    header = lines[0].split(",")
    cells = lines[2].split(",")
    cells[header.index("adoption_probability")] = ""
    lines[2] = ",".join(cells)
    (d / "units.csv").write_text("\n".join(lines) + "\n")
    with pytest.raises(ResultFormatError, match=r"units.csv:3: adoption_probability: value missing"):
        read_result(d)


def test_not_a_directory(tmp_path):
    with pytest.raises(ResultFormatError, match="result directory not found"):
        read_result(tmp_path / "nope")


@pytest.mark.parametrize("key, value, message", [
    ("steps", -5, "key 'steps': must be a whole number >= 0, got -5"),
    ("steps", 2.5, "key 'steps': must be a whole number >= 0, got 2.5"),
    ("runs", 0, "key 'runs': must be a whole number >= 1, got 0"),
    ("final_share", {"mean": float("nan"), "p05": 0.1, "p95": 0.2},
     "key 'final_share.mean': must be a share in [0, 1], got NaN"),
    ("category_shares", {"innovators": 7}, "key 'category_shares.innovators': must be a share in [0, 1] or null"),
    ("time_to_share", {"0.5": 10_000}, "key 'time_to_share.0.5': must be a step in 0.."),
])
def test_a_tampered_summary_is_refused_naming_file_and_key(copy, key, value, message):
    d = copy()
    s = json.loads((d / "summary.json").read_text())
    s[key] = value
    (d / "summary.json").write_text(json.dumps(s))
    with pytest.raises(ResultFormatError) as e:
        read_result(d)
    assert str(d / "summary.json") in str(e.value) and message in str(e.value)


def test_summary_steps_must_match_the_curves(copy):
    d = copy()
    s = json.loads((d / "summary.json").read_text())
    s["steps"] += 3
    s["time_to_share"] = {}
    (d / "summary.json").write_text(json.dumps(s))
    with pytest.raises(ResultFormatError, match=r"summary.json: key 'steps': .* does not match curves.csv"):
        read_result(d)


def test_a_share_outside_0_1_or_infinite_in_a_table_names_file_line_and_column(copy):
    d = copy()
    df = pd.read_csv(d / "curves.csv", dtype=str, keep_default_na=False)
    df.loc[1, "adopted_mean"] = "inf"
    df.to_csv(d / "curves.csv", index=False)
    with pytest.raises(ResultFormatError, match=r"curves.csv:3: adopted_mean: not a finite number: 'inf'"):
        read_result(d)
    df.loc[1, "adopted_mean"] = "1.5"
    df.to_csv(d / "curves.csv", index=False)
    with pytest.raises(ResultFormatError, match=r"curves.csv:3: adopted_mean: must be a number in \[0, 1\]"):
        read_result(d)
