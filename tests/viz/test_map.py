"""The map of Norway on the pages: shipped boundaries, playback, report choropleths, explorer outlines.

Browser tests open the pages in real headless Chromium (file://) and check
that nothing is fetched, that exactly the 357 municipalities are drawn and that
the colours are the ones the result files imply.
"""

from __future__ import annotations

import pandas as pd
import pytest
from plotly.colors import sample_colorscale

from innosys.graph import load_graph
from innosys.viz import diffusion_playback, geo, network_explorer, scenario_report
from innosys.viz.choropleth import NO_VALUE
from innosys.viz.palette import STATE_COLOURS

from .conftest import HOSTILE, OSLO
from .test_browser import _expected_colours

# ---------------------------------------------------------------------------
# Data (no browser)
# ---------------------------------------------------------------------------

def test_shipped_boundaries_cover_exactly_the_dataset_municipalities():
    G = load_graph()
    municipalities = {n for n, k in G.nodes(data="kind") if k == "Municipality" and n.startswith("m:")}
    m = geo.map_data()
    ids = [s["id"] for s in m["shapes"]]
    assert len(ids) == len(set(ids)) == 357
    assert set(ids) == municipalities
    assert all(s["d"].startswith("M") and s["d"].endswith("z") for s in m["shapes"])
    assert {c["id"] for c in m["counties"]} == {n for n, k in G.nodes(data="kind") if k == "County"}
    # every shape lies on the canvas
    for s in m["shapes"][:20]:
        x, y = (int(v) for v in s["d"][1:].split("l")[0].split())
        assert 0 <= x <= m["width"] and 0 <= y <= m["height"]
    # Oslo's point falls inside the canvas, east of Bergen and south of Tromsø
    point = geo.norway_map()["point"]
    oslo, bergen, tromso = point(59.91, 10.75), point(60.39, 5.32), point(69.65, 18.96)
    assert oslo[0] > bergen[0] and oslo[1] > tromso[1]


def test_pages_without_polygons_say_so(result_dirs):
    page = diffusion_playback(result_dirs["hostile"])
    assert page.info["shapes"] == 0
    assert "No map: 30 of 30 units have no municipality boundaries" in page.html
    report = scenario_report([result_dirs["base"], result_dirs["fast"]])
    assert "No maps:" in report.html and "Kartverket" not in report.html


def test_nationwide_pages_credit_kartverket(nationwide):
    page = diffusion_playback(nationwide["base"])
    assert page.info["shapes"] == 357
    assert "© Kartverket" in page.html and "vis-network" not in page.html[:200_000]
    assert "© Kartverket" in scenario_report([nationwide["base"], nationwide["push"]]).html
    assert "© Kartverket" in network_explorer(kind=["Municipality", "County"], geo=True).html


# ---------------------------------------------------------------------------
# Browser
# ---------------------------------------------------------------------------

FILLS = "() => Object.fromEntries(Array.from(document.querySelectorAll('#network path.muni')).map(p => [p.dataset.id, p.getAttribute('fill')]))"


@pytest.mark.browser
def test_playback_map_colours_each_municipality_by_its_state(tmp_path, nationwide, visit):
    rd = nationwide["base"]
    v = visit(diffusion_playback(rd).write(tmp_path / "play.html"))
    c = v.js("() => window.innosys.counts()")
    assert c["shapes"] == c["nodes"] == c["drawnNodes"] == 357
    assert v.js("() => document.querySelectorAll('svg path.muni').length") == 357
    assert v.js("() => typeof vis") == "undefined"          # the map view needs no network library
    assert "© Kartverket" in v.page.locator("#map-note").text_content()

    assert v.js(FILLS) == _expected_colours(rd, 0)
    t = 12
    v.page.locator("#slider").fill(str(t))
    fills = v.js(FILLS)
    expected = _expected_colours(rd, t)
    assert fills == expected
    assert len(set(fills.values())) >= 3                     # the step shows several states
    # a sampled municipality: its colour is its state in trajectory.csv at that step
    traj = pd.read_csv(rd / "trajectory.csv", dtype={"unit_id": str}).set_index("unit_id")
    sample = next(u for u, row in traj.iterrows() if pd.notna(row["aware_step"]) and row["aware_step"] <= t
                  and not (pd.notna(row["adopted_step"]) and row["adopted_step"] <= t))
    assert v.js("id => document.querySelector(`path.muni[data-id='${id}']`).getAttribute('fill')", sample) in (
        STATE_COLOURS["aware"], STATE_COLOURS["rejected"], STATE_COLOURS["discontinued"])
    assert fills[sample] == expected[sample]
    # without the category switch adopters take the plain "adopted" colour
    v.page.locator("#by-category").uncheck()
    assert set(v.js(FILLS).values()) <= set(STATE_COLOURS.values())

    # hover details: the title names the municipality and its state (as text)
    title = v.js(f"() => document.querySelector(\"path.muni[data-id='{OSLO}'] title\").textContent")
    assert title.startswith(HOSTILE) and "state:" in title
    # the ties are an overlay, off by default
    assert c["drawnEdges"] == 0
    v.page.locator("#show-ties").check()
    assert v.js("() => window.innosys.counts().drawnEdges") == len(pd.read_csv(rd / "edges.csv"))
    # clicking a municipality shows its details
    v.page.locator(f"path.muni[data-id='{OSLO}']").click(force=True)
    assert v.page.locator("#detail-title").text_content() == HOSTILE
    v.screenshot("playback-map.png")
    v.assert_clean()


