"""simulate, sweep, compare, calibrate: a thin layer over innosys.diffusion."""

from __future__ import annotations

import json
import sys

import click

from innosys.cli import main
from innosys.cli.common import (
    EXIT_FAILED,
    InnosysError,
    check_out,
    data_option,
    force_option,
    open_db,
    scenario_errors,
)

_runs_option = click.option("--runs", type=click.IntRange(min=1), default=None,
                            help="Monte Carlo runs (default: the scenario's run.runs).")
_seed_option = click.option("--seed", type=click.IntRange(min=0), default=None,
                            help="Random seed (default: the scenario's run.seed).")
_workers_option = click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
                               help="Worker processes; results are identical for any number.")
_json_option = click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")



def _graph(data_dir):
    from innosys.cli.common import load
    from innosys.graph import to_graph

    return to_graph(load(data_dir))


def _progress(total: int, label: str):
    bar = click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True)
    state = {"done": 0}

    def update(done: int):
        bar.update(done - state["done"])
        state["done"] = done
    return bar, update


def _fmt_step(step, dates):
    return "never" if step is None else f"step {step} ({dates[step]})"


def _print_summary(res, out_dir=None):
    s = res.summary()
    dates = res.model.dates
    fs = s["final_share"]
    click.echo(f"{s['title']}  [{s['scenario']}]")
    click.echo(f"  innovation: {s['innovation_name'] or '-'} ({s['innovation_id'] or 'not in data'})")
    click.echo(f"  units: {s['n_units']} ({', '.join(s['adopting_kinds'])}), runs: {s['runs']}, seed: {s['seed']}, "
               f"{s['steps']} {s['step_length']}s from {s['start']}")
    click.echo(f"  final adopted share: {fs['mean']:.3f} (5-95 %: {fs['p05']:.3f}-{fs['p95']:.3f})")
    for k, v in s["time_to_share"].items():
        click.echo(f"  time to {float(k):.0%} (mean curve): {_fmt_step(v, dates)}")
    click.echo("  adoptions by channel (mean per run):")
    for k, v in sorted(s["channels"].items(), key=lambda kv: -kv[1]):
        if v > 0:
            click.echo(f"    {k:<18}{v:>9.1f}")
    click.echo(f"  elapsed: {s['elapsed_seconds']:.2f} s")
    for note in res.model.notes:
        click.echo(f"note: {note}", err=True)
    if out_dir:
        click.echo(f"wrote {out_dir}")


@main.command()
@click.argument("scenario_file", metavar="SCENARIO.toml", type=click.Path(dir_okay=False, path_type=str))
@_runs_option
@_seed_option
@click.option("--out", type=click.Path(file_okay=False, path_type=str), default=None,
              help="Result directory (default: out/<scenario name>), written whole or not at all. An "
                   "existing one is replaced only if innosys wrote it (else use --force).")
@force_option
@_json_option
@_workers_option
@click.option("--neo4j", "to_neo4j", is_flag=True,
              help="Also store the result in Neo4j (NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD; "
                   "load the data there first with `innosys neo4j load`).")
