"""Make the README screenshots: the three pages, rendered in headless Chromium, saved under docs/.

    python tools/screenshots.py                      # shipped data; results simulated now
    python tools/screenshots.py --result out/a --result out/b   # existing result directories
    python tools/screenshots.py --synthetic          # no engine: invented results (tests/viz/synth.py)

Writes docs/explorer.png (network explorer, with a node's details open),
docs/explorer-geo.png (geographic layout), docs/playback.png (diffusion
playback on the map, at the step where the mean curve reaches 50 %, or
half-way), docs/report.png (scenario report) and docs/report-maps.png (the
report's maps).  Without --result it runs the shipped
example scenarios with ``innosys simulate`` into a temporary directory.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCENARIOS = ("nationwide", "nationwide_ks_push", "nationwide_peer_only")


def simulate(out: Path, runs: int) -> list[Path]:
    """Run the shipped example scenarios with the innosys CLI; return their result directories."""
    dirs = []
    for name in SCENARIOS:
        scenario = ROOT / "examples" / "scenarios" / f"{name}.toml"
        if not scenario.is_file():
            continue
        target = out / name
        cmd = [sys.executable, "-m", "innosys", "simulate", str(scenario), "--runs", str(runs), "--seed", "1",
               "--out", str(target)]
        print("running:", " ".join(cmd[1:]), file=sys.stderr)
        subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        dirs.append(target)
    if not dirs:
        raise SystemExit("no example scenario found under examples/scenarios; pass --result DIR or --synthetic")
    return dirs


def synthetic(out: Path) -> list[Path]:
    """Invented result directories over the shipped municipalities (no diffusion engine needed)."""
    sys.path.insert(0, str(ROOT / "tests" / "viz"))
    from synth import neighbour_edges, units_from_graph, write_result

    from innosys.graph import load_graph

    units = [u for u in units_from_graph(load_graph()) if u["unit_id"].startswith("m:")]
    edges = neighbour_edges(units, k=3)
    return [write_result(out / name, units, edges, scenario=name, title=title, seed=seed, p=p, q=q, runs=30, steps=32)
            for name, title, seed, p, q in (("baseline", "Synthetic baseline", 1, 0.02, 0.35),
                                            ("campaign", "Synthetic national campaign", 2, 0.05, 0.35),
                                            ("weak-ties", "Synthetic weak peer influence", 3, 0.01, 0.15))]


def open_page(browser, path: Path, width: int = 1400, height: int = 860):
    page = browser.new_page(viewport={"width": width, "height": height})
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.resolve().as_uri())
    page.wait_for_function("() => window.innosys && window.innosys.ready === true", timeout=120_000)
    return page, errors


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=None, help="data directory (default: the shipped dataset)")
    ap.add_argument("--result", action="append", default=[], help="result directory (repeatable)")
    ap.add_argument("--synthetic", action="store_true", help="use invented results instead of running the engine")
    ap.add_argument("--runs", type=int, default=200, help="runs per scenario when simulating")
    ap.add_argument("--out", default=str(ROOT / "docs"), help="where the PNGs go")
    args = ap.parse_args()

    from playwright.sync_api import sync_playwright

    from innosys.graph import load_graph
    from innosys.viz import diffusion_playback, network_explorer, scenario_report
    from innosys.viz.network import network_data

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="innosys-shots-"))
    if args.result:
        results = [Path(r) for r in args.result]
    elif args.synthetic:
        results = synthetic(tmp / "results")
    else:
        results = simulate(tmp / "results", args.runs)

    G = load_graph(args.data)
    pages = {
        "explorer": network_explorer(G, title="innosys network explorer: the shipped dataset").write(tmp / "explorer.html"),
        "explorer-geo": network_explorer(G, geo=True, title="innosys network explorer: geographic layout").write(
            tmp / "explorer-geo.html"),
        "playback": diffusion_playback(results[0]).write(tmp / "playback.html"),
        "report": scenario_report(results).write(tmp / "report.html"),
    }
    # the explorer shows the details of its most connected actor (KS when the thesis data is in)
    nodes = network_data(G)["nodes"]
    focus = "ks" if "ks" in G else max(nodes, key=lambda n: n["size"])["id"]
    summary = json.loads((results[0] / "summary.json").read_text(encoding="utf-8"))
    mid = summary.get("time_to_share", {}).get("0.5")
    step = mid if mid is not None else summary["steps"] // 2

    problems = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for name, path in pages.items():
            page, errors = open_page(browser, path)
            if name == "explorer":
                page.evaluate("(id) => window.innosys.select(id)", focus)
                page.wait_for_timeout(600)
                page.evaluate("() => window.innosys.network.fit()")
            elif name == "playback":
                page.evaluate("(t) => window.innosys.setStep(t)", step)
            page.wait_for_timeout(500)
            target = out / f"{name}.png"
            page.screenshot(path=str(target), full_page=(name == "report"))
            print(f"wrote {target}")
            if name == "report" and page.locator("#maps figure").count():
                page.locator("#maps").screenshot(path=str(out / "report-maps.png"))
                print(f"wrote {out / 'report-maps.png'}")
            problems += [f"{name}: {e}" for e in errors]
            page.close()
        browser.close()
    if problems:
        raise SystemExit("console errors:\n" + "\n".join(problems))


if __name__ == "__main__":
    main()