@pytest.mark.browser
def test_playback_hostile_scenario_title_stays_text(tmp_path, nationwide, visit):
    v = visit(diffusion_playback(nationwide["base"]).write(tmp_path / "hostile-map.html"))
    assert v.page.title().startswith(HOSTILE)
    assert v.page.locator("#page-title").text_content() == HOSTILE + " & co"
    assert v.js("() => document.querySelectorAll('img').length") == 0
    v.assert_clean()


@pytest.mark.browser
def test_report_choropleths(tmp_path, nationwide, visit):
    rd = [nationwide["base"], nationwide["push"]]
    v = visit(scenario_report(rd).write(tmp_path / "report.html"))
    kinds = v.js("() => Array.from(document.querySelectorAll('#maps figure')).map(f => f.dataset.kind)")
    assert kinds == ["probability", "date", "probability", "date", "difference"]
    per_panel = v.js("() => Array.from(document.querySelectorAll('#maps figure')).map(f => f.querySelectorAll('path.muni').length)")
    assert per_panel == [357] * 5
    captions = v.js("() => Array.from(document.querySelectorAll('#maps figcaption')).map(c => c.textContent)")
    assert captions[2] == f"{HOSTILE}: adoption probability"              # a hostile scenario name stays text
    assert captions[4] == f"{HOSTILE} − baseline: adoption probability"
    assert v.js("() => document.querySelectorAll('img').length") == 0
    credits = v.js("() => Array.from(document.querySelectorAll('#maps figure .credit')).map(c => c.textContent)")
    assert credits == ["© Kartverket"] * 5
    assert "© Kartverket" in v.page.locator("#maps-note").text_content()

    def fill(panel, uid):
        return v.js("([k, id]) => document.querySelectorAll('#maps figure')[k]"
                    ".querySelector(`path.muni[data-id='${id}']`).getAttribute('fill')", [panel, uid])

    base = pd.read_csv(rd[0] / "units.csv", dtype={"unit_id": str}).set_index("unit_id")
    push = pd.read_csv(rd[1] / "units.csv", dtype={"unit_id": str}).set_index("unit_id")
    for uid in (OSLO, "m:4601", "m:5501"):
        assert fill(0, uid) == sample_colorscale("Blues", [base.at[uid, "adoption_probability"]])[0]
        assert fill(2, uid) == sample_colorscale("Blues", [push.at[uid, "adoption_probability"]])[0]
    never = base.index[base["median_step"].isna()]
    if len(never):
        assert fill(1, never[0]) == NO_VALUE
    # the difference map: the municipality that gains most is the bluest, one that loses is red
    diff = push["adoption_probability"] - base["adoption_probability"]
    top = diff.idxmax()
    bound = max(0.05, diff.abs().max())
    assert fill(4, top) == sample_colorscale("RdBu", [0.5 + diff[top] / (2 * bound)])[0]
    v.screenshot("report-maps.png", full_page=True)
    v.assert_clean()


@pytest.mark.browser
def test_explorer_geographic_layout_draws_county_outlines(tmp_path, visit):
    page = network_explorer(kind=["Municipality", "County"], geo=True)
    v = visit(page.write(tmp_path / "explorer-geo.html"))
    assert v.js("() => window.innosys.outlinesDrawn") > 0
    assert v.page.locator("#map-credit").is_visible()
    # the force layout draws no outlines and shows no credit
    v.page.locator("input[name=layout][value=force]").check()
    v.page.wait_for_function("() => window.innosys.layout === 'force' && window.innosys.ready")
    v.page.wait_for_function("() => document.getElementById('map-credit').hidden", timeout=20_000)
    drawn = v.js("() => window.innosys.outlinesDrawn")
    v.js("() => window.innosys.network.redraw()")
    assert v.js("() => window.innosys.outlinesDrawn") == drawn
    v.screenshot("explorer-geo-outlines.png")
    v.assert_clean()