@data_option
@scenario_errors
def simulate(scenario_file, runs, seed, out, force, as_json, workers, to_neo4j, data_dir):
    """Run a diffusion scenario as a Monte Carlo ensemble and write the result directory.

    Writes summary.json, curves.csv, units.csv, categories.csv, channels.csv,
    trajectory.csv, edges.csv and scenario.toml. Exits 2 when the scenario
    or the data is invalid (the message names the file and key).

    \b
    Example:
      innosys simulate examples/scenarios/nationwide.toml --runs 500 --seed 1
      innosys simulate my.toml --out results/my --workers 2 --json
      innosys simulate my.toml --neo4j     # then: innosys query simulation-results --backend neo4j
    """
    from pathlib import Path

    from innosys.atomic import atomic_dir
    from innosys.diffusion import build_model, load_scenario, run_model, run_settings
    from innosys.diffusion.results import write_results_into

    inputs = [scenario_file, data_dir]
    if out:
        check_out(out, force, inputs)
    sc = load_scenario(scenario_file)
    out_dir = Path(out) if out else Path("out") / sc.name
    check_out(out_dir, force, inputs)
    G = _graph(data_dir)
    model = build_model(sc, G)
    n_runs, seed = run_settings(sc, runs, seed)
    bar, update = _progress(n_runs, "simulating")
    with bar:
        res = run_model(model, runs=n_runs, seed=seed, workers=workers, progress=update, data_dir=data_dir)
    with atomic_dir(out_dir, force=force, inputs=inputs) as tmp:
        write_results_into(res, tmp)
    if to_neo4j:
        _store_in_neo4j(out_dir)
    if as_json:
        click.echo(json.dumps({**res.summary(), "out": str(out_dir), "notes": model.notes}, ensure_ascii=False,
                              indent=2))
    else:
        _print_summary(res, out_dir)


def _store_in_neo4j(result_dir) -> None:
    """Write the result directory to the Neo4j of the NEO4J_* variables; one clear sentence on failure."""
    from innosys.neo4j import Neo4jConfig, Neo4jConnectionError, ResultDirError, write_results
    from innosys.neo4j.connection import describe_failure

    try:
        with open_db(None, None, None, None) as db:
            info = write_results(result_dir, db)
    except (Neo4jConnectionError, ResultDirError) as e:
        raise InnosysError(f"the result was written to disk, but not to Neo4j: {e}", exit_code=EXIT_FAILED) from None
    except Exception as e:  # noqa: BLE001 - a server failing mid-write: one sentence
        msg = describe_failure(e, Neo4jConfig.from_env())
        if msg is None:
            raise
        raise InnosysError(f"the result was written to disk, but not to Neo4j: {msg}", exit_code=EXIT_FAILED) from None
    click.echo(f"stored scenario {info['scenario']!r} in Neo4j: {info['units_written']} unit(s)", err=True)


def _write_result_set(out_dir, names, results, table, column_at: int, table_name: str, force: bool, inputs):
    """One result directory per name plus the summary table (with a result_dir column), all or nothing."""
    from innosys.atomic import atomic_dir
    from innosys.diffusion.results import write_results_into, write_table_atomic

    table = table.copy()
    table.insert(column_at, "result_dir", names)
    with atomic_dir(out_dir, force=force, inputs=inputs) as tmp:
        for name, res in zip(names, results, strict=True):
            (tmp / name).mkdir()
            write_results_into(res, tmp / name)
        write_table_atomic(table, tmp / table_name)
    return table


def _echo_json_table(out_dir, table) -> None:
    click.echo(json.dumps({"out": str(out_dir), "rows": json.loads(table.to_json(orient="records"))}, indent=2))


def _slug(text: str) -> str:
    import re

    return re.sub(r"[^A-Za-z0-9_.=-]+", "_", text)[:80]


@main.command()
@click.argument("scenario_file", metavar="SCENARIO.toml", type=click.Path(dir_okay=False, path_type=str))
@click.option("--param", "params", multiple=True, required=True, metavar="KEY=V1,V2,...",
              help="A dotted scenario key and its values; repeat for a grid.")
@_runs_option
@_seed_option
@click.option("--out", type=click.Path(file_okay=False, path_type=str), default=None,
              help="Output directory (default: out/<scenario name>-sweep): sweep.csv plus one result "
                   "directory per combination. An existing one is replaced only if innosys wrote it.")
