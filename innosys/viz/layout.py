"""Geographic positions for drawing: nodes with coordinates where they lie, the rest near their ties.

>>> pos = geo_positions(["oslo", "bergen", "ks"],
...                     {"oslo": (59.91, 10.75), "bergen": (60.39, 5.32)},
...                     {"ks": ["oslo", "bergen"]})
>>> pos["oslo"][0] > pos["bergen"][0]          # Oslo lies east of Bergen
True
>>> min(pos["oslo"][0], pos["bergen"][0]) < pos["ks"][0] < max(pos["oslo"][0], pos["bergen"][0])
True
"""

from __future__ import annotations

import math
import zlib
from collections import deque
from collections.abc import Iterable, Mapping

#: Pixels per degree of latitude.
SCALE = 240.0


def project(lat: float, lon: float, ref_lat: float) -> tuple[float, float]:
    """Equirectangular projection around ``ref_lat``: x grows east, y grows south (screen)."""
    return lon * math.cos(math.radians(ref_lat)) * SCALE, -lat * SCALE


def reference_latitude(coords: Mapping[str, tuple[float, float]]) -> float:
    """The latitude :func:`geo_positions` projects around: the mean of the known points (60° if none)."""
    return sum(lat for lat, _ in coords.values()) / len(coords) if coords else 60.0


def _offset(node_id: str, radius: float) -> tuple[float, float]:
    angle = (zlib.crc32(node_id.encode("utf-8")) % 3600) / 3600 * 2 * math.pi
    return radius * math.cos(angle), radius * math.sin(angle)


def geo_positions(nodes: Iterable[str], coords: Mapping[str, tuple[float, float]],
                  neighbours: Mapping[str, Iterable[str]], rounds: int = 3,
                  spacing: float = 60.0) -> dict[str, tuple[float, float]]:
    """Screen positions (x, y) for ``nodes``.

    Nodes with ``coords`` (latitude, longitude) are projected.  A node without
    them goes to the mean position of its already placed ``neighbours``
    (repeated ``rounds`` times, so a county lands amid its municipalities and a
    national actor amid its partners), nudged by a small offset derived from
    its id so that such nodes do not cover each other.  Nodes that are still
    unplaced are set out in a grid west of the map.  Same input, same output.
    """
    nodes = list(nodes)
    known = {n: coords[n] for n in nodes if n in coords}
    ref = reference_latitude(known)
    pos = {n: project(lat, lon, ref) for n, (lat, lon) in known.items()}
    for _ in range(rounds):
        placed = {}
        for n in nodes:
            if n in pos:
                continue
            near = [pos[m] for m in neighbours.get(n, ()) if m in pos and m != n]
            if near:
                x = sum(p[0] for p in near) / len(near)
                y = sum(p[1] for p in near) / len(near)
                dx, dy = _offset(n, spacing * 0.6)
                placed[n] = (x + dx, y + dy)
        if not placed:
            break
        pos.update(placed)
    rest = [n for n in nodes if n not in pos]
    if rest:
        xs = [p[0] for p in pos.values()] or [0.0]
        ys = [p[1] for p in pos.values()] or [0.0]
        rows = max(1, int((max(ys) - min(ys)) // spacing) + 1) if pos else max(1, int(math.sqrt(len(rest))))
        left, top = min(xs) - 3 * spacing, min(ys)
        for i, n in enumerate(rest):
            col, row = divmod(i, rows)
            pos[n] = (left - col * spacing * 2, top + row * spacing)
    return {n: (round(pos[n][0], 1), round(pos[n][1], 1)) for n in nodes}


def seed_positions(nodes: Iterable[str], neighbours: Mapping[str, Iterable[str]],
                   spacing: float = 40.0) -> dict[str, tuple[float, float]]:
    """A quick starting layout for the force simulation: each component as a radial tree, packed in rows.

    Every component is laid out as a tree grown breadth-first from its most
    connected node, children fanned out away from their parent on a circle
    wide enough for them; components are then packed in rows, biggest first,
    and nodes without ties go in rows underneath.  Linear in nodes and ties,
    so the browser needs only a few dozen physics steps to tidy it.
    Same input, same output.

    >>> pos = seed_positions(["hub", "a", "b", "c", "alone"], {"hub": ["a", "b", "c"]})
    >>> pos["hub"] != pos["a"] and len(set(pos.values())) == 5
    True
    """
    nodes = list(nodes)
    members = set(nodes)
    adj: dict[str, set[str]] = {n: set() for n in nodes}
    for n, near in neighbours.items():
        if n not in members:
            continue
        for m in near:
            if m in members and m != n:
                adj[n].add(m)
                adj[m].add(n)
    deg = {n: len(adj[n]) for n in nodes}
    by_degree = sorted(nodes, key=lambda n: (-deg[n], n))
    seen: set[str] = set()
    comps: list[dict[str, tuple[float, float]]] = []
    for root in by_degree:
        if root in seen or deg[root] == 0:
            continue
        rel = {root: (0.0, 0.0)}
        heading = {root: 0.0}
        seen.add(root)
        queue = deque([root])
        while queue:
            u = queue.popleft()
            kids = sorted((v for v in adj[u] if v not in seen), key=lambda v: (-deg[v], v))
            if not kids:
                continue
            fan = 2 * math.pi if u == root else math.pi * 0.9
            radius = max(spacing, len(kids) * spacing * 0.6 / fan)
            ux, uy = rel[u]
            for i, v in enumerate(kids):
                a = heading[u] + (fan * (i + 0.5) / len(kids) - fan / 2 if u != root else fan * i / len(kids))
                r = radius * (1.0 if len(kids) < 12 else 1.0 + 0.35 * (i % 3))
                rel[v] = (ux + r * math.cos(a), uy + r * math.sin(a))
                heading[v] = a
                seen.add(v)
                queue.append(v)
        comps.append(rel)
    # pack the components in rows, biggest first
    boxes = []
    for rel in comps:
        xs = [p[0] for p in rel.values()]
        ys = [p[1] for p in rel.values()]
        boxes.append((min(xs), min(ys), max(xs) - min(xs) + spacing, max(ys) - min(ys) + spacing, rel))
    area = sum(w * h for *_, w, h, _ in boxes)
    row_width = max([math.sqrt(area) * 1.3] + [w for *_, w, _, _ in boxes[:1]])
    pos: dict[str, tuple[float, float]] = {}
    x = y = row_h = 0.0
    for x0, y0, w, h, rel in boxes:
        if x > 0 and x + w > row_width:
            x, y, row_h = 0.0, y + row_h, 0.0
        for n, (px, py) in rel.items():
            pos[n] = (x + px - x0, y + py - y0)
        x += w
        row_h = max(row_h, h)
    alone = [n for n in nodes if n not in pos]
    per_row = max(1, int(max(row_width, spacing) // spacing))
    top = y + row_h + spacing
    for i, n in enumerate(alone):
        r, c = divmod(i, per_row)
        pos[n] = (c * spacing, top + r * spacing)
    return {n: (round(pos[n][0], 1), round(pos[n][1], 1)) for n in nodes}
