"""Benchmarks of the diffusion engine, measured side by side in one run (medians of interleaved repeats).

    python benchmarks/diffusion.py                 # everything
    python benchmarks/diffusion.py --repeats 9     # more repeats on a noisy machine
    python benchmarks/diffusion.py --only ndlib,nationwide

Targets (from the product issue):
  1. threshold model on a Barabási–Albert graph (10k nodes, m=5, 100 initial adopters, θ=0.1), same
     final state as NDlib's ThresholdModel: >= 100× faster than NDlib;
  2. per-run time against CyNetDiff's linear threshold model on the same graph: within 2× for one
     run, and faster per run than CyNetDiff for an ensemble;
  3. 1,000 runs of examples/scenarios/nationwide.toml (all municipalities + thesis actors, 40 steps): < 1 s;
  4. a 1M-node / 10M-edge synthetic graph: one run < 10 s and peak memory < 2 GB (measured in a
     subprocess with resource.getrusage);
  5. peak memory of nationwide.toml with 100,000 runs within 1.2× of that with 1,000 runs (each in a
     fresh subprocess: ensemble statistics are folded run block by run block).

NDlib and CyNetDiff are optional (``pip install ndlib cynetdiff``, the ``bench`` extra); without
them their rows say so and the rest is still measured.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

N_BA, M_BA, N_SEEDS, THETA = 10_000, 5, 100, 0.1


def _median(xs):
    return statistics.median(xs)


#: the clock used for every timing (set from --clock): wall time, or this process's CPU time, which is
#: less disturbed by other processes on a shared machine (all timed code here is single-threaded;
#: with --workers 2 the CPU clock would not count the workers, so that row is always wall time)
clock = time.perf_counter
CLOCK_NAME = "wall"


def _ba_graph():
    import networkx as nx

    G = nx.barabasi_albert_graph(N_BA, M_BA, seed=1)
    seeds = sorted(np.random.default_rng(0).choice(N_BA, N_SEEDS, replace=False).tolist())
    return G, seeds


def _lt_model(G, seeds, theta):
    from innosys.diffusion import build_model, scenario_from_dict

    adoption = {"rule": "threshold", "own_initiative": 0.0, "rejection": 0.0, "reconsider": 0.0}
    if theta is not None:
        adoption["theta"] = theta
    sc = scenario_from_dict({
        "innovation": {"name": "linear threshold"},
        "time": {"start": "2000-01", "steps": 10_000},
        "run": {"runs": 1, "seed": 1},
        "seeds": {"adopters": [str(s) for s in seeds], "aware": "all"},
        "innovativeness": {"effect": 0.0},
        "adoption": adoption,
        # weights 1/degree: the exposure is the fraction of adopted neighbours
        "channels": {"interpersonal": {"awareness": 0.0, "layers": {"graph": 1.0}}},
    })
    t = clock()
    m = build_model(sc, G)
    return m, clock() - t


# ---------------------------------------------------------------------------
# 1. NDlib
# ---------------------------------------------------------------------------

def bench_ndlib(repeats: int) -> list[dict]:
    from innosys.diffusion import run_model

    try:
        import ndlib.models.epidemics as ep
        import ndlib.models.ModelConfig as mc
    except ImportError as e:
        return [{"benchmark": "threshold model vs NDlib", "note": f"NDlib not installed ({e}); pip install ndlib"}]
    G, seeds = _ba_graph()
    model, build_s = _lt_model(G, seeds, THETA)

    def ndlib_run():
        m = ep.ThresholdModel(G, seed=1)
        cfg = mc.Configuration()
        cfg.add_model_initial_configuration("Infected", seeds)
        for v in G.nodes():
            cfg.add_node_configuration("threshold", v, THETA)
        m.set_initial_status(cfg)
        t = clock()
        counts, prev = [], None
        while True:
            r = m.iteration(node_status=True)
            c = r["node_count"][1]
            if c == prev:
                break
            counts.append(c)
            prev = c
        el = clock() - t
        return el, counts, {v for v, s in m.status.items() if s == 1}

    def innosys_run(check=False):
        t = clock()
        raw = run_model(model, runs=1, seed=1).arrays
        el = clock() - t
        if not check:
            return el, None, None
        s = raw["adopted_step"][:, 0]
        counts = [int(((s >= 0) & (s <= k)).sum()) for k in range(int(s.max()) + 1)]
        return el, counts, {int(model.population.ids[i]) for i in np.flatnonzero(s >= 0)}

    # blocks of consecutive runs per tool (each warm in its own loop), interleaved between tools
    nd, mine = [], []
    for _ in range(repeats):
        block = [ndlib_run() for _ in range(3)]
        e1, c1, f1 = block[-1]
        nd.append(_median([b[0] for b in block]))
        gc.collect()
        block = [innosys_run() for _ in range(20)]
        mine.append(_median([b[0] for b in block]))
        gc.collect()
    _, c2, f2 = innosys_run(check=True)
    same = f1 == f2
    same_steps = c1 == c2
    ratio = _median(nd) / _median(mine)
    return [{"benchmark": "threshold model vs NDlib (BA 10k, m=5, 100 seeds, θ=0.1)",
             "innosys": f"{_median(mine) * 1e3:.2f} ms", "reference": f"NDlib {_median(nd) * 1e3:.1f} ms",
             "ratio": f"{ratio:.0f}× faster", "target": ">= 100× faster", "met": ratio >= 100,
             "note": (f"same final state: {same} ({len(f2)} adopters); same adopters per step: {same_steps} "
                      f"({c2}); model build {build_s * 1e3:.0f} ms, not timed")}]


# ---------------------------------------------------------------------------
# 2. CyNetDiff
# ---------------------------------------------------------------------------

def bench_cynetdiff(repeats: int) -> list[dict]:
    from innosys.diffusion import run_model

    try:
        from cynetdiff.utils import networkx_to_lt_model
    except ImportError as e:
        return [{"benchmark": "linear threshold vs CyNetDiff", "note": f"CyNetDiff not installed ({e}); "
                                                                       f"pip install cynetdiff"}]
    G, seeds = _ba_graph()
    # random thresholds U(0,1) per run (innosys: Phi(-z) with z ~ N(0,1)); influence 1/in-degree in both
    model, _ = _lt_model(G, seeds, None)
    cm, mapping = networkx_to_lt_model(G.to_directed(), rng=1)
    cm.set_seeds([mapping[s] for s in seeds])
    per_block, ens_runs = 50, 256
    cyn, one, ens, cyn_sizes, my_sizes = [], [], [], [], []
    for rep in range(repeats):
        t = clock()
        for _ in range(per_block):
            cm.reset_model()
            cm.advance_until_completion()
            cyn_sizes.append(cm.get_num_activated_nodes())
        cyn.append((clock() - t) / per_block)
        gc.collect()
        t = clock()
        for k in range(per_block):
            raw = run_model(model, runs=1, seed=rep * per_block + k).arrays
            my_sizes.append(int((raw["adopted_step"] >= 0).sum()))
        one.append((clock() - t) / per_block)
        gc.collect()
        t = clock()
        raw = run_model(model, runs=ens_runs, seed=10_000 + rep).arrays
        ens.append((clock() - t) / ens_runs)
    c, o, e = _median(cyn), _median(one), _median(ens)
    sizes = f"mean final adopters: CyNetDiff {np.mean(cyn_sizes):.0f}, innosys {np.mean(my_sizes):.0f}"
    return [
        {"benchmark": "linear threshold, one run vs CyNetDiff", "innosys": f"{o * 1e3:.2f} ms/run",
         "reference": f"CyNetDiff {c * 1e3:.2f} ms/run", "ratio": f"{o / c:.2f}× CyNetDiff's time",
         "target": "<= 2×", "met": o / c <= 2.0, "note": sizes},
        {"benchmark": f"linear threshold, ensemble of {ens_runs} vs CyNetDiff", "innosys": f"{e * 1e3:.2f} ms/run",
         "reference": f"CyNetDiff {c * 1e3:.2f} ms/run", "ratio": f"{e / c:.2f}× CyNetDiff's time",
         "target": "< 1×", "met": e < c, "note": "runs vectorised as columns of units × runs matrices"},
    ]


# ---------------------------------------------------------------------------
# 3. Nationwide scenario
# ---------------------------------------------------------------------------

def bench_nationwide(repeats: int) -> list[dict]:
    from innosys.diffusion import build_model, load_scenario, run_model
    from innosys.graph import load_graph

    G = load_graph()
    sc = load_scenario(REPO / "examples" / "scenarios" / "nationwide.toml")
    t = clock()
    model = build_model(sc, G)
    build_s = clock() - t
    one, two = [], []
    for rep in range(repeats):
        t = clock()
        a = run_model(model, runs=1000, seed=rep).arrays
        one.append(clock() - t)
        t = time.perf_counter()
        b = run_model(model, runs=1000, seed=rep, workers=2).arrays
        two.append(time.perf_counter() - t)
        assert np.array_equal(a["adopted_step"], b["adopted_step"])
    o, w = _median(one), _median(two)
    note = f"{model.n} units, {model.steps} steps, {len(model.channels)} channels; model build {build_s:.2f} s"
    return [{"benchmark": "nationwide.toml, 1,000 runs (1 process)", "innosys": f"{o:.3f} s", "reference": "-",
             "ratio": "-", "target": "< 1 s", "met": o < 1.0, "note": note},
            {"benchmark": "nationwide.toml, 1,000 runs (--workers 2)", "innosys": f"{w:.3f} s", "reference": "-",
             "ratio": "-", "target": "(information)", "met": None,
             "note": "wall time whatever --clock (the work is in two processes); identical numbers to 1 process"}]


# ---------------------------------------------------------------------------
# 4. 1M nodes / 10M edges, in a subprocess (peak RSS of that process only)
# ---------------------------------------------------------------------------

BIG = r"""
import json, resource, sys, time
clock = time.process_time if sys.argv[2] == "cpu" else time.perf_counter
import numpy as np, scipy.sparse as sp
sys.path.insert(0, sys.argv[1])
from innosys.diffusion import Population, build_model, run_model, scenario_from_dict
n, m = 1_000_000, 10_000_000
rng = np.random.default_rng(1)
u = rng.integers(0, n, m, dtype=np.int32)
v = rng.integers(0, n, m, dtype=np.int32)
A = sp.coo_matrix((np.ones(m, dtype=np.float32), (u, v)), shape=(n, n))
del u, v
A = (A + A.T).tocsr()            # 10M undirected edges = 20M directed ties
t0 = clock()
pop = Population.from_adjacency(A)
del A
sc = scenario_from_dict({"innovation": {"name": "synthetic"}, "time": {"start": "2020-01", "steps": 40},
    "run": {"runs": 1, "seed": 1}, "seeds": {"random_adopters": 100},
    "channels": {"mass_media": {"awareness": 0.05, "adoption": 0.01},
                 "interpersonal": {"awareness": 0.3, "adoption": 0.2, "layers": {"graph": 1.0}}}})