@force_option
@_json_option
@_workers_option
@data_option
@scenario_errors
def sweep(scenario_file, params, runs, seed, out, force, as_json, workers, data_dir):
    """Run a scenario over a grid of parameter values on common random numbers.

    \b
    Example:
      innosys sweep examples/scenarios/nationwide.toml \\
          --param channels.peers.adoption=0.05,0.1,0.2 --param channels.ks_portal.awareness=0.02,0.08
    """
    from pathlib import Path

    from innosys.diffusion import load_scenario
    from innosys.diffusion.experiments import parse_param
    from innosys.diffusion.experiments import sweep as run_sweep

    try:
        grid = dict(parse_param(p) for p in params)
    except ValueError as e:
        raise InnosysError(str(e)) from None
    sc = load_scenario(scenario_file)
    inputs = [scenario_file, data_dir]
    out_dir = Path(out) if out else Path("out") / f"{sc.name}-sweep"
    check_out(out_dir, force, inputs)
    G = _graph(data_dir)
    total = 1
    for v in grid.values():
        total *= len(v)
    bar, update = _progress(total, "sweeping")
    with bar:
        sw = run_sweep(sc, grid, G, runs=runs, seed=seed, workers=workers, progress=update)
    names = [f"{i:03d}-" + _slug("_".join(f"{k.split('.')[-2] if '.' in k else k}.{k.split('.')[-1]}={v}"
                                          for k, v in combo.items()))
             for i, combo in enumerate(sw.combos)]
    table = _write_result_set(out_dir, names, sw.results, sw.table, 0, "sweep.csv", force, inputs)
    if as_json:
        _echo_json_table(out_dir, table)
    else:
        cols = [*grid, "final_share_mean", "final_share_p05", "final_share_p95", "t10", "t50", "t90"]
        click.echo(table[cols].to_string(index=False))
        click.echo(f"wrote {out_dir}")


@main.command()
@click.argument("scenario_files", metavar="A.toml B.toml ...", nargs=-1, required=True,
                type=click.Path(dir_okay=False, path_type=str))
@_runs_option
@_seed_option
@click.option("--out", type=click.Path(file_okay=False, path_type=str), default=None,
              help="Output directory (default: out/compare): comparison.csv plus one result directory per "
                   "scenario. An existing one is replaced only if innosys wrote it.")
@force_option
@_json_option
@_workers_option
@data_option
@scenario_errors
def compare(scenario_files, runs, seed, out, force, as_json, workers, data_dir):
    """Compare scenarios on common random numbers (same runs and seed for all).

    The table gives each scenario's final adopted share and times to 10/50/90 %,
    and the paired difference in final share against the first scenario.

    \b
    Example:
      innosys compare examples/scenarios/nationwide.toml \\
          examples/scenarios/nationwide_peer_only.toml examples/scenarios/nationwide_ks_push.toml
    """
    from pathlib import Path

    from innosys.diffusion import load_scenario
    from innosys.diffusion.experiments import compare as run_compare

    inputs = [*scenario_files, data_dir]
    out_dir = Path(out) if out else Path("out") / "compare"
    check_out(out_dir, force, inputs)
    scs = [load_scenario(f) for f in scenario_files]
    G = _graph(data_dir)
    bar, update = _progress(len(scs), "comparing")
    with bar:
        cmp = run_compare(scs, G, runs=runs, seed=seed, workers=workers, progress=update)
    names, seen = [], set()
    for i, s in enumerate(cmp.scenarios):
        names.append(_slug(s.name) if s.name not in seen else f"{_slug(s.name)}-{i}")
        seen.add(s.name)
    table = _write_result_set(out_dir, names, cmp.results, cmp.table, 1, "comparison.csv", force, inputs)
    if as_json:
        _echo_json_table(out_dir, table)
    else:
        cols = ["scenario", "n_units", "final_share_mean", "final_share_p05", "final_share_p95", "t10", "t50", "t90",
                "diff_final_share_mean", "diff_final_share_p05", "diff_final_share_p95"]
        click.echo(f"common random numbers: runs={cmp.results[0].runs}, seed={cmp.results[0].seed}")
        click.echo(table[cols].to_string(index=False, float_format=lambda x: f"{x:.3f}"))
        click.echo(f"wrote {out_dir}")


