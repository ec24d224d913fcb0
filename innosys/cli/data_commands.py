"""validate, info, export."""

from __future__ import annotations

import json

import click

from innosys.cli import main
from innosys.cli.common import check_out, data_option, force_option, load


@main.command()
@data_option
@click.option("--max-problems", type=click.IntRange(min=1), default=200, show_default=True, metavar="N",
              help="List at most N problems (root causes come first).")
@click.option("--all", "show_all", is_flag=True, help="List every problem.")
def validate(data_dir, max_problems, show_all):
    """Check a data directory; list every problem as FILE:LINE: COLUMN: MESSAGE.

    Problems with a whole file or its structure come first, then the problems
    that follow from them (with a count), then the others.  Exits 0 when the
    data is valid and 2 when it is not.

    \b
    Example:
      innosys validate --data data/
      innosys validate --data data/ --all
    """
    from innosys.io import ValidationError

    try:
        ds = load(data_dir)
    except ValidationError as e:
        e.limit = None if show_all else max_problems
        raise
    rows = sum(len(df) for df in ds.tables.values())
    click.echo(f"OK: {ds.root} is valid ({rows} rows in {sum(1 for df in ds.tables.values() if len(df))} tables)")


@main.command()
@data_option
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
def info(data_dir, as_json):
    """Count nodes per kind, relations per type and actors per Edquist activity.

    \b
    Example:
      innosys info
      innosys info --json | python -m json.tool
    """
    from innosys import schema
    from innosys.graph import to_graph
    from innosys.graph.summary import counts

    c = counts(to_graph(load(data_dir)))
    if as_json:
        click.echo(json.dumps(c, ensure_ascii=False, indent=2))
        return
    click.echo(f"{c['nodes']} nodes, {c['edges']} relations, sources: {', '.join(c['sources'])}")
    click.echo("\nNodes per kind:")
    for k, n in c["node_kinds"].items():
        click.echo(f"  {k:<24}{n:>6}")
    click.echo("\nRelations per type:")
    for k, n in c["relation_types"].items():
        click.echo(f"  {k:<24}{n:>6}")
    click.echo("\nActors per Edquist activity:")
    for a in schema.EDQUIST_ACTIVITIES:
        click.echo(f"  {a.number:>2} {a.name:<62}{c['activities'][str(a.number)]:>4}")
    click.echo(f"\nProcess rows: {c['process_rows']}, observations: {c['observations']}")


@main.command()
@click.argument("fmt", metavar="FORMAT", type=click.Choice(["graphml", "gexf", "json", "csv"]))
@click.option("--out", required=True, type=click.Path(path_type=str),
              help="Output file (a directory for csv; an existing one is replaced only if innosys wrote it).")
@force_option
@data_option
def export(fmt, out, force, data_dir):
    """Export the graph as GraphML, GEXF, node-link JSON or CSV tables.

    Nothing is written when the data is invalid.

    \b
    Example:
      innosys export graphml --out innosys.graphml
      innosys export csv --out tables/
    """
    from innosys.graph import to_graph
    from innosys.graph.export import export_graph

    if fmt == "csv":
        check_out(out, force, [data_dir])
    G = to_graph(load(data_dir))
    path = export_graph(G, fmt, out, force=force)
    click.echo(f"wrote {path} ({G.number_of_nodes()} nodes, {G.number_of_edges()} relations)")
