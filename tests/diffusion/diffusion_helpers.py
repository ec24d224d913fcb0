"""Helpers for the diffusion tests: a small, valid data directory shaped like the innosys dataset."""

from __future__ import annotations

import csv
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _write(path: Path, header: list[str], rows: list[list]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def make_data_dir(root: Path) -> Path:
    """12 municipalities in two counties plus one anonymised one, KS, a county authority, a network,
    an ICT company, a programme, a consultancy, an event and one innovation with adoption data."""
    root.mkdir(parents=True, exist_ok=True)
    prov = ["ref:test", "stated"]
    _write(root / "sources.csv", ["id", "name", "source_kind", "title"],
           [["ref:test", "Test data", "reference", "Synthetic test data"]])
    actors = [
        ["county:01", "County", "Alpha", "", "", "", "", "", "", ""],
        ["county:02", "County", "Beta", "", "", "", "", "", "", ""],
    ]
    sizes = ["large", "medium", "small", "small", "small", "medium",
             "large", "small", "small", "medium", "small", "small"]
    pops = {"large": 80000, "medium": 12000, "small": 2500}
    for i in range(1, 13):
        lat = 59.0 + 0.1 * i
        lon = 6.0 + (0.2 * i if i <= 6 else 3 + 0.2 * i)
        actors.append([f"m:{i:04d}", "Municipality", f"Kommune {i}", f"{i:04d}", pops[sizes[i - 1]] + i,
                       f"{lat:.3f}", f"{lon:.3f}", sizes[i - 1], "", ""])
    actors += [
        ["t9:kommune-x", "Municipality", "Kommune X", "", "", "", "", "small", "true", ""],
        ["ks", "InterestOrganisation", "KS", "", "", "", "", "", "", ""],
        ["cty:01", "CountyAuthority", "Alpha fylkeskommune", "", "", "", "", "", "", "01"],
        ["net:alpha", "Network", "Alpha network", "", "", "", "", "", "", ""],
        ["ikt:beta", "IntermunicipalCompany", "Beta IKT", "", "", "", "", "", "", ""],
        ["prog:welfare", "Programme", "Welfare programme", "", "", "", "", "", "", ""],
        ["cons:x", "Consultancy", "Consult X", "", "", "", "", "", "", ""],
        ["ev:conf", "Event", "Annual conference", "", "", "", "", "", "", ""],
    ]
    _write(root / "actors.csv", ["id", "kind", "name", "municipality_number", "population", "latitude",
                                 "longitude", "size_class", "anonymised", "county_number", "source", "confidence"],
           [a + prov for a in actors])
    _write(root / "innovations.csv",
           ["id", "kind", "name", "innovation_type", "launched", "relative_advantage", "compatibility", "source",
            "confidence"],
           [["inn:tool", "Innovation", "Test tool", "tool", "2015-06", "0.7", "0.6", "ref:test", "interpreted"]])
    rel = []
    for i in range(1, 13):
        rel.append([f"m:{i:04d}", "LOCATED_IN", "county:01" if i <= 6 else "county:02"])
    rel += [["t9:kommune-x", "LOCATED_IN", "county:02"], ["cty:01", "LOCATED_IN", "county:01"]]
    rel += [[f"m:{i:04d}", "MEMBER_OF", "net:alpha"] for i in (1, 2, 3, 4)]
    rel += [[f"m:{i:04d}", "OWNS", "ikt:beta"] for i in range(7, 13)] + [["t9:kommune-x", "OWNS", "ikt:beta"]]
    rel += [["m:0002", "PARTICIPATES_IN", "prog:welfare"], ["m:0008", "PARTICIPATES_IN", "prog:welfare"]]
    rel += [["cons:x", "ADVISES", "m:0003"], ["cons:x", "ADVISES", "m:0005"]]
    rel += [[f"m:{i:04d}", "PARTICIPATES_IN", "ev:conf"] for i in (1, 6, 10)]
    rel += [["m:0001", "COLLABORATES_WITH", "m:0002"], ["m:0005", "COLLABORATES_WITH", "m:0007"],
            ["m:0003", "INSPIRED_BY", "m:0001"], ["ks", "ADVISES", "m:0001"]]
    _write(root / "relations.csv", ["from_id", "type", "to_id", "source", "confidence"], [r + prov for r in rel])
    _write(root / "adoptions.csv", ["adopter_id", "innovation_id", "status", "year_start", "source", "confidence"],
           [["m:0001", "inn:tool", "adopted", "2015", *prov], ["m:0002", "inn:tool", "adopted", "2016", *prov],
            ["m:0003", "inn:tool", "aware", "2016", *prov]])
    _write(root / "observations.csv", ["id", "subject_id", "metric", "value", "qualifier", "year", "innovation_id",
                                       "source", "confidence"],
           [["obs:1", "inn:tool", "adopting_municipalities_norway", "6", "at_least", "2018", "inn:tool", *prov]])
    return root


def write_scenario(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


BASE_SCENARIO = """
name = "fixture"
title = "Fixture scenario"

[innovation]
id = "inn:tool"

[time]
start = "2015-06"
steps = 12

[run]
runs = 40
seed = 5

[population]
anonymised = true      # the fixture's anonymised municipality takes part

[seeds]
adopters = ["m:0001"]

[channels.mass_media]
awareness = 0.2
adoption = 0.01

[channels.interpersonal]
layers = { relations = 1.0, network = 1.0, ict_company = 1.0, county = 0.5, proximity = 0.5 }
"""
