"""Test helper: write a valid simulation result directory (format_version 1) from a small graph.

The diffusion engine is developed separately; the visualisation tests need
result directories now.  This helper runs a tiny, seeded, Bass-like process
(external awareness, peer influence along the given edges, adoption after
awareness, a little rejection and discontinuation) and writes every file of
the result-directory format exactly as docs/diffusion.md defines it.  It is a
test fixture, not a model: its numbers mean nothing.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from innosys import schema

SEED_CH, MEDIA_CH, PEER_CH = "seed", "mass_media", "interpersonal"
assert {SEED_CH, MEDIA_CH, PEER_CH} <= set(schema.CHANNELS)
UNIT_FIELDS = ("unit_id", "name", "kind", "county", "size_class", "latitude", "longitude")
MONTHS = {"month": 1, "quarter": 3, "year": 12}


def units_from_graph(G, kinds=("Municipality",)) -> list[dict]:
    """Units (one dict per node of the given kinds) with county and coordinates from the graph."""
    from innosys.viz.network import node_counties

    county = node_counties(G)
    out = []
    for n, d in G.nodes(data=True):
        if d.get("kind") in kinds:
            out.append({"unit_id": n, "name": d.get("name", n), "kind": d.get("kind"),
                        "county": county.get(n) or "", "size_class": d.get("size_class", ""),
                        "latitude": d.get("latitude"), "longitude": d.get("longitude")})
    return sorted(out, key=lambda u: u["unit_id"])


def neighbour_edges(units: list[dict], k: int = 3, layer: str = "neighbour") -> list[tuple[str, str, str, float]]:
    """Each unit with coordinates linked to its k nearest others (deduplicated, undirected)."""
    pts = [(u["unit_id"], u["latitude"], u["longitude"]) for u in units
           if u.get("latitude") is not None and u.get("longitude") is not None]
    edges = set()
    for uid, lat, lon in pts:
        dist = sorted((math.hypot(lat - la, (lon - lo) * math.cos(math.radians(lat))), vid)
                      for vid, la, lo in pts if vid != uid)
        for _, vid in dist[:k]:
            edges.add(tuple(sorted((uid, vid))))
    return [(a, b, layer, 0.5) for a, b in sorted(edges)]


def _date(start: str, step: int, step_length: str) -> str:
    y, m = map(int, start.split("-"))
    total = (y * 12 + m - 1) + step * MONTHS[step_length]
    return f"{total // 12:04d}-{total % 12 + 1:02d}"


def _category(z: float) -> str:
    for c in schema.ADOPTER_CATEGORIES:
        if c.sd_low <= z < c.sd_high:
            return c.key
    return schema.ADOPTER_CATEGORIES[-1].key


def _categorise(times: np.ndarray) -> list[str]:
    m, sd = float(np.mean(times)), float(np.std(times))
    return [_category((t - m) / sd if sd > 0 else 0.0) for t in times]


def _run(n, adj, rng, steps, p, q, adopt, reject, discontinue, n_seeds):
    nan = np.full(n, np.nan)
    aware, adopted, rejected, disc = nan.copy(), nan.copy(), nan.copy(), nan.copy()
    aware_ch, adopted_ch = [""] * n, [""] * n
    for i in rng.choice(n, size=min(n_seeds, n), replace=False):
        aware[i] = adopted[i] = 0
        aware_ch[i] = adopted_ch[i] = SEED_CH
    for t in range(1, steps + 1):
        active = (~np.isnan(adopted)) & np.isnan(disc)
        peer = 1 - np.prod(np.where(active[None, :], 1 - q * adj, 1.0), axis=1)
        unaware = np.isnan(aware)
        media_hit = rng.random(n) < p
        peer_hit = rng.random(n) < peer
        for i in np.nonzero(unaware & (media_hit | peer_hit))[0]:
            aware[i] = t
            aware_ch[i] = PEER_CH if peer_hit[i] else MEDIA_CH
        deciding = (~np.isnan(aware)) & (aware < t) & np.isnan(adopted) & np.isnan(rejected)
        draw = rng.random(n)
        for i in np.nonzero(deciding & (draw < adopt))[0]:
            adopted[i] = t
            adopted_ch[i] = aware_ch[i]
        for i in np.nonzero(deciding & (draw >= adopt) & (draw < adopt + reject))[0]:
            rejected[i] = t
        stop = active & (adopted < t) & (rng.random(n) < discontinue)
        disc[stop] = t
    return aware, adopted, rejected, disc, aware_ch, adopted_ch


def _csv(path: Path, rows: list[dict], columns: tuple[str, ...]) -> None:
    pd.DataFrame(rows, columns=list(columns)).to_csv(path, index=False, lineterminator="\n")


def write_result(path, units: list[dict], edges: list[tuple[str, str, str, float]], *,
                 scenario: str = "baseline", title: str | None = None, seed: int = 1, runs: int = 12,
                 steps: int = 24, p: float = 0.02, q: float = 0.35, adopt: float = 0.3,
                 reject: float = 0.02, discontinue: float = 0.004, n_seeds: int = 2,
                 start: str = "2016-01", step_length: str = "quarter",
                 innovation: tuple[str, str] = ("inn:test", "Test innovation")) -> Path:
    """Write a complete result directory at ``path`` and return it."""
    from innosys.viz.results import TABLE_COLUMNS

    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    ids = [u["unit_id"] for u in units]
    index = {u: i for i, u in enumerate(ids)}
    n = len(ids)
    adj = np.zeros((n, n))
    for s, t, _layer, w in edges:
        adj[index[s], index[t]] = adj[index[t], index[s]] = max(adj[index[s], index[t]], float(w))
    rng = np.random.default_rng(seed)
    sims = [_run(n, adj, rng, steps, p, q, adopt, reject, discontinue, n_seeds) for _ in range(runs)]

    step_axis = np.arange(steps + 1)
    adopted_share = np.array([[np.sum(s[1] <= t) / n for t in step_axis] for s in sims])
    aware_share = np.array([[np.sum(s[0] <= t) / n for t in step_axis] for s in sims])
    curves = []
    for t in step_axis:
        a, w = adopted_share[:, t], aware_share[:, t]
        curves.append({"step": int(t), "date": _date(start, int(t), step_length),
                       "adopted_mean": a.mean(), "adopted_p05": np.quantile(a, 0.05),
                       "adopted_p50": np.quantile(a, 0.5), "adopted_p95": np.quantile(a, 0.95),
                       "aware_mean": w.mean(), "aware_p05": np.quantile(w, 0.05), "aware_p95": np.quantile(w, 0.95)})
    mean_curve = adopted_share.mean(axis=0)

    def time_to(x):
        hit = np.nonzero(mean_curve >= x)[0]
        return int(hit[0]) if len(hit) else None

    final = adopted_share[:, -1]
    # categories per run
    cat_shares = {c.key: [] for c in schema.ADOPTER_CATEGORIES}
    for s in sims:
        idx = np.nonzero(~np.isnan(s[1]))[0]
        cats = Counter(_categorise(s[1][idx])) if len(idx) else Counter()
        for c in cat_shares:
            cat_shares[c].append(cats[c] / len(idx) if len(idx) else 0.0)
    categories = [{"category": c.key, "expected_share": c.share, "share_mean": float(np.mean(cat_shares[c.key])),
                   "share_p05": float(np.quantile(cat_shares[c.key], 0.05)),
                   "share_p95": float(np.quantile(cat_shares[c.key], 0.95))} for c in schema.ADOPTER_CATEGORIES]
    # channels
    channel_rows, adoption_channels = [], {}
    for event, col in (("awareness", 4), ("adoption", 5)):
        counts = Counter()
        for s in sims:
            counts.update(ch for ch in s[col] if ch)
        total = sum(counts.values())
        for ch in schema.CHANNELS:
            if counts[ch]:
                channel_rows.append({"channel": ch, "event": event, "count_mean": counts[ch] / runs,
                                     "share": counts[ch] / total})
                if event == "adoption":
                    adoption_channels[ch] = counts[ch] / runs
    # units
    steps_by_unit = np.array([s[1] for s in sims])  # runs x n
    prob = np.mean(~np.isnan(steps_by_unit), axis=0)
    median = np.array([np.nanmedian(steps_by_unit[:, i]) if prob[i] >= 0.5 else np.nan for i in range(n)])
    mean_step = np.array([np.nanmean(steps_by_unit[:, i]) if prob[i] > 0 else np.nan for i in range(n)])
    cat_units = ["non_adopter"] * n
    have = np.nonzero(~np.isnan(median))[0]
    if len(have):
        for i, c in zip(have, _categorise(median[have]), strict=True):
            cat_units[i] = c
    unit_rows = []
    for i, u in enumerate(units):
        chans = Counter(s[5][i] for s in sims if s[5][i])
        unit_rows.append({**{f: u.get(f) for f in UNIT_FIELDS}, "adoption_probability": prob[i],
                          "median_step": median[i], "mean_step": mean_step[i], "category": cat_units[i],
                          "main_channel": chans.most_common(1)[0][0] if chans else ""})
    # representative run: final adopter count closest to the median
    finals = np.array([np.sum(~np.isnan(s[1])) for s in sims])
    rep = int(np.argmin(np.abs(finals - np.median(finals))))
    a, d, r, x, ach, dch = sims[rep]
    traj = [{"unit_id": ids[i], "aware_step": a[i], "adopted_step": d[i], "rejected_step": r[i],
             "discontinued_step": x[i], "aware_channel": ach[i], "adopted_channel": dch[i]} for i in range(n)]

    def intcol(rows, cols):
        for row in rows:
            for c in cols:
                v = row[c]
                row[c] = "" if v is None or (isinstance(v, float) and math.isnan(v)) else int(v)

    intcol(traj, ("aware_step", "adopted_step", "rejected_step", "discontinued_step"))
    _csv(path / "curves.csv", curves, TABLE_COLUMNS["curves"])
    _csv(path / "units.csv", unit_rows, TABLE_COLUMNS["units"])
    _csv(path / "categories.csv", categories, TABLE_COLUMNS["categories"])
    _csv(path / "channels.csv", channel_rows, TABLE_COLUMNS["channels"])
    _csv(path / "trajectory.csv", traj, TABLE_COLUMNS["trajectory"])
    _csv(path / "edges.csv", [{"source": s, "target": t, "layer": lay, "weight": w} for s, t, lay, w in edges],
         TABLE_COLUMNS["edges"])
    summary = {
        "format_version": 1, "innosys_version": "test", "scenario": scenario, "title": title or scenario,
        "scenario_file": f"{scenario}.toml", "seed": seed, "runs": runs, "steps": steps,
        "step_length": step_length, "start": start, "innovation_id": innovation[0],
        "innovation_name": innovation[1], "adopting_kinds": sorted({u["kind"] for u in units}),
        "n_units": n, "data_dir": "test",
        "time_to_share": {"0.1": time_to(0.1), "0.5": time_to(0.5), "0.9": time_to(0.9)},
        "final_share": {"mean": float(final.mean()), "p05": float(np.quantile(final, 0.05)),
                        "p95": float(np.quantile(final, 0.95))},
        "category_shares": {c["category"]: c["share_mean"] for c in categories},
        "channels": adoption_channels, "elapsed_seconds": 0.01,
    }
    (path / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    (path / "scenario.toml").write_text(
        f'name = {json.dumps(scenario)}\nseed = {seed}\nruns = {runs}\nsteps = {steps}\n', encoding="utf-8")
    return path
