"""viz network, viz diffusion, report: self-contained interactive HTML pages."""

from __future__ import annotations

import click

from innosys.cli import main
from innosys.cli.common import EXIT_FAILED, InnosysError, data_option, load


def _written(page, path) -> None:
    size = len(page.html.encode("utf-8"))
    facts = ", ".join(f"{v:,} {k}" for k, v in page.info.items())
    click.echo(f"wrote {path} ({facts}; {size / 1e6:.1f} MB)")


png_option = click.option("--png", "png", default=None, type=click.Path(dir_okay=False, path_type=str),
                          help="Also save the page as a PNG image (needs a headless Chromium; see docs).")


def _png(page, png) -> None:
    if not png:
        return
    from innosys.viz.png import PngExportError, write_png

    try:
        click.echo(f"wrote {write_png(page, png)}")
    except PngExportError as e:
        raise InnosysError(str(e), exit_code=EXIT_FAILED) from None


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
@png_option
def network(data_dir, out, kinds, relations, activities, counties, geo, size_by, title, png):
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
      innosys viz network --geo --kind Municipality --kind County --png counties.png
    """
    from innosys.graph import to_graph
    from innosys.viz import network_explorer

    G = to_graph(load(data_dir))
    try:
        page = network_explorer(G, kind=kinds or None, relation=relations or None, activity=activities or None,
                                county=counties or None, geo=geo, size_by=size_by, title=title)
    except ValueError as e:
        raise InnosysError(str(e), exit_code=EXIT_FAILED) from None
    _written(page, page.write(out))
    _png(page, png)


def _read(dirs, tables):
    """Read result directories (with a progress bar on stderr for many); a bad one is a clean error."""
    from innosys.viz.results import ResultFormatError, read_result

    def one(d):
        try:
            return read_result(d, tables)
        except ResultFormatError as e:
            raise InnosysError(str(e), exit_code=EXIT_FAILED) from None

    if len(dirs) > 3:
        with click.progressbar(dirs, label="reading results", file=click.get_text_stream("stderr")) as bar:
            return [one(d) for d in bar]
    return [one(d) for d in dirs]


@viz.command()
@click.argument("result_dir", type=click.Path(path_type=str))
@click.option("--out", default=None, type=click.Path(dir_okay=False, path_type=str),
              help="HTML file to write [default: RESULT_DIR/playback.html].")
@click.option("--title", default=None, help="Page title (default: the scenario's title).")
@png_option
def diffusion(result_dir, out, title, png):
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
      innosys viz diffusion results/baseline --png baseline.png
    """
    from pathlib import Path

    from innosys.viz.diffusion import diffusion_playback
    from innosys.viz.results import PLAYBACK_TABLES

    result = _read([result_dir], PLAYBACK_TABLES)[0]
    page = diffusion_playback(result, title=title)
    _written(page, page.write(out or Path(result_dir) / "playback.html"))
    _png(page, png)


@main.command()
@click.argument("result_dirs", nargs=-1, type=click.Path(path_type=str))
@click.option("--validation", "validation_dir", default=None, type=click.Path(file_okay=False, path_type=str),
              help="Instead: the validation page of a directory of hold-out forecasts "
                   "(python benchmarks/validation.py writes out/validation).")
@click.option("--out", default=None, type=click.Path(dir_okay=False, path_type=str),
              help="HTML file to write (default: report.html, or validation.html for --validation).")
@click.option("--top", default=20, show_default=True, type=click.IntRange(1, 10000),
              help="How many of the most differing units to list.")
@click.option("--title", default=None, help="Page title.")
@png_option
def report(result_dirs, validation_dir, out, top, title, png):
    """Write a report comparing one or more simulation result directories.

    Overlaid adoption curves with their 5–95 % bands; per scenario the time
    to 10, 50 and 90 %, the final share and the shares of Rogers'
    categories; the units whose outcome differs most between scenarios.
    Exploration directories (innosys explore) are linked: their page is
    written again from the directory and the report links to it.
    With --validation DIR: per case the observed points, the fit window, the
    simulated 5–95 % band and the Bass forecast, and the hold-out errors.

    \b
    Example:
      innosys report results/baseline results/campaign --out report.html
      innosys report results/baseline results/campaign --png report.png
      innosys report results/baseline results/explore-nationwide   # links the exploration's page
      innosys report --validation out/validation --out validation.html
    """
    if validation_dir is not None:
        from innosys.viz.results import ResultFormatError
        from innosys.viz.validation import validation_page

        if result_dirs:
            raise click.UsageError("give either result directories or --validation DIR, not both")
        try:
            page = validation_page(validation_dir, title=title)
        except ResultFormatError as e:
            raise InnosysError(str(e), exit_code=EXIT_FAILED) from None
        _written(page, page.write(out or "validation.html"))
        return
    if not result_dirs:
        raise click.UsageError("Missing argument 'RESULT_DIRS...' (or give --validation DIR).")
    from innosys.explore.exploration import is_exploration
    from innosys.viz.report import scenario_report
    from innosys.viz.results import REPORT_TABLES

    out = out or "report.html"
    results = _read([d for d in result_dirs if not is_exploration(d)], REPORT_TABLES)
    links = [_exploration_link(d, out) for d in result_dirs if is_exploration(d)]
    page = scenario_report(results, title=title, top=top, explorations=links)
    _written(page, page.write(out))
    _png(page, png)


def _exploration_link(directory, out) -> tuple[str, str]:
    """(title, link relative to the report) of an exploration's page, written afresh from its directory."""
    import os
    from pathlib import Path

    from innosys.explore.exploration import read_exploration

    try:
        ex = read_exploration(directory)
    except ValueError as e:
        raise InnosysError(str(e), exit_code=EXIT_FAILED) from None
    page = ex.page().write(Path(directory) / "explore.html")
    rel = os.path.relpath(page.resolve(), Path(out).resolve().parent)
    return f"Exploration: {ex.settings['title']}", Path(rel).as_posix()
