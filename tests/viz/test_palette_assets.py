"""The palette covers the schema; the pages inline their libraries and reference nothing online."""

from __future__ import annotations

import re

import pytest

from innosys import schema
from innosys.viz import assets, network_explorer, palette
from innosys.viz.results import STATES


def test_every_schema_kind_and_relation_type_has_a_style():
    assert list(palette.KIND_STYLES) == list(schema.NODE_KINDS)
    assert list(palette.RELATION_STYLES) == list(schema.RELATION_TYPES)
    assert set(palette.CATEGORY_COLOURS) == {*schema.ADOPTER_CATEGORY_KEYS, palette.NON_ADOPTER}
    assert list(palette.STATE_COLOURS) == list(STATES)


def test_kind_colours_are_distinct_and_shapes_follow_the_schema():
    colours = [s.colour for s in palette.KIND_STYLES.values()]
    assert len(set(colours)) == len(colours)
    for name, kind in schema.NODE_KINDS.items():
        shape = palette.KIND_STYLES[name].shape
        if kind.is_actor:
            assert shape == "dot"
        elif name in schema.INNOVATION_KINDS:
            assert shape == "diamond"
    for name, rel in schema.RELATION_TYPES.items():
        style = palette.RELATION_STYLES[name]
        assert style.arrows is (not rel.symmetric)
        assert bool(style.dashes) is (rel.table != "relations")
    assert len(set(palette.CATEGORY_COLOURS.values())) == len(palette.CATEGORY_COLOURS)
    assert len(set(palette.STATE_COLOURS.values())) == len(palette.STATE_COLOURS)


def test_hex_to_rgba():
    assert palette.hex_to_rgba("#0067a5", 0.25) == "rgba(0,103,165,0.25)"


def test_vis_network_is_read_from_the_installed_pyvis():
    import pyvis

    for name in ("vis-network.min.js", "vis-network.css"):
        path = assets.vis_path(name)
        assert path.is_relative_to(__import__("pathlib").Path(pyvis.__file__).parent)
    assert "vis-network" in assets.vis_js()[:300] and assets.VIS_VERSION in assets.vis_js()[:300]
    assert assets.vis_css() == assets.vis_path("vis-network.css").read_text(encoding="utf-8")


def test_plotly_is_read_from_the_installed_package():
    import plotly

    path = assets.plotly_js_path()
    assert path.is_relative_to(__import__("pathlib").Path(plotly.__file__).parent)
    assert assets.plotly_js() == path.read_text(encoding="utf-8")
    assert "plotly.js" in assets.plotly_js()[:200]


@pytest.fixture(scope="module")
def explorer_html(net_graph):
    return network_explorer(net_graph).html


def test_page_has_no_external_reference(explorer_html):
    # no element may load anything: no src/href to a URL, no <link>, no @import
    assert not re.search(r"<(script|img|iframe|link)[^>]+(src|href)\s*=", explorer_html, flags=re.I)
    assert "<link" not in explorer_html.lower()
    assert "@import" not in explorer_html
    assert assets.vis_js()[:2000] in explorer_html
    assert "cdn" not in re.sub(r"<script>.*?</script>|<style>.*?</style>", "", explorer_html, flags=re.S).lower()
