"""innosys demo: the main job."""

from __future__ import annotations

import click

from innosys.cli import main
from innosys.cli.common import data_option, force_option


@main.command()
@click.option("--out", "out_dir", default="out", show_default=True, type=click.Path(file_okay=False),
              help="Directory for index.html, the three pages and the result files; written whole or not "
                   "at all. An existing one is replaced only if innosys wrote it (else use --force).")
@force_option
@click.option("--runs", type=click.IntRange(1), default=None, help="Monte Carlo runs per scenario (default: the scenario's).")
@click.option("--seed", type=int, default=None, help="Random seed (default: the scenario's).")
@click.option("--workers", type=click.IntRange(1), default=1, show_default=True, help="Worker processes.")
@data_option
def demo(out_dir, force, runs, seed, workers, data_dir):
    """Run the nationwide demo and write OUT/index.html.

    All 357 municipalities, one innovation (KS's komINN portal), three channel mixes
    compared on common random numbers; the index links the network explorer, the
    diffusion playback and the scenario report. Works offline.

    \b
    Example:
      innosys demo --out out && xdg-open out/index.html
      innosys demo --out /tmp/demo --runs 200 --seed 1
    """
    from innosys.demo import run_demo

    summary = run_demo(out_dir, runs=runs, seed=seed, data_dir=data_dir, workers=workers, force=force)
    table = summary["table"][["scenario", "n_units", "final_share_mean", "t10", "t50", "t90"]]
    click.echo(table.to_string(index=False))
    click.echo(f"\nOpen {summary['pages']['index']}")
