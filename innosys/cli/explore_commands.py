"""explore: sensitivity analysis and scenario discovery over a scenario's uncertain parameters."""

from __future__ import annotations

import sys

import click

from innosys.cli import main
from innosys.cli.common import InnosysError, data_option, scenario_errors


@main.command()
@click.argument("scenario_file", metavar="SCENARIO.toml", type=click.Path(dir_okay=False, path_type=str))
@click.option("--vary", "vary", multiple=True, required=True, metavar="KEY=LOW:HIGH[:log]",
              help="An uncertain parameter and its range (repeatable); ':log' samples in log space.")
@click.option("--method", type=click.Choice(["sobol", "morris", "lhs"]), default="sobol", show_default=True,
              help="Design: Sobol' (Saltelli, N·(2D+2) points), Morris (N·(D+1)) or a Latin hypercube (N).")
@click.option("--samples", "-N", type=click.IntRange(min=2), default=64, show_default=True,
              help="N, the base sample size (a power of two for sobol).")
@click.option("--runs", type=click.IntRange(min=1), default=None,
              help="Monte Carlo runs per design point (default: the scenario's run.runs).")
@click.option("--seed", type=click.IntRange(min=0), default=None,
              help="Seed of the design and the runs (default: the scenario's run.seed).")
@click.option("--seeding", type=click.Choice(["common", "independent"]), default="common", show_default=True,
              help="common: every point uses the seed (common random numbers); independent: one seed "
                   "derived per point.")
@click.option("--outcome", "outcomes", multiple=True, default=("final_share",), show_default=True,
              metavar="OUTCOME", help="final_share, tNN (t50: step the mean curve reaches 50 %) or share@YYYY-MM "
                                      "(repeatable).")
@click.option("--target", default=None, metavar="OUTCOME>=X",
              help="Yes/no target for PRIM scenario discovery, e.g. 'share@2030-01>=0.9'.")
@click.option("--prim-threshold", type=click.FloatRange(0, 1), default=0.8, show_default=True,
              help="Minimum share of a PRIM box's points that meet the target.")
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=str),
              help="Exploration directory (chunks, results, indices, explore.html).")
@click.option("--resume", is_flag=True, help="Continue a stopped exploration in --out (same settings).")
@click.option("--scheduler", default=None, metavar="ADDRESS|local|none",
              help="Dask scheduler, e.g. tcp://host:8786 (default: $DASK_SCHEDULER_ADDRESS, else a local "
                   "cluster); 'none' runs serially in this process.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes of the local cluster (default: one per core).")
@click.option("--chunk-size", type=click.IntRange(min=1), default=None,
              help="Design points per task (default: 16). Results do not depend on it.")
@data_option
@scenario_errors
def explore(scenario_file, vary, method, samples, runs, seed, seeding, outcomes, target, prim_threshold, out,
            resume, scheduler, workers, chunk_size, data_dir):
    """Which uncertain parameters matter, and where is a target reached?

    Samples the --vary ranges (SALib), runs every design point as an ensemble
    on Dask (chunks are written to OUT/chunks as they complete, so --resume
    continues a stopped run), then writes Sobol' or Morris indices, PRIM boxes
    for --target and OUT/explore.html. The same settings give the same
    numbers for any scheduler, worker count or chunk size. Exits 2 on bad
    input (the message names the option or the scenario key).

    \b
    Example:
      innosys explore examples/scenarios/nationwide.toml \\
        --vary channels.peers.adoption=0.03:0.3 --vary adoption.own_initiative=0.0005:0.01:log \\
        --samples 64 --runs 50 --outcome final_share --outcome share@2025-01 \\
        --target 'share@2025-01>=0.5' --out out/explore-nationwide
      innosys explore my.toml --vary channels.peers.adoption=0.05:0.3 --method morris \\
        --samples 20 --scheduler tcp://10.0.0.5:8786 --out out/morris
    """
    from innosys.explore import DEFAULT_CHUNK, DesignError
    from innosys.explore import explore as run
    from innosys.explore.executor import scheduler_address

    bar = click.progressbar(length=1, label="exploring", file=sys.stderr, show_pos=True, show_eta=True)
    state = {"done": 0, "started": False}

    def progress(done: int, total: int):
        if not state["started"]:
            bar.length, state["started"] = total, True
            bar.render_progress()
        bar.update(done - state["done"])
        state["done"] = done

    try:
        from innosys.graph import load_graph

        graph = load_graph(data_dir)
        with bar:
            ex = run(scenario_file, list(vary), method=method, samples=samples, runs=runs, seed=seed,
                     seeding=seeding, outcomes=list(outcomes), target=target, out=out, resume=resume,
                     scheduler=scheduler_address(scheduler), workers=workers,
                     chunk_size=chunk_size or DEFAULT_CHUNK, data=graph, prim_threshold=prim_threshold,
                     progress=progress)
    except DesignError as e:
        raise InnosysError(str(e)) from None
    _summary(ex)


def _summary(ex) -> None:
    s = ex.settings
    click.echo(f"{s['title']}  [{s['scenario']}]: {s['method']} design, {s['points']:,} points × {s['runs']} runs")
    if len(ex.sobol.columns):
        for outcome, df in ex.sobol.groupby("outcome", sort=False):
            click.echo(f"  {outcome}: Sobol' indices (S1 ± 95 % CI, ST ± 95 % CI)")
            for r in df.itertuples():
                click.echo(f"    {r.parameter:<40} S1 {r.S1:6.3f} ± {r.S1_conf:5.3f}   ST {r.ST:6.3f} ± {r.ST_conf:5.3f}")
    if len(ex.morris.columns):
        for outcome, df in ex.morris.groupby("outcome", sort=False):
            click.echo(f"  {outcome}: Morris (μ*, σ)")
            for r in df.itertuples():
                click.echo(f"    {r.parameter:<40} μ* {r.mu_star:8.4g}   σ {r.sigma:8.4g}")
    if ex.target is not None:
        boxes = ex.prim_boxes
        click.echo(f"  PRIM for {ex.target}: {boxes['box'].nunique() if len(boxes) else 0} box(es)")
        for box, df in (boxes.groupby("box") if len(boxes) else []):
            r0 = df.iloc[0]
            click.echo(f"    box {box}: coverage {r0['coverage']:.2f}, density {r0['density']:.2f}")
            for r in df.itertuples():
                click.echo(f"      {r.low:.4g} <= {r.parameter} <= {r.high:.4g}")
    click.echo(f"wrote {ex.directory} (explore.html)")
