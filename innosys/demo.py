"""The nationwide demo: all 357 municipalities, one innovation, several channel mixes.

``run_demo(out)`` loads the shipped dataset, runs the nationwide scenarios on
common random numbers, and writes ``out/index.html`` linking the network
explorer, the diffusion playback, the scenario report and the validation page
(hold-out forecasts of real adoption histories, quick settings).

>>> import tempfile
>>> summary = run_demo(tempfile.mkdtemp(), runs=16, quiet=True)
>>> sorted(summary["pages"])
['index', 'network', 'playback', 'report', 'validation']
"""

from __future__ import annotations

import dataclasses
import html
import sys
from pathlib import Path

#: Quick settings of the demo's validation page (docs/validation.md uses the defaults of
#: benchmarks/validation.py): Monte Carlo runs per evaluation, evaluations per fit.
VALIDATION_RUNS, VALIDATION_MAXITER = 40, 25
#: The nationwide scenarios compared by the demo (files in the shipped scenario folder).
DEMO_SCENARIOS = ("nationwide.toml", "nationwide_ks_push.toml", "nationwide_peer_only.toml")


def scenario_dir() -> Path:
    """The example scenarios shipped with innosys (inside the wheel, or the repo's examples/)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_scenarios", here.parent / "examples" / "scenarios"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("the shipped example scenarios were not found next to the innosys package")


def _say(quiet: bool, text: str) -> None:
    if not quiet:
        print(text, file=sys.stderr, flush=True)


def run_demo(out: str | Path = "out", *, runs: int | None = None, seed: int | None = None,
             data_dir: str | None = None, workers: int = 1, quiet: bool = False, force: bool = False) -> dict:
    """Run the nationwide demo and write its pages; return paths and the comparison table.

    ``out`` appears whole or not at all (see :func:`innosys.atomic.atomic_dir`; ``force``
    replaces a directory innosys did not write).
    """
    from innosys.atomic import atomic_dir, check_output_dir
    from innosys.diffusion import compare
    from innosys.diffusion.results import write_results_into
    from innosys.graph import load_graph
    from innosys.viz import diffusion_playback, network_explorer, scenario_report
    from innosys.viz.results import PLAYBACK_TABLES, REPORT_TABLES, read_result

    out = Path(out)
    inputs = [data_dir] if data_dir else []
    check_output_dir(out, force=force, inputs=inputs)
    _say(quiet, "[1/6] loading and validating the shipped dataset")
    G = load_graph(data_dir)
    files = [scenario_dir() / name for name in DEMO_SCENARIOS]
    _say(quiet, f"[2/6] simulating {len(files)} nationwide scenarios on common random numbers")
    comparison = compare(files, G, runs=runs, seed=seed, workers=workers,
                         progress=None if quiet else (lambda i: _say(False, f"      scenario {i}/{len(files)} done")))
    names = [sc.name for sc in comparison.scenarios]
    with atomic_dir(out, force=force, inputs=inputs) as tmp:
        results = []
        for name, res in zip(names, comparison.results):
            (tmp / "results" / name).mkdir(parents=True)
            write_results_into(res, tmp / "results" / name)
            # read back as the pages will; the pages name the final directory, not the temporary one
            read = read_result(tmp / "results" / name, tuple(dict.fromkeys(PLAYBACK_TABLES + REPORT_TABLES)))
            results.append(dataclasses.replace(read, path=out / "results" / name))
        _say(quiet, "[3/6] writing the network explorer")
        network_explorer(G).write(tmp / "network.html")
        _say(quiet, "[4/6] writing the diffusion playback and the scenario report")
        diffusion_playback(results[0]).write(tmp / "playback.html")
        scenario_report(results).write(tmp / "report.html")
        _say(quiet, "[5/6] forecasting real adoption histories (validation page)")
        validation = _validation(tmp, G) is not None
        _say(quiet, "[6/6] writing the index page")
        _write_index(tmp, comparison, G, validation)
    pages = {k: out / f"{k}.html" for k in ("network", "playback", "report", "index")}
    if validation:
        pages["validation"] = out / "validation.html"
    _say(quiet, f"done: open {pages['index']}")
    return {"pages": {k: str(v) for k, v in pages.items()}, "results": [str(out / "results" / n) for n in names],
            "table": comparison.table}


def _validation(out: Path, G) -> Path | None:
    """The validation page from quick hold-out forecasts; None when the data has no adoption histories."""
    from innosys.diffusion.forecast import run_validation
    from innosys.diffusion.scenario import ScenarioError
    from innosys.viz import validation_page

    try:
        run_validation(out / "validation", runs=VALIDATION_RUNS, maxiter=VALIDATION_MAXITER, data=G)
    except (ValueError, ScenarioError):  # custom data without the adoption histories of data/adopsjon
        return None
    return validation_page(out / "validation").write(out / "validation.html")


def _fmt_step(dates, step) -> str:
    if step is None:
        return "not reached"
    return f"step {step} ({dates.iloc[int(step)]})"


def _write_index(out: Path, comparison, G, validation: bool = False) -> Path:
    from innosys.atomic import atomic_text

    rows = []
    for sc, res in zip(comparison.scenarios, comparison.results):
        tts = res.time_to_share()
        fs = res.final_share()
        dates = res.curves()["date"]
        rows.append(
            "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in (
                sc.data.get("title") or sc.name, res.n, res.runs,
                _fmt_step(dates, tts["0.1"]), _fmt_step(dates, tts["0.5"]), _fmt_step(dates, tts["0.9"]),
                f"{fs['mean']:.1%} ({fs['p05']:.1%}–{fs['p95']:.1%})")) + "</tr>")
    n_mun = sum(1 for _, k in G.nodes(data="kind") if k == "Municipality")
    validation_card = ("""<div class="card"><h2><a href="validation.html">Validation</a></h2><p>Forecasts tested
