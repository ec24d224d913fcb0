"""Copy Kartverket's 2024 municipality and county boundaries into innosys's data directory, smaller.

Run once by maintainers when the reference boundaries change; the package never
reads ../shared at run time.

    python tools/build_boundaries.py ../shared/data/boundaries data/norway

Coordinates are rounded to 3 decimals (about 110 m north-south, 50 m east-west
in Norway: finer than a screen pixel on a map of the whole country) and points
that become repeats are dropped.  Arcs stay shared, so neighbouring
municipalities still meet exactly.  Only the number and name properties are
kept.  Provenance: data/README.md ("Boundaries").
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

FILES = {  # source file -> (shipped file, properties kept)
    "kommuner-2024-S.topojson": ("municipalities-2024.topojson", ("kommunenummer", "kommunenavn")),
    "fylker-2024-S.topojson": ("counties-2024.topojson", ("fylkesnummer", "fylkesnavn")),
}
DECIMALS = 3


def simplify_arc(arc: list[list[float]]) -> list[list[float]]:
    out: list[list[float]] = []
    for x, y in arc:
        p = [round(x, DECIMALS), round(y, DECIMALS)]
        if not out or p != out[-1]:
            out.append(p)
    if len(out) == 1:  # an arc needs two points even when it shrank to one
        out.append(list(out[0]))
    return out


def convert(src: Path, dst: Path, keep: tuple[str, ...]) -> None:
    topo = json.loads(src.read_text(encoding="utf-8"))
    if "transform" in topo:
        raise SystemExit(f"{src}: quantized TopoJSON is not expected here")
    topo["arcs"] = [simplify_arc(a) for a in topo["arcs"]]
    for obj in topo["objects"].values():
        for g in obj["geometries"]:
            g["properties"] = {k: g["properties"][k] for k in keep}
    topo["bbox"] = [round(v, DECIMALS) for v in topo["bbox"]]
    dst.write_text(json.dumps(topo, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")


def main(src_dir: str, out_dir: str) -> None:
    for name, (target, keep) in FILES.items():
        src, dst = Path(src_dir) / name, Path(out_dir) / target
        convert(src, dst, keep)
        print(f"{src} ({src.stat().st_size:,} bytes) -> {dst} ({dst.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main(*sys.argv[1:3])