model = build_model(sc, pop)
t1 = clock()
raw = run_model(model, runs=1, seed=1).arrays
t2 = clock()
print(json.dumps({"build": t1 - t0, "run": t2 - t1, "adopted": int((raw["adopted_step"] >= 0).sum()),
                  "nnz": int(model.channels[1].P.nnz),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def bench_big(repeats: int) -> list[dict]:
    runs = []
    for _ in range(max(1, min(repeats, 3))):
        p = subprocess.run([sys.executable, "-c", BIG, str(REPO), CLOCK_NAME], capture_output=True, text=True)
        if p.returncode != 0:
            return [{"benchmark": "1M nodes / 10M edges", "note": "failed: " + p.stderr.strip()[-300:]}]
        runs.append(json.loads(p.stdout.strip().splitlines()[-1]))
    run = _median([r["run"] for r in runs])
    build = _median([r["build"] for r in runs])
    rss = max(r["peak_rss_mb"] for r in runs)
    note = (f"{runs[0]['nnz']:,} directed ties, {runs[0]['adopted']:,} adopters in 40 steps; "
            f"model build {build:.1f} s (run + build {run + build:.1f} s); peak RSS includes generating the graph")
    return [{"benchmark": "1M nodes / 10M edges, one run", "innosys": f"{run:.2f} s", "reference": "-",
             "ratio": "-", "target": "< 10 s", "met": run < 10.0, "note": note},
            {"benchmark": "1M nodes / 10M edges, peak memory", "innosys": f"{rss:.0f} MB", "reference": "-",
             "ratio": "-", "target": "< 2048 MB", "met": rss < 2048, "note": "resource.getrusage(RUSAGE_SELF)"}]


# ---------------------------------------------------------------------------
# 5. Peak memory against the number of runs (nationwide.toml), each in a fresh subprocess
# ---------------------------------------------------------------------------

RUNS_MEMORY = r"""
import json, resource, sys, tempfile, time
sys.path.insert(0, sys.argv[1])
from innosys.diffusion import build_model, load_scenario, run_model, write_results
from innosys.graph import load_graph
model = build_model(load_scenario(sys.argv[1] + "/examples/scenarios/nationwide.toml"), load_graph())
t = time.perf_counter()
res = run_model(model, runs=int(sys.argv[2]), seed=1)
with tempfile.TemporaryDirectory() as tmp:       # the whole result directory, as `innosys simulate` does
    write_results(res, tmp + "/r")
print(json.dumps({"seconds": time.perf_counter() - t, "kept": res.stats.kept,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def bench_runs_memory(repeats: int) -> list[dict]:
    """Peak RSS of simulating nationwide.toml with 1,000 and with 100,000 runs (one fresh process each;
    the 100,000-run process takes about two minutes, so this row is measured once whatever --repeats)."""
    out = {}
    for runs in (1_000, 100_000):
        p = subprocess.run([sys.executable, "-c", RUNS_MEMORY, str(REPO), str(runs)], capture_output=True, text=True)
        if p.returncode != 0:
            return [{"benchmark": "nationwide.toml, peak memory by runs", "note": "failed: " + p.stderr.strip()[-300:]}]
        out[runs] = json.loads(p.stdout.strip().splitlines()[-1])
    small, large = out[1_000]["peak_rss_mb"], out[100_000]["peak_rss_mb"]
    ratio = large / small
    note = (f"peak RSS (resource.getrusage) of a fresh process: model, run_model and write_results; "
            f"1,000 runs {small:.0f} MB in {out[1_000]['seconds']:.1f} s (per-run arrays kept), "
            f"100,000 runs {large:.0f} MB in {out[100_000]['seconds']:.1f} s (statistics only)")
    return [{"benchmark": "nationwide.toml, peak memory 100,000 vs 1,000 runs", "innosys": f"{large:.0f} MB",
             "reference": f"{small:.0f} MB", "ratio": f"{ratio:.2f}×", "target": "within 1.2×", "met": ratio <= 1.2,
             "note": note}]


BENCHES = {"ndlib": bench_ndlib, "cynetdiff": bench_cynetdiff, "nationwide": bench_nationwide, "big": bench_big,
           "runs_memory": bench_runs_memory}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=5, help="interleaved repeats per benchmark (median reported)")
    ap.add_argument("--only", default=",".join(BENCHES), help="comma-separated subset: " + ", ".join(BENCHES))
    ap.add_argument("--json", default=None, help="also write the rows as JSON to this file")
    ap.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                    help="wall time (default) or this process's CPU time (steadier on a busy machine)")
    args = ap.parse_args(argv)
    global clock, CLOCK_NAME
    clock = time.perf_counter if args.clock == "wall" else time.process_time
    CLOCK_NAME = args.clock
    # as timeit does: no garbage collection inside timed code (collections triggered by one
    # library's allocations would otherwise land in the other's timings); collect between benchmarks
    gc.disable()
    import os

    print(f"clock: {args.clock}; load average at start: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs",
          file=sys.stderr)
    rows = []
    for name in args.only.split(","):
        name = name.strip()
        if name not in BENCHES:
            ap.error(f"unknown benchmark {name!r}")
        print(f"running {name} ...", file=sys.stderr, flush=True)
        gc.collect()
        rows += BENCHES[name](args.repeats)
    cols = ("benchmark", "innosys", "reference", "ratio", "target", "met")
    widths = {c: max(len(c), *(len(str(r.get(c, ""))) for r in rows)) for c in cols}
    print(" | ".join(c.ljust(widths[c]) for c in cols))
    print("-+-".join("-" * widths[c] for c in cols))
    for r in rows:
        cells = {c: r.get(c, "") for c in cols}
        cells["met"] = {True: "yes", False: "NO"}.get(r.get("met"), "-")
        print(" | ".join(str(cells[c]).ljust(widths[c]) for c in cols))
    notes = [(r["benchmark"], r["note"]) for r in rows if r.get("note")]
    if notes:
        print()
        for b, n in notes:
            print(f"* {b}: {n}")
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(rows, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
