"""The visualisations read what the real diffusion engine writes (format_version 1)."""

from __future__ import annotations

import pandas as pd
import pytest

from innosys.diffusion import scenario_from_dict, simulate, write_results
from innosys.viz import diffusion_playback, read_result, scenario_report
from innosys.viz.results import TABLE_COLUMNS


def _scenario(name: str, media: float) -> dict:
    return {
        "name": name, "title": f"Fixture run: {name}",
        "innovation": {"id": "inn:tool", "relative_advantage": 0.7},
        "time": {"start": "2020-01", "step": "quarter", "steps": 12},
        "run": {"runs": 40, "seed": 7},
        "population": {"kinds": ["Municipality"], "anonymised": True},
        "seeds": {"random_adopters": 1},
        "channels": {"media": {"type": "mass_media", "awareness": media, "adoption": 0.05},
                     "peers": {"type": "interpersonal", "adoption": 0.3,
                               "layers": {"relations": 1.0, "network": 1.0, "county": 1.0}}},
    }


@pytest.fixture(scope="module")
def engine_results(tmp_path_factory, net_graph):
    root = tmp_path_factory.mktemp("engine")
    out = []
    for name, media in (("slow", 0.05), ("fast", 0.4)):
        res = simulate(scenario_from_dict(_scenario(name, media)), net_graph)
        write_results(res, root / name)
        out.append(root / name)
    return out


def test_engine_output_reads_as_format_version_1(engine_results):
    for d in engine_results:
        r = read_result(d)
        for table, cols in TABLE_COLUMNS.items():
            assert set(cols) <= set(r.tables[table].columns), table
        assert set(r.units["unit_id"]) == {"m:0101", "m:0102", "m:0201", "tv:kommune-a"}


def test_engine_output_makes_all_pages(engine_results):
    play = diffusion_playback(engine_results[0])
    edges = pd.read_csv(engine_results[0] / "edges.csv")
    pairs = {(min(s, t), max(s, t), layer) for s, t, layer in edges[["source", "target", "layer"]].itertuples(index=False)}
    assert play.info["nodes"] == 4 and play.info["edges"] == len(pairs)
    rep = scenario_report(engine_results)
    assert rep.info["scenarios"] == 2


@pytest.mark.browser
def test_engine_playback_in_the_browser(tmp_path, engine_results, visit):
    v = visit(diffusion_playback(engine_results[1]).write(tmp_path / "engine.html"))
    c = v.js("() => window.innosys.counts()")
    assert c["drawnNodes"] == 4 and c["drawnEdges"] == c["edges"] > 0
    v.page.locator("#slider").fill("12")
    assert v.js("() => window.innosys.stateCounts().states.unaware") < 4
    v.assert_clean()


def test_pages_from_an_in_memory_result_equal_pages_from_its_directory(tmp_path, net_graph):
    """A Python user can draw pages straight from simulate(): same page as from the written directory."""
    res = simulate(scenario_from_dict(_scenario("memory", 0.2)), net_graph)
    d = write_results(res, tmp_path / "memory")
    assert diffusion_playback(res).html == diffusion_playback(d).html
    # the report names each result's directory; an in-memory result has none and shows its name
    assert scenario_report([res]).html == scenario_report([d]).html.replace(str(d), "memory")