@main.command()
@click.argument("scenario_file", metavar="SCENARIO.toml", type=click.Path(dir_okay=False, path_type=str))
@click.option("--observed", type=click.Path(dir_okay=False, path_type=str), default=None,
              help="CSV with columns step (or date YYYY[-MM]) and count (cumulative adopters), share (0..1) "
                   "or ids (adopters so far, ';'-separated).")
@click.option("--until", default=None, metavar="YYYY-MM",
              help="Hold-out: fit on the observations up to this date, forecast the rest and report the errors "
                   "of innosys, innosys without network layers and the Bass model (with --from-data: the "
                   "dataset's dated series of the innovation). No bootstrap in this mode.")
@click.option("--from-data", "from_data", is_flag=True,
              help="Use the dataset's adoptions and observations of the scenario's innovation.")
@click.option("--param", "params", multiple=True, metavar="KEY",
              help="Dotted key of a probability to fit; repeat (default: the external and interpersonal "
                   "adoption rates).")
@click.option("--runs", type=click.IntRange(min=1), default=100, show_default=True,
              help="Runs per evaluation.")
@_seed_option
@click.option("--bootstrap", type=click.IntRange(min=0), default=20, show_default=True,
              help="Parametric bootstrap refits for standard errors and 95 % intervals.")
@click.option("--maxiter", type=click.IntRange(min=5), default=80, show_default=True,
              help="Maximum model evaluations of the main fit.")
@click.option("--out", type=click.Path(file_okay=False, path_type=str), default=None,
              help="Output directory (default: out/<scenario name>-calibration): calibration.json, fit.csv "
                   "and the fitted scenario.toml. An existing one is replaced only if innosys wrote it.")
