"""Benchmark: how fast the generated pages become interactive in headless Chromium, and how big they are.

    python benchmarks/viz_explorer.py [--repeats 5] [--nodes 2000] [--result DIR ...]

Builds a network explorer for a graph of ``--nodes`` nodes (the shipped
municipalities and counties plus invented actors and relations, seeded) and
opens it from file:// in Debian's headless Chromium several times, measuring
the time from navigation start to the page's own "stabilised and frozen"
signal (``window.innosys.readyAt``, ms since navigation start) and the wall
time around it.  The playback and report pages are built from ``--result``
directories, or from synthetic ones (tests/viz/synth.py) when none is given.
The nationwide playback is timed twice: as the network of points it was
before the map (``use_map=False``) and as the map; target: the map within
1.5× of the network.  Prints the medians; target: explorer interactive in < 3 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
TARGET_S = 3.0


def synthetic_graph(n_nodes: int, seed: int = 7) -> nx.MultiDiGraph:
    """The shipped municipalities/counties plus invented actors up to ``n_nodes``, ~2 relations per node."""
    from innosys import schema
    from innosys.graph import load_graph

    G0 = load_graph()
    G = nx.MultiDiGraph()
    keep = [n for n, k in G0.nodes(data="kind") if k in ("Municipality", "County")]
    G.add_nodes_from((n, G0.nodes[n]) for n in keep)
    G.add_edges_from((u, v, k, d) for u, v, k, d in G0.edges(keys=True, data=True) if u in G and v in G)
    rng = np.random.default_rng(seed)
    kinds = [k for k in schema.ACTOR_KINDS if k not in ("Municipality", "County", "Region")]
    i = 0
    while G.number_of_nodes() < n_nodes:
        kind = kinds[int(rng.integers(len(kinds)))]
        G.add_node(f"bench:{i}", kind=kind, name=f"{kind} {i}", source="bench", lines="1", confidence="stated")
        i += 1
    nodes = list(G)
    types = [r for r in schema.RELATION_TYPES.values() if r.table == "relations" and r.name != "LOCATED_IN"]
    target_edges = 2 * n_nodes
    j = 0
    while G.number_of_edges() < target_edges:
        # preferential-ish: a few hubs, many leaves
        u = nodes[int(rng.integers(len(nodes)))]
        v = nodes[min(len(nodes) - 1, int(rng.pareto(1.2) * 20) % len(nodes))]
        if u != v:
            t = types[int(rng.integers(len(types)))]
            G.add_edge(u, v, key=f"bench-e{j}", type=t.name, source="bench", lines="1", confidence="stated")
            j += 1
    return G


def synthetic_results(root: Path) -> list[Path]:
    sys.path.insert(0, str(ROOT / "tests" / "viz"))
    from synth import neighbour_edges, units_from_graph, write_result  # noqa: E402

    from innosys.graph import load_graph

    units = [u for u in units_from_graph(load_graph()) if u["unit_id"].startswith("m:")]
    edges = neighbour_edges(units, k=3)
    return [write_result(root / name, units, edges, scenario=name, seed=s, p=p, q=q, runs=20, steps=32)
            for name, s, p, q in (("baseline", 1, 0.02, 0.35), ("campaign", 2, 0.05, 0.35), ("weak-ties", 3, 0.01, 0.15))]


def time_page(browser, path: Path, repeats: int) -> tuple[list[float], list[float], list[int | None]]:
    ready, wall, steps = [], [], []
    for _ in range(repeats):
        ctx = browser.new_context(viewport={"width": 1400, "height": 860})
        page = ctx.new_page()
        t0 = time.perf_counter()
        page.goto(path.as_uri())
        page.wait_for_function("() => window.innosys && window.innosys.ready === true", timeout=120_000,
                               polling=10)
        wall.append(time.perf_counter() - t0)
        ready.append(page.evaluate("() => window.innosys.readyAt") / 1000)
        steps.append(page.evaluate("() => window.innosys.page === 'network' && window.innosys.layout === 'force'"
                                   " ? (window.innosys.layoutCut || window.innosys.data.physics.iterations) : null"))
        ctx.close()
    return ready, wall, steps


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--nodes", type=int, default=2000)
    ap.add_argument("--result", action="append", default=[], help="result directory (repeatable)")
    args = ap.parse_args()

    from playwright.sync_api import sync_playwright

    from innosys.viz import diffusion_playback, network_explorer, scenario_report

    tmp = Path(tempfile.mkdtemp(prefix="innosys-bench-"))
    G = synthetic_graph(args.nodes)
    t = time.perf_counter()
    force = network_explorer(G)
    build_s = time.perf_counter() - t
    pages = {
        f"explorer {G.number_of_nodes()} nodes / {G.number_of_edges()} edges, force layout": force.write(tmp / "explorer.html"),
        "explorer, same graph, geographic layout": network_explorer(G, geo=True).write(tmp / "explorer-geo.html"),
        "explorer, shipped dataset": network_explorer().write(tmp / "explorer-shipped.html"),
    }
    results = [Path(r) for r in args.result] or synthetic_results(tmp / "results")
    # the nationwide playback as a network of points (before the map, issue 15) and as the map
    pages["diffusion playback, network of points (before)"] = diffusion_playback(results[0], use_map=False).write(
        tmp / "playback-network.html")
    pages["diffusion playback, map (after)"] = diffusion_playback(results[0]).write(tmp / "playback.html")
    pages[f"scenario report ({len(results)} scenarios)"] = scenario_report(results).write(tmp / "report.html")

    print(f"innosys viz benchmark: {args.repeats} repeats each, medians; headless Chromium (/usr/bin/chromium)")
    print(f"building the {G.number_of_nodes()}-node explorer in Python: {build_s:.2f} s\n")
    print(f"{'page':<62}{'size MB':>9}{'ready s':>10}{'wall s':>9}{'layout steps':>14}")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        time_page(browser, pages[next(iter(pages))], 1)  # warm-up (disk cache, JIT)
        medians = {}
        for name, path in pages.items():
            ready, wall, steps = time_page(browser, path, args.repeats)
            medians[name] = statistics.median(ready)
            done = [x for x in steps if x is not None]
            print(f"{name:<62}{path.stat().st_size / 1e6:>9.2f}{statistics.median(ready):>10.2f}"
                  f"{statistics.median(wall):>9.2f}{(f'{statistics.median(done):.0f}' if done else '-'):>14}")
        browser.close()
    first = next(iter(medians))
    verdict = "meets" if medians[first] < TARGET_S else "MISSES"
    print(f"\n{args.nodes}-node explorer interactive after {medians[first]:.2f} s (median): {verdict} the "
          f"{TARGET_S:.0f} s target (ratio {medians[first] / TARGET_S:.2f})")
    before, after = medians["diffusion playback, network of points (before)"], medians["diffusion playback, map (after)"]
    verdict = "meets" if after <= 1.5 * before else "MISSES"
    print(f"nationwide playback: map ready after {after:.2f} s, network {before:.2f} s: ratio {after / before:.2f} "
          f"({verdict} the target of at most 1.5)")
    print("ready = navigation start to the page's 'stabilised and frozen' signal (window.innosys.readyAt); "
          "layout steps = physics iterations run before freezing (the first layout has a time budget)")
    print(f"pages kept in {tmp}")


if __name__ == "__main__":
    main()
