"""Hold-out validation on real adoption histories: writes the table of docs/validation.md.

    python benchmarks/validation.py                      # all cases, default settings (about a minute)
    python benchmarks/validation.py --runs 20 --maxiter 10 --cases digisos   # one case (the doc table then holds only it)

For every case (a scenario under examples/scenarios/validation/ and a series of data/adopsjon/),
the adoption rates are calibrated on the observations up to the cut-off and the rest is forecast by
innosys on the real network, by innosys without the network layers and by the Bass model
(innosys.diffusion.forecast).  Each case's curves go to OUT/<case>/ (read by
``innosys report --validation OUT``); the table replaces the generated part of the doc.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from innosys.diffusion.forecast import VALIDATION_CASES as CASES  # noqa: E402

#: differences in RMSE of share smaller than this are not read as an effect of the network
NOISE = 0.02
BEGIN, END = "<!-- validation:begin (python benchmarks/validation.py) -->", "<!-- validation:end -->"


def layer_summary(model) -> str:
    """Which influence layers the population has, with their sizes (ties or groups)."""
    pop = model.population
    parts = []
    for name, lay in sorted(pop.direct.items()):
        k = lay.nnz if hasattr(lay, "nnz") else len(lay[0])
        parts.append(f"{name} {k} ties")
    for name, (units, _, gids) in sorted(pop.groups.items()):
        parts.append(f"{name} {len(set(gids))} groups / {len(units)} memberships")
    return ", ".join(parts) or "none"


def run(cases, runs: int, maxiter: int, out: Path, data_dir=None):
    from innosys.demo import scenario_dir
    from innosys.diffusion import build_model, load_scenario
    from innosys.diffusion.forecast import run_validation
    from innosys.graph import load_graph

    G = load_graph(data_dir)
    t = time.perf_counter()
    table = run_validation(out, cases, runs=runs, maxiter=maxiter, data=G,
                           progress=lambda i, name: print(f"{name}: {time.perf_counter() - t:.1f} s", file=sys.stderr))
    layers = {name: layer_summary(build_model(load_scenario(scenario_dir() / CASES[name][0]), G)) for name in cases}
    return table, layers


def _fmt(v, spec=""):
    return "n/a" if v is None or v != v else format(v, spec)


def _who(r) -> str:
    rec = r.get("who_recall")
    return "n/a" if rec is None or rec != rec else f"{rec:.2f} ({r['who_random']:.2f})"


def markdown(table: pd.DataFrame, layers: dict, runs: int, maxiter: int) -> str:
    lines = [f"Settings: {runs} runs per evaluation, at most {maxiter} evaluations per fit; "
             f"data as of this run.", "",
             "| case | cut-off | fit / hold-out points | model | RMSE of share | 50 % reached (observed) "
             "| 50 % reached (forecast) | error (months) | who adopted: recall (random) |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in table.to_dict("records"):
        lines.append(f"| {r['case']} | {r['until']} | {r['n_fit']} / {r['n_holdout']} | {r['model']} | "
                     f"{_fmt(r['rmse_share'], '.3f')} | {_fmt(r['t50_observed'])} | {_fmt(r['t50_forecast'])} | "
                     f"{_fmt(r['t50_error_months'], '+.1f')} | {_who(r)} |")
    lines += ["", "Per case (generated):", ""]
    for case, g in table.groupby("case", sort=False):
        e = g.set_index("model")["rmse_share"]
        best = e.idxmin()
        net = e["innosys"] - e["innosys_no_network"]
        # why a margin: both fits carry Monte Carlo and optimiser noise of about a percentage point
        verdict = ("the network layers lower the error" if net < -NOISE else
                   "the network layers raise the error" if net > NOISE else
                   f"no difference beyond the noise of ±{NOISE:.2f}")
        lines.append(f"- **{case}**: lowest hold-out RMSE: {best}; innosys with vs without network "
                     f"{e['innosys']:.3f} vs {e['innosys_no_network']:.3f} ({verdict}); Bass {e['bass']:.3f}. "
                     f"Layers in the population: {layers[case]}.")
    return "\n".join(lines)


def update_doc(doc: Path, text: str) -> None:
    s = doc.read_text(encoding="utf-8")
    i, j = s.index(BEGIN) + len(BEGIN), s.index(END)
    doc.write_text(s[:i] + "\n" + text + "\n" + s[j:], encoding="utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=100, help="Monte Carlo runs per evaluation (default 100)")
    ap.add_argument("--maxiter", type=int, default=60, help="model evaluations per fit (default 60)")
    ap.add_argument("--cases", default=",".join(CASES), help="comma-separated subset of " + ", ".join(CASES))
    ap.add_argument("--out", type=Path, default=REPO / "out" / "validation", help="result directory")
    ap.add_argument("--doc", type=Path, default=REPO / "docs" / "validation.md", help="document to update")
    ap.add_argument("--data", default=None, help="data directory (default: the shipped data)")
    a = ap.parse_args(argv)
    cases = [c.strip() for c in a.cases.split(",") if c.strip()]
    unknown = [c for c in cases if c not in CASES]
    if unknown:
        ap.error(f"unknown case(s): {', '.join(unknown)}")
    table, layers = run(cases, a.runs, a.maxiter, a.out, a.data)
    text = markdown(table, layers, a.runs, a.maxiter)
    update_doc(a.doc, text)
    print(text)
    print(f"wrote {a.out} and {a.doc}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