@force_option
@_json_option
@data_option
@scenario_errors
def calibrate(scenario_file, observed, until, from_data, params, runs, seed, bootstrap, maxiter, out, force, as_json,
              data_dir):
    """Fit channel rates to observed adoption counts (least squares on the ensemble mean).

    Reports the fitted values with bootstrap standard errors and 95 % intervals,
    and goodness of fit (RMSE, R², chi², share of observations inside the 5-95 % band).

    \b
    Example:
      innosys calibrate examples/scenarios/samveis_programme.toml --from-data
      innosys calibrate my.toml --observed counts.csv --param channels.peers.adoption --bootstrap 50
      innosys calibrate examples/scenarios/validation/digisos.toml --from-data --until 2018-09
      innosys calibrate my.toml --observed counts.csv --until 2019-06
    """
    from pathlib import Path

    from innosys.atomic import atomic_dir
    from innosys.diffusion import load_scenario
    from innosys.diffusion.calibrate import calibrate as run_calibrate
    from innosys.diffusion.calibrate import observed_from_csv, observed_from_data
    from innosys.diffusion.results import write_table_atomic

    if bool(observed) == bool(from_data):
        raise InnosysError("give exactly one of --observed CSV or --from-data")
    sc = load_scenario(scenario_file)
    inputs = [scenario_file, data_dir, observed]
    out_dir = Path(out) if out else Path("out") / f"{sc.name}-{'forecast' if until else 'calibration'}"
    check_out(out_dir, force, inputs)
    G = _graph(data_dir)
    if observed:
        from innosys.diffusion import build_model
        from innosys.diffusion.observed import check_against_model

        try:
            obs = observed_from_csv(observed)
            if until is not None:
                return _holdout(sc, obs, G, until, runs, seed, maxiter, params, out_dir, force, inputs, as_json)
            obs = check_against_model(obs, build_model(sc, G))
            obs = obs[[c for c in ("step", "date") if c in obs.columns] + ["count"]]
        except (ValueError, FileNotFoundError) as e:
            raise InnosysError(str(e)) from None
    else:
        inn = sc.get("innovation.id")
        if not inn:
            raise InnosysError(f"{scenario_file}: key 'innovation.id': --from-data needs the innovation's id")
        try:
            if until is not None:  # the dated series (observations with a date; announcements left out)
                from innosys.diffusion.forecast import series_from_data

                return _holdout(sc, series_from_data(G, inn), G, until, runs, seed, maxiter, params, out_dir, force,
                                inputs, as_json)
            obs = observed_from_data(G, inn, sc.data["population"]["kinds"])
        except ValueError as e:
            raise InnosysError(str(e)) from None
    bar, update = _progress(1 + bootstrap, "calibrating")
    with bar:
        try:
            cal = run_calibrate(sc, obs, G, params=list(params) or None, runs=runs, seed=seed, bootstrap=bootstrap,
                                maxiter=maxiter, progress=update)
        except ValueError as e:
            raise InnosysError(f"{observed or 'the data'}: {e}") from None
    with atomic_dir(out_dir, force=force, inputs=inputs) as tmp:
        (tmp / "calibration.json").write_text(json.dumps(cal.to_dict(), indent=2, default=str) + "\n", encoding="utf-8")
        write_table_atomic(cal.fit, tmp / "fit.csv")
        (tmp / "scenario.toml").write_text(cal.scenario.to_toml(), encoding="utf-8")
    if as_json:
        click.echo(json.dumps({**cal.to_dict(), "out": str(out_dir)}, indent=2, default=str))
        return
    click.echo(f"calibrated {sc.name} on {cal.gof['n_obs']} observations ({runs} runs per evaluation)")
    for r in cal.params.itertuples():
        ci = f"  95 % [{r.ci_low:.4f}, {r.ci_high:.4f}]  se {r.se:.4f}" if r.se is not None else ""
        click.echo(f"  {r.param:<40} {r.initial:.4f} -> {r.value:.4f}{ci}")
    g = cal.gof
    r2 = "n/a" if g["r2"] is None else f"{g['r2']:.3f}"
    click.echo(f"  fit: RMSE {g['rmse']:.2f}, R² {r2}, chi² {g['chi2']:.2f}, "
               f"{g['inside_band']:.0%} of observations inside the 5-95 % band")
    for note in cal.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(f"wrote {out_dir}")


def _holdout(sc, obs, G, until, runs, seed, maxiter, params, out_dir, force, inputs, as_json):
    """calibrate --until: fit up to the cut-off, forecast the rest, print the hold-out errors."""
    from innosys.atomic import atomic_dir
    from innosys.diffusion.forecast import holdout
    from innosys.diffusion.timeline import parse_month

    ym = parse_month(until)
    if ym is None:
        raise ValueError(f"--until: expected YYYY or YYYY-MM, got '{until}'")
    until = f"{ym[0]:04d}-{(ym[1] if len(until) > 4 else 12):02d}"
    bar, update = _progress(3, "fitting innosys, innosys without network, Bass")
    with bar:
        fc = holdout(sc, obs, G, until=until, runs=runs, seed=seed, maxiter=maxiter,
                     params=list(params) or None, progress=update)
    with atomic_dir(out_dir, force=force, inputs=inputs) as tmp:
        fc.write(tmp)
    if as_json:
        click.echo(json.dumps({**fc.to_dict(), "out": str(out_dir)}, indent=2, default=str))
        return
    n_fit, n_hold = int(fc.errors["n_fit"].iloc[0]), int(fc.errors["n_holdout"].iloc[0])
    click.echo(f"hold-out of {sc.name}: fitted on {n_fit} observations up to {until}, scored on {n_hold} after "
               f"({fc.n} units)")
    table = fc.errors[["model", "rmse_share", "t50_observed", "t50_forecast", "t50_error_months"]]
    click.echo(table.astype(object).where(table.notna(), "n/a").to_string(index=False))
    for note in fc.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(f"wrote {out_dir}")
