"""The exploration page in real headless Chromium: charts drawn, offline, hostile names shown as text."""

from __future__ import annotations

import networkx as nx
import pytest

from innosys.diffusion import scenario_from_dict
from innosys.explore import explore

from .conftest import HOSTILE

pytestmark = pytest.mark.browser

VARY = ["channels.word.adoption=0.02:0.6", "channels.radio.awareness=0.005:0.3:log", "adoption.reconsider=0.01:0.5"]


def _scenario():
    return scenario_from_dict({
        "name": "hostile", "title": HOSTILE + " & \u2028 'quoted'",
        "description": HOSTILE,
        "innovation": {"name": HOSTILE}, "time": {"start": "2020-01", "steps": 12},
        "run": {"runs": 8, "seed": 5}, "seeds": {"adopters": ["0"]},
        "channels": {"word": {"type": "interpersonal", "layers": {"graph": 1.0}, "adoption": 0.2},
                     "radio": {"type": "mass_media", "awareness": 0.05, "adoption": 0.01}}})


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    root = tmp_path_factory.mktemp("explore")
    G = nx.karate_club_graph()
    sobol = explore(_scenario(), VARY, samples=16, outcomes=["final_share", "t50"], target="final_share>=0.6",
                    scheduler="none", data=G, out=root / "sobol")
    morris = explore(_scenario(), VARY, method="morris", samples=6, outcomes=["final_share"],
                     scheduler="none", data=G, out=root / "morris")
    return {"sobol": (sobol, root / "sobol" / "explore.html"), "morris": (morris, root / "morris" / "explore.html")}


def test_sobol_page_draws_indices_scatter_and_prim_offline(pages, visit):
    ex, path = pages["sobol"]
    v = visit(path)
    v.assert_clean()
    c = v.js("() => window.innosys.counts()")
    assert c == {"parameters": 3, "outcomes": 2, "points": 128, "sobolCharts": 2, "morrisCharts": 0,
                 "scatterCharts": 2, "primBoxes": int(ex.prim_boxes["box"].nunique())}
    assert c["primBoxes"] >= 1
    drawn = v.js("() => ({sobol: document.querySelectorAll('#sobol .js-plotly-plot').length,"
                 " scatter: document.querySelectorAll('#scatter .js-plotly-plot').length,"
                 " prim: document.querySelectorAll('#prim.js-plotly-plot').length,"
                 " bars: document.querySelectorAll('#sobol .trace.bars .point').length,"
                 " points: document.querySelectorAll('#scatter .scatterlayer .point').length})")
    assert drawn["sobol"] == 2 and drawn["scatter"] == 2 and drawn["prim"] == 1
    assert drawn["bars"] == 2 * 2 * 3            # S1 and ST for 3 parameters, 2 outcomes
    assert drawn["points"] == 2 * 3 * 128        # every point in every panel
    # S1/ST with their confidence intervals, straight from the DataFrame
    fig = v.js("() => window.innosys.data.figures.sobol[0].data")
    s = ex.sobol[ex.sobol["outcome"] == "final_share"]
    assert fig[1]["y"] == pytest.approx(list(s["ST"])) and fig[1]["error_y"]["array"] == pytest.approx(list(s["ST_conf"]))
    # PRIM table: one row per restricted parameter
    assert v.js("() => document.querySelectorAll('#prim-boxes tbody tr').length") == len(ex.prim_boxes)
    # hostile text arrives as text
    assert HOSTILE in v.js("() => document.getElementById('page-title').textContent")
    assert HOSTILE in v.js("() => document.getElementById('scenario-text').textContent")
    assert v.js("() => document.querySelectorAll('img').length") == 0
    v.screenshot("explore-sobol.png", full_page=True)


def test_morris_page_draws_mu_star_sigma(pages, visit):
    ex, path = pages["morris"]
    v = visit(path)
    v.assert_clean()
    c = v.js("() => window.innosys.counts()")
    assert c["morrisCharts"] == 1 and c["sobolCharts"] == 0 and c["primBoxes"] == 0
    pts = v.js("() => document.querySelectorAll('#morris .scatterlayer .point').length")
    assert pts == 3
    fig = v.js("() => window.innosys.data.figures.morris[0].data[0]")
    assert fig["x"] == pytest.approx(list(ex.morris["mu_star"])) and fig["y"] == pytest.approx(list(ex.morris["sigma"]))
    assert "Not computed" in v.js("() => document.getElementById('sobol-section').textContent")
    assert v.js("() => document.getElementById('prim') === null")
