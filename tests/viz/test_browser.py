"""The three pages in real headless Chromium, opened from file://.

Every test checks that the page logs no console error, requests nothing but
file:// and data: URLs and opens no dialog; screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import pandas as pd
import pytest

from innosys.viz import diffusion_playback, network_data, network_explorer, scenario_report
from innosys.viz.palette import CATEGORY_COLOURS, NON_ADOPTER, STATE_COLOURS

from .conftest import HOSTILE

pytestmark = pytest.mark.browser


@pytest.fixture
def explorer(tmp_path, net_graph, visit):
    def make(**kw):
        path = network_explorer(net_graph, **kw).write(tmp_path / f"net-{len(kw)}.html")
        return visit(path)
    return make


def counts(v):
    return v.js("() => window.innosys.counts()")


def drawn_ids(v):
    return v.js("() => ({nodes: window.innosys.network.body.nodeIndices.slice().sort(),"
                " edges: window.innosys.network.body.edgeIndices.slice().sort()})")


def expected(G, **filters):
    d = network_data(G, **filters)
    return sorted(n["id"] for n in d["nodes"]), sorted(e["id"] for e in d["edges"])


# ---------------------------------------------------------------------------
# Network explorer
# ---------------------------------------------------------------------------

def test_explorer_draws_every_node_and_edge_offline(explorer, net_graph):
    v = explorer()
    c = counts(v)
    n_sources = sum(1 for _, k in net_graph.nodes(data="kind") if k == "Source")
    assert c["nodes"] == net_graph.number_of_nodes() - n_sources == 23
    assert c["edges"] == net_graph.number_of_edges() == 20
    assert c["drawnNodes"] == c["visibleNodes"] == c["nodes"]
    assert c["drawnEdges"] == c["visibleEdges"] == c["edges"]
    nodes, edges = expected(net_graph)
    assert drawn_ids(v) == {"nodes": nodes, "edges": edges}
    # stabilised, then frozen
    assert v.js("() => window.innosys.network.physics.physicsEnabled") is False
    assert v.js("() => document.documentElement.dataset.state") == "ready"
    # the legend lists exactly the kinds and relation types present
    kinds = v.js("() => Array.from(document.querySelectorAll('#kinds input')).map(i => i.value)")
    assert kinds == [k["name"] for k in network_data(net_graph)["kinds"]]
    assert "Municipality" in kinds and "Source" not in kinds
    v.screenshot("explorer-fixture.png")
    v.assert_clean()


def _set_kind(v, kind, on):
    box = v.page.locator(f"#kinds input[value='{kind}']")
    box.set_checked(on)


def test_explorer_filters_hide_what_they_should(explorer, net_graph):
    v = explorer()
    # actor kind: untick Municipality
    _set_kind(v, "Municipality", False)
    kinds = [k for k in {d["kind"] for _, d in net_graph.nodes(data=True)} if k not in ("Municipality", "Source")]
    nodes, edges = expected(net_graph, kind=kinds)
    assert drawn_ids(v) == {"nodes": nodes, "edges": edges}
    assert not any(n.startswith("m:") for n in drawn_ids(v)["nodes"])
    _set_kind(v, "Municipality", True)
    assert counts(v)["drawnNodes"] == 23

    # relation type: untick LOCATED_IN; nodes stay, its edges go
    v.page.locator("#relations input[value='LOCATED_IN']").set_checked(False)
    all_types = sorted({t for *_, t in net_graph.edges(data="type")})
    nodes, edges = expected(net_graph, relation=[t for t in all_types if t != "LOCATED_IN"])
    assert drawn_ids(v) == {"nodes": nodes, "edges": edges}
    assert counts(v)["drawnEdges"] == 20 - 5
    # ...and with "hide nodes without a visible relation" the counties drop out
    v.page.locator("#hide-isolated").check()
    assert "county:01" not in drawn_ids(v)["nodes"] and "auth" not in drawn_ids(v)["nodes"]
    v.page.locator("#reset").click()
    assert counts(v)["drawnEdges"] == 20 and counts(v)["drawnNodes"] == 23

    # Edquist activity 6 (networking): the two actors that perform it and the activity node
    v.page.select_option("#activity", "6")
    nodes, edges = expected(net_graph, activity=6)
    assert nodes == ["edquist:6", "m:0101", "org"]
    assert drawn_ids(v) == {"nodes": nodes, "edges": edges}
    v.page.select_option("#activity", "")

    # county: South County holds its municipality, the region, the anonymised municipality
    # located in that region, and the county authority with the county's number
    v.page.select_option("#county", "county:02")
    nodes, edges = expected(net_graph, county="county:02")
    assert nodes == ["auth", "county:02", "m:0201", "r:old", "tv:kommune-a"]
    assert drawn_ids(v) == {"nodes": nodes, "edges": edges}
    assert v.page.locator("#counts").text_content().startswith("Showing 5 of 23 nodes")
    v.screenshot("explorer-filtered.png")
    v.assert_clean()


def test_clicking_a_node_shows_its_properties_and_provenance(explorer):
    v = explorer()
    # a real mouse click on the node's position on the canvas
    xy = v.js("""() => { const net = window.innosys.network; const p = net.getPositions(['net']).net;
                 const d = net.canvasToDOM(p); const r = document.getElementById('network').getBoundingClientRect();
                 return [r.left + d.x, r.top + d.y]; }""")
    v.page.mouse.click(xy[0], xy[1])
    details = v.page.locator("#details")
    assert v.page.locator("#detail-title").text_content() == "Test Network"
    text = details.text_content()
    assert "Invented source for the visualisation tests (A. Author, Test University, 2021)" in text
    assert "31-32" in text and "interpreted" in text and "a note on the network" in text
    assert "tv.txt" in text
    # its relations are listed with their own provenance
    assert "MEMBER_OF" in text and "Nordby" in text and "tv:80 (stated)" in text
    v.screenshot("explorer-details.png")
    v.assert_clean()


def _node_xy(v, node_id):
    return v.js("""(id) => { const net = window.innosys.network; const d = net.canvasToDOM(net.getPositions([id])[id]);
                   const r = document.getElementById('network').getBoundingClientRect();
                   return [r.left + d.x, r.top + d.y]; }""", node_id)


def test_hostile_name_renders_as_text_and_runs_nothing(explorer):
    v = explorer()
    # the hover tooltip shows the name as text
    x, y = _node_xy(v, "evil")
    v.page.mouse.move(x - 30, y - 30)
    v.page.mouse.move(x, y, steps=5)
    v.page.wait_for_selector("div.vis-tooltip", state="visible")
    assert v.page.locator("div.vis-tooltip").inner_text().startswith(HOSTILE)
    v.page.fill("#search", "onerror")
    hit = v.page.locator("#search-results button")
    assert hit.count() == 1
    assert hit.first.text_content() == HOSTILE
    hit.first.click()
    assert v.page.locator("#detail-title").text_content() == HOSTILE
    assert "A company whose name tries <b>markup</b> & script" in v.page.locator("#details").text_content()
    assert v.js("() => document.querySelectorAll('img').length") == 0
    assert v.js("() => document.querySelectorAll('#details b').length") == 0
    v.page.wait_for_timeout(200)
    v.screenshot("explorer-hostile.png")
    v.assert_clean()


def test_an_empty_selection_still_makes_a_working_page(explorer):
    v = explorer(kind="Person")
    assert counts(v) == {"nodes": 0, "edges": 0, "visibleNodes": 0, "visibleEdges": 0, "drawnNodes": 0, "drawnEdges": 0}
    assert v.page.locator("#counts").text_content() == "Showing 0 of 0 nodes, 0 of 0 relations"
    v.assert_clean()


def test_search_finds_aliases(explorer):
    v = explorer()
    v.page.fill("#search", "sorstad")
    assert v.page.locator("#search-results button").all_text_contents() == ["Sørstad"]
    v.page.press("#search", "Enter")
    assert v.page.locator("#detail-title").text_content() == "Sørstad"
    assert v.js("() => window.innosys.network.getSelectedNodes()") == ["m:0201"]
    v.assert_clean()


def test_geographic_layout_places_municipalities_by_coordinates(explorer):
    v = explorer(geo=True)
    pos = v.js("() => window.innosys.positions()")
    north, south, west = pos["m:0101"], pos["m:0201"], pos["m:0102"]   # lat 69.5/lon 19.0, 59.1/10.2, 68.2/15.5
    assert north["y"] < west["y"] < south["y"]          # screen y grows southwards
    assert south["x"] < west["x"] < north["x"]          # x grows eastwards
    # the county lies amid its municipalities
    c1 = pos["county:01"]
    assert min(north["x"], west["x"]) - 60 < c1["x"] < max(north["x"], west["x"]) + 60
    v.screenshot("explorer-geo.png")
    # switching to the force layout runs the physics, then freezes again
    v.page.locator("input[name=layout][value=force]").check()
    v.page.wait_for_function("() => !window.innosys.network.physics.physicsEnabled && window.innosys.layout === 'force'")
    assert v.js("() => window.innosys.positions()")["m:0101"] != north
    v.assert_clean()


# ---------------------------------------------------------------------------
# Diffusion playback
# ---------------------------------------------------------------------------

def _state(row, t):
    def hit(col):
        return pd.notna(row[col]) and row[col] <= t
    if hit("discontinued_step"):
        return "discontinued"
    if hit("adopted_step"):
        return "adopted"
    if hit("rejected_step"):
        return "rejected"
    if hit("aware_step"):
        return "aware"
    return "unaware"


def _expected_colours(result_dir, t):
    traj = pd.read_csv(result_dir / "trajectory.csv", dtype={"unit_id": str}).set_index("unit_id")
    cats = pd.read_csv(result_dir / "units.csv", dtype={"unit_id": str}).set_index("unit_id")["category"]
    out = {}
    for uid, row in traj.iterrows():
        s = _state(row, t)
        cat = cats.get(uid)
        out[uid] = CATEGORY_COLOURS[cat] if s == "adopted" and cat != NON_ADOPTER else STATE_COLOURS[s]
    return out


def test_playback_counts_slider_colours_and_marker(tmp_path, result_dirs, visit):
    rd = result_dirs["base"]
    v = visit(diffusion_playback(rd).write(tmp_path / "play.html"))
    units = pd.read_csv(rd / "units.csv")
    edges = pd.read_csv(rd / "edges.csv")
    curves = pd.read_csv(rd / "curves.csv", dtype={"date": str})
    c = counts(v)
    assert c == {"nodes": len(units), "edges": len(edges), "drawnNodes": len(units), "drawnEdges": len(edges)}
    dataset_colours = "() => Object.fromEntries(window.innosys.nodes.get().map(n => [n.id, n.color.background]))"
    assert v.js(dataset_colours) == _expected_colours(rd, 0)
    assert v.js("() => window.innosys.marker()") == curves["date"].iloc[0]
    before = v.js(dataset_colours)

    last = int(curves["step"].max())
    v.page.locator("#slider").fill(str(last))
    assert v.js("() => window.innosys.step") == last
    after = v.js(dataset_colours)
    assert after == _expected_colours(rd, last)
    assert after != before
    assert v.js("() => window.innosys.marker()") == curves["date"].iloc[-1]
    assert v.page.locator("#step-label").text_content().endswith(curves["date"].iloc[-1])
    v.screenshot("playback-last-step.png")

    # play advances the step and moves the marker; pause stops it
    v.page.locator("#slider").fill("0")
    v.page.select_option("#speed", "4")
    v.page.locator("#play").click()
    v.page.wait_for_function("() => window.innosys.step >= 2")
    v.page.locator("#play").click()
    assert v.js("() => window.innosys.playing()") is False
    t = v.js("() => window.innosys.step")
    v.page.wait_for_timeout(500)
    assert v.js("() => window.innosys.step") == t
    assert v.js("() => window.innosys.marker()") == curves["date"].iloc[t]
    # adopters by state only (no categories)
    v.page.locator("#by-category").uncheck()
    v.page.locator("#slider").fill(str(last))
    plain = set(v.js(dataset_colours).values())
    assert plain <= set(STATE_COLOURS.values())
    v.assert_clean()


def test_playback_without_coordinates_lays_out_then_freezes(tmp_path, result_dirs, visit):
    import shutil

    d = shutil.copytree(result_dirs["hostile"], tmp_path / "nocoords")
    u = pd.read_csv(d / "units.csv", dtype=str, keep_default_na=False)
    u["latitude"] = ""
    u["longitude"] = ""
    u.to_csv(d / "units.csv", index=False)
    v = visit(diffusion_playback(d).write(tmp_path / "nocoords.html"))
    assert v.js("() => window.innosys.data.layout") == "force"
    assert v.js("() => window.innosys.network.physics.physicsEnabled") is False
    c = counts(v)
    assert c["drawnNodes"] == 30 and c["drawnEdges"] == c["edges"]
    v.assert_clean()


def test_playback_hostile_names_render_as_text(tmp_path, result_dirs, visit):
    v = visit(diffusion_playback(result_dirs["hostile"]).write(tmp_path / "hostile.html"))
    assert v.page.title().startswith(HOSTILE)
    assert v.page.locator("#page-title").text_content().startswith(HOSTILE)
    xy = v.js("""() => { const net = window.innosys.network; const d = net.canvasToDOM(net.getPositions(['u00']).u00);
                 const r = document.getElementById('network').getBoundingClientRect(); return [r.left + d.x, r.top + d.y]; }""")
    v.page.mouse.click(xy[0], xy[1])
    assert v.page.locator("#detail-title").text_content() == HOSTILE
    # chart labels from the CSV files are text as well
    assert HOSTILE in v.page.locator("#chans .ytick").all_text_contents()
    ticks = v.js("""() => Array.from(document.querySelectorAll('#cats .xtick text')).map(t =>
                    t.querySelectorAll('tspan.line').length
                      ? Array.from(t.querySelectorAll('tspan.line')).map(s => s.textContent).join(' ') : t.textContent)""")
    assert HOSTILE in ticks and "Early adopters" in ticks            # labels wrap onto two lines
    assert v.js("() => document.querySelectorAll('img').length") == 0
    v.screenshot("playback-hostile.png")
    v.assert_clean()


# ---------------------------------------------------------------------------
# Scenario report
# ---------------------------------------------------------------------------

def test_report_overlays_scenarios_and_tables(tmp_path, result_dirs, visit):
    dirs = [result_dirs["base"], result_dirs["fast"], result_dirs["hostile"]]
    v = visit(scenario_report(dirs).write(tmp_path / "report.html"))
    # three curves (mean + two band edges each), legend names as plain text
    assert v.js("() => document.getElementById('curves').data.length") == 9
    legend = v.js("() => Array.from(document.querySelectorAll('#curves .legendtext')).map(e => e.textContent)")
    assert legend == ["baseline", "campaign", HOSTILE]
    assert v.page.locator("#timing tbody tr").count() == 3 + 1          # + Rogers' expected row
    assert v.page.locator("#timing td.scenario .label").all_text_contents() == ["baseline", "campaign", HOSTILE]
    assert v.page.locator("#scenarios tbody tr").count() == 3
    # the base and fast runs share their units, so some differ; the table is ordered by spread
    spreads = v.page.locator("#units tbody tr td:nth-child(4)").all_text_contents()
    values = [float(s.split()[0]) for s in spreads]
    assert values and values == sorted(values, reverse=True)
    assert v.js("() => document.querySelectorAll('img').length") == 0
    v.screenshot("report.png", full_page=True)
    v.assert_clean()


def test_inline_display_in_a_notebook_works_inside_its_sandboxed_iframe(tmp_path, net_graph, browser):
    page = network_explorer(net_graph)
    host = tmp_path / "notebook.html"
    host.write_text("<!DOCTYPE html><html><body><h1>notebook</h1>" + page._repr_html_() + "</body></html>",
                    encoding="utf-8")
    ctx = browser.new_context(viewport={"width": 1400, "height": 900})
    tab = ctx.new_page()
    errors, requests = [], []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("request", lambda r: requests.append(r.url))
    tab.goto(host.as_uri())
    frame = tab.frames[1]
    frame.wait_for_function("() => window.innosys && window.innosys.ready === true", timeout=60_000)
    assert frame.evaluate("() => window.innosys.counts().drawnNodes") == 23
    assert tab.evaluate("() => window.innosys === undefined")          # the notebook's own page is untouched
    assert errors == []
    assert [u for u in requests if not u.startswith(("file:", "about:", "data:"))] == []
    ctx.close()
