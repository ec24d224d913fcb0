"""Notebooks: inline display of results and pages, and the two example notebooks run on a real kernel."""

from __future__ import annotations

import html
from pathlib import Path

import nbformat
import networkx as nx
import pytest
from nbclient import NotebookClient

from innosys.diffusion import compare, scenario_from_dict, simulate, sweep
from innosys.viz import diffusion_playback, network_explorer, show
from innosys.viz.notebook import iframe_html

from .conftest import HOSTILE

NOTEBOOKS = Path(__file__).resolve().parents[2] / "examples" / "notebooks"
SMALL = {"planner.ipynb": "RUNS = 12\nWORKERS = 1", "researcher.ipynb": "NEO4J = False"}


def _scenario(title=HOSTILE):
    return scenario_from_dict({
        "name": "tiny", "title": title,
        "innovation": {"name": "Demo tool", "relative_advantage": 0.7},
        "time": {"start": "2020-01", "step": "quarter", "steps": 8},
        "run": {"runs": 8, "seed": 7}, "seeds": {"adopters": ["0"]},
        "channels": {"mass_media": {"awareness": 0.1, "adoption": 0.01},
                     "interpersonal": {"layers": {"graph": 1.0}, "adoption": 0.3}}})


def test_results_show_as_escaped_summary_tables():
    G = nx.karate_club_graph()
    res = simulate(_scenario(), G)
    text = res._repr_html_()
    assert text.startswith('<table class="innosys-summary">')
    assert html.escape(HOSTILE) in text and HOSTILE not in text
    assert "<td>34</td>" in text and "<td>8</td>" in text          # units, runs
    sw = sweep(_scenario(), {"innovation.relative_advantage": [0.3, 0.6]}, G)
    assert "sweep over innovation.relative_advantage: 2 combinations" in sw._repr_html_()
    assert sw._repr_html_().count("</tr>") == 3                  # header + 2 combinations
    cmp = compare([_scenario(), _scenario("other")], G)
    assert "comparison of 2 scenarios" in cmp._repr_html_() and "diff_final_share_mean" in cmp._repr_html_()


def test_show_outside_a_notebook_returns_the_frame(result_dirs):
    page = diffusion_playback(result_dirs["hostile"])
    shown = show(page, height=500)
    frame = shown._repr_html_()
    assert frame == iframe_html(page, 500) == page._repr_html_().replace("720px", "500px")
    assert 'sandbox="allow-scripts"' in frame and "allow-same-origin" not in frame
    assert HOSTILE not in frame                                   # the whole page is an escaped attribute


@pytest.mark.browser
def test_inline_frame_runs_the_page_offline(tmp_path, result_dirs, browser):
    """A notebook-like host page holding show()'s frames: the pages inside become ready, fetching nothing."""
    host = tmp_path / "host.html"
    host.write_text("<!DOCTYPE html><meta charset='utf-8'><title>notebook</title><div class='output'>"
                    + iframe_html(diffusion_playback(result_dirs["hostile"]), 600)
                    + iframe_html(network_explorer(kind="County"), 400) + "</div>", encoding="utf-8")
    ctx = browser.new_context(viewport={"width": 1200, "height": 900})
    try:
        page, requests, errors = ctx.new_page(), [], []
        page.on("request", lambda r: requests.append(r.url))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(host.as_uri())
        frames = [f for f in page.frames if f != page.main_frame]
        assert len(frames) == 2
        for f in frames:
            f.wait_for_function("() => window.innosys && window.innosys.ready === true", timeout=60_000)
        assert frames[0].evaluate("() => document.getElementById('page-title').textContent").startswith(HOSTILE)
        assert frames[1].evaluate("() => window.innosys.counts().nodes") == 15
        # sandboxed: the frame cannot reach the notebook's document
        assert frames[0].evaluate(
            "() => { try { return window.parent.document.title; } catch (e) { return 'blocked'; } }") == "blocked"
        assert [u for u in requests if not u.startswith(("file:", "data:", "about:"))] == []
        assert errors == []
    finally:
        ctx.close()


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SMALL))
def test_example_notebook_runs_on_a_real_kernel(name, tmp_path):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    # stored without outputs
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{name}: stored with outputs"
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1
    params[0].source = SMALL[name]
    # a cell that raises fails the test (CellExecutionError)
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    html_out = [o["data"].get("text/html", "") for c in nb.cells if c.cell_type == "code"
                for o in c.outputs if o.get("output_type") in ("display_data", "execute_result")]
    frames = [h for h in html_out if h.startswith("<iframe")]
    if name == "planner.ipynb":
        assert len(frames) == 2                                    # playback and report
        assert "Kartverket" in frames[0] and "Kartverket" in frames[1]
        assert any("innosys simulation result" in h for h in html_out)
        assert any("innosys comparison of 2 scenarios" in h for h in html_out)
        assert any("innosys sweep over innovation.relative_advantage: 3 combinations" in h for h in html_out)
    else:
        assert len(frames) == 1 and "network explorer" in frames[0]
        assert any("brokerage" in h for h in html_out)