against real adoption histories: innosys, innosys without network layers and the Bass model, fitted
up to a cut-off and scored on what came after (quick settings; see docs/validation.md).</p></div>"""
                       if validation else "")
    body = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>innosys demo</title>
<style>
body{{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:1000px;color:#1f2933;padding:0 1rem}}
h1{{font-size:1.6rem}} a{{color:#0b5cad}} table{{border-collapse:collapse;width:100%;margin:1rem 0}}
th,td{{border-bottom:1px solid #d9dee3;padding:.35rem .5rem;text-align:left;font-size:14px}}
.cards{{display:grid;grid-template-columns:repeat(3,1fr);gap:1rem}}
.card{{border:1px solid #d9dee3;border-radius:8px;padding:1rem}}
</style></head><body>
<h1>innosys — nationwide diffusion demo</h1>
<p>{G.number_of_nodes()} nodes ({n_mun} municipalities) from the shipped dataset. One innovation —
{html.escape(str(comparison.results[0].summary().get("innovation_name") or comparison.scenarios[0].name))}
— spreads under {len(rows)} channel mixes, simulated on common random numbers.</p>
<div class="cards">
<div class="card"><h2><a href="network.html">Network explorer</a></h2><p>Actors, relations, Edquist activities
and provenance; filter by kind, relation, activity and county.</p></div>
<div class="card"><h2><a href="playback.html">Diffusion playback</a></h2><p>Who is aware and who has adopted,
step by step, with the adoption curve and adopter categories.</p></div>
<div class="card"><h2><a href="report.html">Scenario report</a></h2><p>The channel mixes compared: curves,
time to 10/50/90 %, categories, and the municipalities whose outcome differs most.</p></div>
{validation_card}
</div>
<h2>Scenarios</h2>
<table><thead><tr><th>Scenario</th><th>Units</th><th>Runs</th><th>10 %</th><th>50 %</th><th>90 %</th>
<th>Final share (5–95 %)</th></tr></thead><tbody>
{''.join(rows)}
</tbody></table>
<p>Result files (CSV and JSON) are in <code>results/</code>. Generated by innosys.</p>
</body></html>
"""
    return atomic_text(out / "index.html", body)
