"""network_data: what goes into the explorer, with filters, sizes, positions and provenance."""

from __future__ import annotations

import pytest

from innosys.viz import network_data, network_explorer
from innosys.viz.network import node_counties, resolve_activity, resolve_county
from innosys.viz.palette import KIND_STYLES

from .conftest import HOSTILE


def ids(d):
    return sorted(n["id"] for n in d["nodes"])


def test_defaults_leave_out_sources_only(net_graph):
    d = network_data(net_graph)
    kinds = {n["kind"] for n in d["nodes"]}
    assert "Source" not in kinds
    assert len(d["nodes"]) == net_graph.number_of_nodes() - 2
    assert len(d["edges"]) == net_graph.number_of_edges()
    assert d["counts"] == {"nodes": 23, "edges": 20}
    assert network_data(net_graph, kind="Source")["counts"]["nodes"] == 2


def test_counties_follow_located_in_regions_and_county_numbers(net_graph):
    c = node_counties(net_graph)
    assert c["m:0101"] == "county:01"
    assert c["county:02"] == "county:02"
    assert c["tv:kommune-a"] == "county:02"      # via the region it lies in
    assert c["auth"] == "county:02"              # county authority by county_number
    assert c["org"] is None


def test_filters_combine(net_graph):
    assert ids(network_data(net_graph, county="South County")) == ["auth", "county:02", "m:0201", "r:old",
                                                                    "tv:kommune-a"]
    assert ids(network_data(net_graph, activity="networking")) == ["edquist:6", "m:0101", "org"]
    both = network_data(net_graph, kind=["Municipality"], county="01")
    assert ids(both) == ["m:0101", "m:0102"] and both["edges"] == []
    rel = network_data(net_graph, relation="MEMBER_OF")
    assert {e["type"] for e in rel["edges"]} == {"MEMBER_OF"} and len(rel["edges"]) == 3
    assert len(rel["nodes"]) == 23                                # nodes stay, as in the page


def test_unknown_filter_values_are_clear_errors(net_graph):
    with pytest.raises(ValueError, match="unknown node kind.*'Munic'"):
        network_data(net_graph, kind="Munic")
    with pytest.raises(ValueError, match="unknown relation type.*'KNOWS'"):
        network_data(net_graph, relation="KNOWS")
    with pytest.raises(ValueError, match="unknown Edquist activity '11'"):
        network_data(net_graph, activity=11)
    with pytest.raises(ValueError, match="unknown county 'Atlantis'.*county:01 \\(North County\\)"):
        network_data(net_graph, county="Atlantis")
    with pytest.raises(ValueError, match="unknown size measure"):
        network_data(net_graph, size_by="pagerank")


def test_resolvers():
    assert resolve_activity("5") == resolve_activity("organisations") == resolve_activity("edquist:5") == 5


def test_resolve_county_by_id_number_and_name(net_graph):
    assert resolve_county(net_graph, "county:01") == resolve_county(net_graph, "1") == "county:01"
    assert resolve_county(net_graph, "south county") == "county:02"


def test_sizes_grow_with_degree(net_graph):
    d = network_data(net_graph)
    size = {n["id"]: n["size"] for n in d["nodes"]}
    deg = {n: net_graph.degree(n) for n in size}
    hub = max(deg, key=deg.get)
    assert size[hub] == max(size.values())
    assert size["edquist:3"] == min(size.values())           # performed by nobody: degree 0
    b = network_data(net_graph, size_by="betweenness")
    assert {n["id"] for n in b["nodes"]} == set(size) and b["sizeBy"] == "betweenness"


def test_nodes_carry_properties_and_provenance(net_graph):
    d = network_data(net_graph)
    node = {n["id"]: n for n in d["nodes"]}
    assert node["net"]["prov"] == {"source": "tv", "lines": "31-32", "confidence": "interpreted",
                                   "note": "a note on the network"}
    assert node["m:0201"]["props"]["population"] == 80000
    assert node["m:0201"]["props"]["aliases"] == "Sorstad"
    assert node["evil"]["label"] == HOSTILE
    assert d["sources"]["tv"]["title"] == "Invented source for the visualisation tests"
    edge = next(e for e in d["edges"] if e["type"] == "MEMBER_OF" and e["from"] == "m:0101")
    assert edge["prov"] == {"source": "tv", "lines": "80", "confidence": "stated"}
    assert edge["props"]["weight"] == 0.5


def test_parallel_edges_get_distinct_bends(net_graph):
    d = network_data(net_graph)
    pair = sorted(e["bend"] for e in d["edges"] if {e["from"], e["to"]} == {"org", "m:0201"})
    assert pair == [0, 1]


def test_legend_entries_come_from_the_palette_in_schema_order(net_graph):
    d = network_data(net_graph)
    names = [k["name"] for k in d["kinds"]]
    assert names == [k for k in KIND_STYLES if k in names]
    for k in d["kinds"]:
        assert k["colour"] == KIND_STYLES[k["name"]].colour
    assert sum(k["count"] for k in d["kinds"]) == len(d["nodes"])
    assert sum(r["count"] for r in d["relations"]) == len(d["edges"])


def test_geo_positions_follow_coordinates(net_graph):
    d = network_data(net_graph, geo=True)
    assert d["layout"] == "geo" and d["geoCount"] == 3
    pos = {n["id"]: (n["gx"], n["gy"]) for n in d["nodes"]}
    assert pos["m:0101"][1] < pos["m:0201"][1]       # north is up
    assert pos["m:0201"][0] < pos["m:0101"][0]       # east is right
    assert len(set(pos.values())) == len(pos)         # nobody sits on anybody


def test_same_input_same_page(net_graph):
    assert network_explorer(net_graph).html == network_explorer(net_graph).html


def test_explorer_embeds_the_hostile_name_only_escaped(net_graph):
    page = network_explorer(net_graph)
    assert HOSTILE not in page.html
    assert "\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e" in page.html
    assert page.info == {"nodes": 23, "edges": 20}
