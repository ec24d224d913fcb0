"""`innosys neo4j write-results`: a diffusion result directory written back and read by a catalogue query."""

from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner

from innosys.cli import main
from innosys.neo4j import ResultDirError, load, read_result_dir, write_results
from innosys.queries import run_query

from .neo4j_helpers import rows


def make_result_dir(path, G, scenario="test-scenario", innovation="inn:samveis", extra_units=("m:9999",)):
    """A small result directory in format_version 1 (units from the graph, invented numbers)."""
    path.mkdir(parents=True)
    units = sorted(n for n, k in G.nodes(data="kind") if k == "Municipality")[:40] + list(extra_units)
    cats = ["innovators", "early_adopters", "early_majority", "late_majority", "laggards", "non_adopter"]
    summary = {"format_version": 1, "innosys_version": "test", "scenario": scenario, "title": "Test",
               "scenario_file": "test.toml", "seed": 7, "runs": 20, "steps": 12, "step_length": "quarter",
               "start": "2016-01", "innovation_id": innovation, "innovation_name": "Samveis",
               "adopting_kinds": ["Municipality"], "n_units": len(units), "data_dir": "data",
               "time_to_share": {"0.1": 2, "0.5": 6, "0.9": None},
               "final_share": {"mean": 0.6, "p05": 0.4, "p95": 0.8}, "category_shares": {}, "channels": {},
               "elapsed_seconds": 1.0}
    (path / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    with open(path / "units.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["unit_id", "name", "kind", "county", "size_class", "latitude", "longitude",
                    "adoption_probability", "median_step", "mean_step", "category", "main_channel"])
        for i, u in enumerate(units):
            p = round((i * 37 % 100) / 100, 2)
            median = "" if p < 0.5 else str(i % 12)
            w.writerow([u, G.nodes[u]["name"] if u in G else "?", "Municipality", "", "", "", "", p, median,
                        f"{(i % 12) + 0.25}" if p > 0 else "", cats[i % len(cats)], "interpersonal" if p else ""])
    return path


@pytest.fixture()
def loaded(db, shipped_graph):
    load(shipped_graph, db)
    return shipped_graph


def test_write_results_and_query_parity(db, loaded, tmp_path, neo4j_server):
    res = make_result_dir(tmp_path / "r1", loaded)
    r = CliRunner().invoke(main, ["neo4j", "write-results", str(res)], env=neo4j_server.env())
    assert r.exit_code == 0, r.output
    assert "wrote scenario 'test-scenario': 40 unit(s); 1 unit(s) not in Neo4j were skipped" in r.output
    embedded = run_query("simulation-results", G=loaded, results=str(res))
    neo = run_query("simulation-results", backend="neo4j", db=db, scenario="test-scenario")
    assert list(embedded.columns) == list(neo.columns)
    assert rows(embedded) == rows(neo)
    assert len(neo) == 40 and type(neo["median_step"].dropna().iloc[0]) is int
    run = db.read("MATCH (r:Innosys:SimulationRun {key: 'test-scenario'})-[:OF_INNOVATION]->(i:Innovation) "
                  "RETURN r.seed AS seed, r.final_share_mean AS m, r.time_to_share_0_5 AS t, i.id AS i")
    assert run == [{"seed": 7, "m": 0.6, "t": 6, "i": "inn:samveis"}]


def test_writing_a_scenario_again_replaces_it_and_loading_keeps_it(db, loaded, tmp_path):
    first = make_result_dir(tmp_path / "a", loaded)
    write_results(first, db)
    write_results(first, db)
    count = db.read("MATCH ()-[s:SIMULATED_ADOPTION]->(:SimulationRun {key: 'test-scenario'}) RETURN count(s) AS c")
    assert count == [{"c": 40}]
    other = make_result_dir(tmp_path / "b", loaded, scenario="other", extra_units=())
    write_results(other, db)
    both = run_query("simulation-results", backend="neo4j", db=db)
    assert set(both["scenario"]) == {"test-scenario", "other"}
    load(loaded, db)  # a reload of the data keeps the results (they are not graph data)
    assert len(run_query("simulation-results", backend="neo4j", db=db, scenario="other")) == 40


def test_bad_result_directories_are_clear_errors_and_write_nothing(db, loaded, tmp_path, neo4j_server):
    good = make_result_dir(tmp_path / "bad", loaded, scenario="never-written")
    with open(good / "units.csv", newline="", encoding="utf-8") as f:
        table = list(csv.reader(f))
    table[3][table[0].index("adoption_probability")] = "1.5"  # file line 4
    with open(good / "units.csv", "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(table)
    with pytest.raises(ResultDirError, match=r"units.csv:4: adoption_probability: must be a number in \[0, 1\]"):
        read_result_dir(good)
    r = CliRunner().invoke(main, ["neo4j", "write-results", str(good)], env=neo4j_server.env())
    assert r.exit_code == 1 and "units.csv:4: adoption_probability" in r.output and "Traceback" not in r.output
    assert db.read("MATCH (r:SimulationRun {key: 'never-written'}) RETURN count(r) AS c") == [{"c": 0}]
    (good / "summary.json").write_text('{"format_version": 2}', encoding="utf-8")
    with pytest.raises(ResultDirError, match="summary.json: format_version is 2"):
        read_result_dir(good)
    with pytest.raises(ResultDirError, match="result directory not found"):
        read_result_dir(tmp_path / "nowhere")


def test_results_for_units_not_in_neo4j_are_refused(db, loaded, tmp_path):
    res = make_result_dir(tmp_path / "ghost", loaded, scenario="ghosts", extra_units=())
    text = (res / "units.csv").read_text(encoding="utf-8").replace("m:", "ghost:")
    (res / "units.csv").write_text(text, encoding="utf-8")
    with pytest.raises(ResultDirError, match="none of its 40 units is in Neo4j"):
        write_results(res, db)
    assert db.read("MATCH (r:SimulationRun {key: 'ghosts'}) RETURN count(r) AS c") == [{"c": 0}]


def test_embedded_simulation_results_need_a_result_dir(loaded):
    with pytest.raises(ValueError, match="pass results=DIR"):
        run_query("simulation-results", G=loaded)


def test_simulate_with_neo4j_flag_stores_the_result(db, loaded, tmp_path, neo4j_server):
    """`innosys simulate --neo4j` writes the real engine's result where the catalogue reads it."""
    out = tmp_path / "sim"
    r = CliRunner().invoke(main, ["simulate", "examples/scenarios/samveis_programme.toml", "--runs", "8",
                                  "--out", str(out), "--neo4j"], env=neo4j_server.env())
    assert r.exit_code == 0, r.output
    scenario = json.loads((out / "summary.json").read_text(encoding="utf-8"))["scenario"]
    neo = run_query("simulation-results", backend="neo4j", db=db, scenario=scenario)
    embedded = run_query("simulation-results", G=loaded, results=str(out))
    assert len(neo) > 0
    assert rows(embedded) == rows(neo)


def test_simulate_with_neo4j_flag_and_no_server_fails_clearly(tmp_path):
    out = tmp_path / "sim"
    r = CliRunner().invoke(main, ["simulate", "examples/scenarios/samveis_programme.toml", "--runs", "4",
                                  "--out", str(out), "--neo4j"],
                           env={"NEO4J_URI": "bolt://127.0.0.1:1", "NEO4J_PASSWORD": "secret-pw"})
    assert r.exit_code == 1
    assert "not to Neo4j" in r.output and "bolt://127.0.0.1:1" in r.output
    assert "secret-pw" not in r.output
    assert (out / "summary.json").exists()
