"""The data behind the playback and the report, computed from result directories."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

from innosys import schema
from innosys.viz import (
    differing_units,
    diffusion_playback,
    playback_data,
    read_result,
    scenario_report,
    timing_table,
)
from innosys.viz.report import REPORT_TABLES, scenario_labels

from .conftest import HOSTILE


def test_playback_data_matches_the_result(result_dirs):
    r = read_result(result_dirs["base"])
    d = playback_data(r)
    assert [u["id"] for u in d["units"]] == r.units["unit_id"].tolist()
    assert d["counts"] == {"nodes": len(r.units), "edges": len(r.edges)}
    assert d["steps"] == r.curves["step"].tolist() and d["dates"] == r.curves["date"].tolist()
    assert d["layout"] == "geo"
    traj = r.trajectory.set_index("unit_id")
    for i, u in enumerate(d["units"]):
        v = traj.at[u["id"], "adopted_step"]
        assert d["traj"]["adopted"][i] == (None if pd.isna(v) else int(v))
    # the shown run's curve is the share adopted in trajectory.csv
    adopted = traj["adopted_step"]
    assert d["shownRun"][-1] == pytest.approx(adopted.notna().mean())
    assert [c["key"] for c in d["categories"][:5]] == list(schema.ADOPTER_CATEGORY_KEYS)
    assert d["layers"] and sum(layer["count"] for layer in d["layers"]) == len(r.edges)
    units_without_coords = [u for u in d["units"] if not u["geo"]]
    assert [u["id"] for u in units_without_coords] == ["tv:kommune-a"]   # placed near its tie instead


def test_edges_to_non_units_are_skipped_and_counted(tmp_path, result_dirs):
    d = shutil.copytree(result_dirs["base"], tmp_path / "r")
    with open(d / "edges.csv", "a", encoding="utf-8") as f:
        f.write("ks,m:0101,change_agent,1.0\n")
    data = playback_data(read_result(d))
    assert data["skippedEdges"] == 1
    assert data["counts"]["edges"] == len(pd.read_csv(d / "edges.csv")) - 1


def test_a_tie_listed_in_both_directions_is_drawn_once(tmp_path, result_dirs):
    d = shutil.copytree(result_dirs["base"], tmp_path / "r")
    edges = pd.read_csv(d / "edges.csv")
    first = edges.iloc[0]
    with open(d / "edges.csv", "a", encoding="utf-8") as f:
        f.write(f"{first.target},{first.source},{first.layer},0.9\n")     # the reverse, stronger
        f.write(f"{first.source},{first.target},other-layer,0.1\n")       # same pair, another layer
    data = playback_data(read_result(d))
    assert data["counts"]["edges"] == len(edges) + 1
    ids = [u["id"] for u in data["units"]]
    a, b = sorted((ids.index(first.source), ids.index(first.target)))
    same = [e for e in data["edges"] if e[:2] == [a, b]]
    assert sorted(e[3] for e in same) == [0.1, 0.9]


def test_playback_without_coordinates_uses_the_force_layout(tmp_path, result_dirs):
    d = shutil.copytree(result_dirs["base"], tmp_path / "r")
    u = pd.read_csv(d / "units.csv", dtype=str, keep_default_na=False)
    u["latitude"] = ""
    u["longitude"] = ""
    u.to_csv(d / "units.csv", index=False)
    assert playback_data(read_result(d))["layout"] == "force"


def test_playback_page_escapes_names(result_dirs):
    page = diffusion_playback(result_dirs["hostile"])
    assert HOSTILE not in page.html
    assert page.info == {"nodes": 30, "edges": len(pd.read_csv(result_dirs["hostile"] / "edges.csv")), "steps": 17,
                         "shapes": 0}  # anonymous units: no map


def test_timing_table_reads_summary_and_dates(result_dirs):
    results = [read_result(result_dirs[k], REPORT_TABLES) for k in ("base", "fast")]
    tt = timing_table(results)
    for r, (_, row) in zip(results, tt.iterrows(), strict=True):
        t10 = r.summary["time_to_share"]["0.1"]
        assert row["step_10"] == t10
        if t10 is not None:
            assert row["date_10"] == r.curves.loc[r.curves["step"] == t10, "date"].iloc[0]
        assert row["final_mean"] == pytest.approx(r.summary["final_share"]["mean"])
        for key in schema.ADOPTER_CATEGORY_KEYS:
            assert row[key] == pytest.approx(r.summary["category_shares"][key])


def test_differing_units_orders_by_spread(tmp_path, result_dirs):
    a = shutil.copytree(result_dirs["base"], tmp_path / "a")
    b = shutil.copytree(result_dirs["base"], tmp_path / "b")
    ua = pd.read_csv(a / "units.csv", dtype={"unit_id": str})
    ua["adoption_probability"] = 0.5
    ua["median_step"] = 4.0
    ua.to_csv(a / "units.csv", index=False)
    ub = ua.copy()
    ub.loc[ub["unit_id"] == "m:0102", "adoption_probability"] = 0.9      # spread 0.4
    ub.loc[ub["unit_id"] == "m:0201", "adoption_probability"] = 0.2      # spread 0.3
    ub.loc[ub["unit_id"] == "m:0101", "median_step"] = 9.0               # same probability, later
    ub.to_csv(b / "units.csv", index=False)
    results = [read_result(p, REPORT_TABLES) for p in (a, b)]
    df = differing_units(results)
    assert df["unit_id"].tolist() == ["m:0102", "m:0201", "m:0101"]
    assert df["prob_spread"].round(6).tolist() == [0.4, 0.3, 0.0]
    assert df.loc[2, "step_spread"] == 5.0
    assert differing_units(results, top=1)["unit_id"].tolist() == ["m:0102"]
    assert differing_units(results[:1]).empty


def test_labels_are_unique_even_for_equal_scenario_names(tmp_path, result_dirs):
    a = shutil.copytree(result_dirs["base"], tmp_path / "x" / "run")
    b = shutil.copytree(result_dirs["base"], tmp_path / "y" / "run")
    c = shutil.copytree(result_dirs["fast"], tmp_path / "z")
    labels = scenario_labels([read_result(p, REPORT_TABLES) for p in (a, b, c)])
    assert labels == ["baseline (run)", "baseline (run) #2", "campaign"]


def test_report_page_for_one_scenario_says_so(result_dirs):
    page = scenario_report([result_dirs["base"]])
    assert page.info == {"scenarios": 1, "units": 0}
    assert "Compare two or more result directories" in page.html


def test_report_says_what_the_categories_are_next_to_rogers_row(result_dirs):
    html = scenario_report([result_dirs["base"]]).html
    table = html.split('id="timing"', 1)[1]
    note = table.split("Rogers (expected)", 1)[1].split("</section>", 1)[0]
    assert "adoption times" in note and "mean ± sd" in note
    assert "innovativeness effect" in note and "not a finding" in note


def test_report_escapes_every_name(result_dirs):
    page = scenario_report([result_dirs["base"], result_dirs["hostile"]])
    assert HOSTILE not in page.html
    assert "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in page.html
    assert page.info["scenarios"] == 2


def test_report_rejects_a_bad_directory_by_name(tmp_path, result_dirs):
    d = shutil.copytree(result_dirs["base"], tmp_path / "old")
    s = json.loads((d / "summary.json").read_text())
    s["format_version"] = 0
    (d / "summary.json").write_text(json.dumps(s))
    with pytest.raises(ValueError, match=r"old/summary.json: format_version is 0"):
        scenario_report([result_dirs["base"], d])
