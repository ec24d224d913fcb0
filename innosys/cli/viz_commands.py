"""viz network, viz diffusion, report: self-contained interactive HTML pages."""

from __future__ import annotations

import click

from innosys.cli import main
from innosys.cli.common import data_option, load


def _written(page, path) -> None:
    size = len(page.html.encode("utf-8"))
    facts = ", ".join(f"{v:,} {k}" for k, v in page.info.items())
    click.echo(f"wrote {path} ({facts}; {size / 1e6:.1f} MB)")


def _fail(message: str) -> None:
    raise click.ClickException(message)


@main.group()
def viz() -> None:
    """Interactive HTML pages: the network explorer and the diffusion playback.

    Pages are single files with every script inlined: they open offline and
    make no network request.

    \b
    Example:
      innosys viz network --out network.html
      innosys viz diffusion results/baseline --out playback.html
    """


@viz.command()
@data_option
@click.option("--out", default="network.html", show_default=True, type=click.Path(dir_okay=False, path_type=str),
              help="HTML file to write.")
@click.option("--kind", "kinds", multiple=True, metavar="KIND",
              help="Keep only nodes of this kind (repeatable), e.g. Municipality.")
@click.option("--relation", "relations", multiple=True, metavar="TYPE",
              help="Keep only relations of this type (repeatable), e.g. MEMBER_OF.")
@click.option("--activity", "activities", multiple=True, metavar="N",
              help="Keep only actors performing this Edquist activity: 1..10 or its key (repeatable).")
@click.option("--county", "counties", multiple=True, metavar="COUNTY",
              help="Keep only nodes in this county: id, number or name, e.g. Rogaland (repeatable).")
@click.option("--geo", is_flag=True, help="Start in the geographic layout (municipalities by coordinates).")
@click.option("--size-by", type=click.Choice(["degree", "betweenness"]), default="degree", show_default=True,
              help="Centrality that sets node size.")
@click.option("--title", default=None, help="Page title.")
def network(data_dir, out, kinds, relations, activities, counties, geo, size_by, title):
    """Write the network explorer: the actor graph as an interactive page.

    Nodes are coloured by kind and sized by centrality, relations styled by
    type; the page filters by kind, relation type, Edquist activity and
    county, searches by name, and shows every node's properties and
    provenance (source and lines) on click.  The options here choose what
    goes into the page (sources are left out unless --kind Source).

    \b
    Example:
      innosys viz network --out network.html
      innosys viz network --geo --kind Municipality --kind County --county Rogaland --out rogaland.html
      innosys viz network --relation MEMBER_OF --relation OWNS --out members.html
    """
    from innosys.graph import to_graph
    from innosys.viz import network_explorer

    G = to_graph(load(data_dir))
    try:
        page = network_explorer(G, kind=kinds or None, relation=relations or None, activity=activities or None,
                                county=counties or None, geo=geo, size_by=size_by, title=title)
    except ValueError as e:
        _fail(str(e))
    _written(page, page.write(out))


def _read(dirs, tables):
    """Read result directories (with a progress bar on stderr for many); a bad one is a clean error."""
    from innosys.viz.results import ResultFormatError, read_result

    def one(d):
        try:
            return read_result(d, tables)
        except ResultFormatError as e:
            _fail(str(e))

    if len(dirs) > 3:
        with click.progressbar(dirs, label="reading results", file=click.get_text_stream("stderr")) as bar:
            return [one(d) for d in bar]
    return [one(d) for d in dirs]


@viz.command()
@click.argument("result_dir", type=click.Path(path_type=str))
@click.option("--out", default=None, type=click.Path(dir_okay=False, path_type=str),
              help="HTML file to write [default: RESULT_DIR/playback.html].")
@click.option("--title", default=None, help="Page title (default: the scenario's title).")
def diffusion(result_dir, out, title):
    """Write the diffusion playback of one simulation result directory.

    Units are drawn by their coordinates (when they have them) with the
    influence edges; a time slider with play/pause and speed colours them by
    state at each step (unaware, aware, adopted by Rogers category, rejected,
    discontinued) and moves a marker along the adoption S-curve; beside it,
    the category distribution and the channels.

    \b
    Example:
      innosys viz diffusion results/baseline
      innosys viz diffusion results/baseline --out baseline.html
    """
    from pathlib import Path

    from innosys.viz.diffusion import diffusion_playback
    from innosys.viz.results import PLAYBACK_TABLES

    result = _read([result_dir], PLAYBACK_TABLES)[0]
    page = diffusion_playback(result, title=title)
    _written(page, page.write(out or Path(result_dir) / "playback.html"))


@main.command()
@click.argument("result_dirs", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--out", default="report.html", show_default=True, type=click.Path(dir_okay=False, path_type=str),
              help="HTML file to write.")
@click.option("--top", default=20, show_default=True, type=click.IntRange(1, 10000),
              help="How many of the most differing units to list.")
@click.option("--title", default=None, help="Page title.")
def report(result_dirs, out, top, title):
    """Write a report comparing one or more simulation result directories.

    Overlaid adoption curves with their 5–95 % bands; per scenario the time
    to 10, 50 and 90 %, the final share and the shares of Rogers'
    categories; the units whose outcome differs most between scenarios.
    Exploration directories (innosys explore) are linked: their page is
    written again from the directory and the report links to it.

    \b
    Example:
      innosys report results/baseline results/campaign --out report.html
      innosys report results/baseline results/explore-nationwide   # links the exploration's page
    """
    from innosys.explore.exploration import is_exploration
    from innosys.viz.report import scenario_report
    from innosys.viz.results import REPORT_TABLES

    results = _read([d for d in result_dirs if not is_exploration(d)], REPORT_TABLES)
    links = [_exploration_link(d, out) for d in result_dirs if is_exploration(d)]
    page = scenario_report(results, title=title, top=top, explorations=links)
    _written(page, page.write(out))


def _exploration_link(directory, out) -> tuple[str, str]:
    """(title, link relative to the report) of an exploration's page, written afresh from its directory."""
    import os
    from pathlib import Path

    from innosys.explore.exploration import read_exploration

    try:
        ex = read_exploration(directory)
    except ValueError as e:
        _fail(str(e))
    page = ex.page().write(Path(directory) / "explore.html")
    rel = os.path.relpath(page.resolve(), Path(out).resolve().parent)
    return f"Exploration: {ex.settings['title']}", Path(rel).as_posix()
