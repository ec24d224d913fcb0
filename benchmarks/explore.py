"""Exploration throughput on Dask, measured side by side (medians of interleaved repeats).

    python benchmarks/explore.py                  # 64 design points × 200 runs, 3 repeats
    python benchmarks/explore.py --points 128 --repeats 5 --json

Rows (the nationwide scenario, 8 uncertain parameters, a Latin hypercube of --points points):

  direct      the engine called in this process, point after point (build_model + run_model)
  serial      innosys.explore.run_design(scheduler="none"): the same plus chunk files
  1 worker    a LocalCluster with one worker process (cluster start-up not counted; shown apart)
  2 workers   a LocalCluster with two worker processes

Targets (from the issue): Dask overhead per design point at the default chunk size ≤ 10 % of the
engine time per point ((1 worker − direct) / direct); 2 workers ≥ 1.7× the throughput of 1 worker.
The time of the issue's full design (Saltelli N = 1,024, 8 parameters: 18,432 points × 200 runs) is
extrapolated from the measured 2-worker throughput.  Wall-clock times: other processes on the machine
slow every row, so the load average is printed before and after, and CPU seconds are measured too
(this process plus every worker process, from getrusage): on a busy machine the overhead is read
from CPU time, which other processes disturb much less than wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

# one thread for numpy here too, as in the Dask workers, so that CPU times compare like with like
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

VARY = [
    "channels.peers.adoption=0.03:0.3", "channels.peers.awareness=0.1:0.5", "channels.ks_portal.awareness=0.01:0.1",
    "adoption.own_initiative=0.0005:0.01:log", "channels.conferences.attendance=0.05:0.5",
    "channels.leaders.adoption=0.02:0.2", "channels.county_pickup.rate=0.05:0.4", "innovativeness.effect=0.5:1.5",
]
FULL_POINTS = 1024 * (2 * len(VARY) + 2)     # 18,432


def setup(points: int, runs: int):
    from innosys.diffusion import build_model, load_scenario
    from innosys.explore import ScenarioEvaluator, make_design, parse_outcomes, parse_vary
    from innosys.explore.design import bind
    from innosys.graph import load_graph

    sc = load_scenario(REPO / "examples" / "scenarios" / "nationwide.toml")
    params = bind([parse_vary(v) for v in VARY], sc)
    design = make_design(params, "lhs", points, seed=1)
    design["seed"] = sc.data["run"]["seed"]
    pop = build_model(sc, load_graph()).population
    ev = ScenarioEvaluator(sc, pop, params, parse_outcomes(["final_share", "t50"]), runs)
    return ev, design


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--points", type=int, default=64)
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--chunk-size", type=int, default=None, help="default: innosys.explore.DEFAULT_CHUNK")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()

    from distributed import Client

    from innosys.explore import DEFAULT_CHUNK, run_design
    from innosys.explore.executor import local_cluster

    chunk = a.chunk_size or DEFAULT_CHUNK
    load_before = os.getloadavg()
    ev, design = setup(a.points, a.runs)
    ev(design.iloc[:2])                          # warm up imports and caches
    times: dict[str, list[float]] = {"direct": [], "serial": [], "1 worker": [], "2 workers": []}
    cpu: dict[str, list[float]] = {k: [] for k in times}
    startup: dict[str, list[float]] = {"1 worker": [], "2 workers": []}
    reference = None
    for _ in range(a.repeats):
        t0, c0 = time.perf_counter(), _cpu()
        direct = ev(design)
        times["direct"].append(time.perf_counter() - t0)
        cpu["direct"].append(_cpu() - c0)
        with tempfile.TemporaryDirectory() as d:
            t0, c0 = time.perf_counter(), _cpu()
            serial = run_design(ev, design, directory=d, chunk_size=chunk, scheduler="none")
            times["serial"].append(time.perf_counter() - t0)
            cpu["serial"].append(_cpu() - c0)
        for label, n in (("1 worker", 1), ("2 workers", 2)):
            t0 = time.perf_counter()
            with local_cluster(n) as cluster, Client(cluster) as client:
                client.wait_for_workers(n)
                client.run(lambda: [__import__(m) for m in ("innosys.explore", "innosys.diffusion")])  # start-up
                startup[label].append(time.perf_counter() - t0)
                with tempfile.TemporaryDirectory() as d:
                    w0 = sum(client.run(_cpu).values())
                    t0, c0 = time.perf_counter(), _cpu()
                    res = run_design(ev, design, directory=d, chunk_size=chunk, scheduler=client)
                    times[label].append(time.perf_counter() - t0)
                    cpu[label].append(_cpu() - c0 + sum(client.run(_cpu).values()) - w0)
            if not res[direct.columns].equals(direct):
                raise SystemExit(f"{label}: results differ from the direct run")
        reference = serial
    assert reference is not None and reference[direct.columns].equals(direct)

    med = {k: statistics.median(v) for k, v in times.items()}
    med_cpu = {k: statistics.median(v) for k, v in cpu.items()}
    total_runs = a.points * a.runs
    engine_pp = med["direct"] / a.points
    overhead_pp = (med["1 worker"] - med["direct"]) / a.points
    cpu_engine_pp = med_cpu["direct"] / a.points
    cpu_overhead_pp = {k: (med_cpu[k] - med_cpu["direct"]) / a.points for k in ("serial", "1 worker", "2 workers")}
    speedup = med["1 worker"] / med["2 workers"]
    full = FULL_POINTS * med["2 workers"] / a.points * (200 / a.runs)
    out = {
        "points": a.points, "runs": a.runs, "chunk_size": chunk, "repeats": a.repeats,
        "seconds": med, "cpu_seconds": med_cpu, "runs_per_second": {k: total_runs / v for k, v in med.items()},
        "engine_cpu_seconds_per_point": cpu_engine_pp,
        "dask_overhead_cpu_percent": {k: 100 * v / cpu_engine_pp for k, v in cpu_overhead_pp.items()},
        "cluster_startup_seconds": {k: statistics.median(v) for k, v in startup.items()},
        "engine_seconds_per_point": engine_pp, "dask_overhead_seconds_per_point": overhead_pp,
        "dask_overhead_percent": 100 * overhead_pp / engine_pp, "speedup_2_vs_1_worker": speedup,
        "full_design_hours_2_workers_extrapolated": full / 3600,
        "load_before": load_before, "load_after": os.getloadavg(), "cpus": os.cpu_count(),
    }
    if a.json:
        print(json.dumps(out, indent=2))
        return
    print(f"nationwide, {len(VARY)} parameters, {a.points} points × {a.runs} runs, chunk {chunk}, "
          f"median of {a.repeats} (load {load_before[0]:.1f} → {out['load_after'][0]:.1f}, {os.cpu_count()} cpus)")
    print(f"{'':<12}{'seconds':>10}{'runs/s':>12}{'CPU s':>10}{'CPU overhead':>14}")
    for k, v in med.items():
        over = "" if k == "direct" else f"{out['dask_overhead_cpu_percent'][k]:>13.1f}%"
        print(f"{k:<12}{v:>10.2f}{total_runs / v:>12.0f}{med_cpu[k]:>10.2f}{over}")
    print(f"engine per point: {1000 * engine_pp:.1f} ms wall, {1000 * cpu_engine_pp:.1f} ms CPU; Dask overhead per "
          f"point (1 worker − direct): {1000 * overhead_pp:.1f} ms wall = {out['dask_overhead_percent']:.1f} %, "
          f"{1000 * cpu_overhead_pp['1 worker']:.1f} ms CPU = {out['dask_overhead_cpu_percent']['1 worker']:.1f} % "
          "(target ≤ 10 %)")
    print(f"2 workers vs 1 worker: {speedup:.2f}× (target ≥ 1.7×); cluster start-up "
          + ", ".join(f"{k} {v:.1f} s" for k, v in out["cluster_startup_seconds"].items()) + " (not counted)")
    print(f"full design {FULL_POINTS:,} points × 200 runs on 2 workers: {out['full_design_hours_2_workers_extrapolated']:.2f} h "
          f"(extrapolated from the {a.points} measured points)")


if __name__ == "__main__":
    main()
