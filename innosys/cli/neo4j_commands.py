"""innosys neo4j load | pull | cypher | write-results | schema."""

from __future__ import annotations

import sys

import click

from innosys.cli import main
from innosys.cli.common import connection_options, data_option, load, neo4j_errors, open_db


@main.group()
def neo4j():
    """Load the graph into Neo4j, pull it back, run Cypher files, store simulation results.

    The server comes from --uri/--user/--password/--database or NEO4J_URI, NEO4J_USERNAME,
    NEO4J_PASSWORD and NEO4J_DATABASE (see docs/neo4j.md for a throwaway local server).

    \b
    Example:
      export NEO4J_URI=bolt://localhost:7687 NEO4J_PASSWORD=secret
      innosys neo4j load --wipe
      innosys query brokers --backend neo4j
    """


@neo4j.command("load")
@data_option
@click.option("--wipe", is_flag=True, help="First delete every Innosys-labelled node (other data is kept).")
@click.option("--batch-size", type=click.IntRange(min=1), default=1000, show_default=True,
              help="Rows per UNWIND batch (one transaction each).")
@click.option("--no-prune", is_flag=True,
              help="Keep innosys nodes/relations that are no longer in the data (default: remove them).")
@connection_options
@neo4j_errors
def load_command(data_dir, wipe, batch_size, no_prune, uri, user, password, database, timeout):
    """Load a data directory into Neo4j (idempotent: MERGE on ids and relation keys).

    Constraints and indexes come first, then nodes and relations in batches, each its
    own transaction; an interrupted load can simply be run again.

    \b
    Example:
      innosys neo4j load
      innosys neo4j load --wipe --batch-size 500 --data my-data/
    """
    from innosys.graph import to_graph
    from innosys.neo4j import load as load_graph_into
    from innosys.neo4j.load import total_rows

    G = to_graph(load(data_dir))
    with open_db(uri, user, password, database, timeout) as db:
        with click.progressbar(length=total_rows(G), label="loading into Neo4j", file=sys.stderr,
                               show_eta=False) as bar:
            report = load_graph_into(G, db, batch_size=batch_size, wipe_first=wipe, prune=not no_prune,
                                     progress=bar.update)
    click.echo(f"loaded into {db.config.where()}: {report}")


@neo4j.command("pull")
@click.option("--out", type=click.Path(dir_okay=False, path_type=str), default=None,
              help="Write the graph to FILE.graphml or FILE.json (node-link); default: print counts.")
@connection_options
@neo4j_errors
def pull_command(out, uri, user, password, database, timeout):
    """Read the innosys graph back from Neo4j (identical to the graph that was loaded).

    \b
    Example:
      innosys neo4j pull
      innosys neo4j pull --out pulled.graphml
    """
    import json
    from pathlib import Path

    from innosys.graph.summary import counts
    from innosys.neo4j import pull

    fmt = None
    if out is not None:
        fmt = {".graphml": "graphml", ".json": "json", ".gexf": "gexf"}.get(Path(out).suffix.lower())
        if fmt is None:
            raise click.BadParameter(f"{out}: the file name must end in .graphml, .json or .gexf",
                                     param_hint="--out")
    with open_db(uri, user, password, database, timeout) as db:
        G = pull(db)
    if out is None:
        click.echo(json.dumps(counts(G), ensure_ascii=False, indent=2))
        return
    from innosys.graph.export import export_graph

    export_graph(G, fmt, out)
    click.echo(f"wrote {out} ({G.number_of_nodes()} nodes, {G.number_of_edges()} relations)")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@neo4j.command("cypher")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=str))
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              help="A string parameter for the statements ($KEY); repeatable.")
@connection_options
@neo4j_errors
def cypher_command(file, params, uri, user, password, database, timeout):
    """Run a file of ;-separated Cypher statements (cypher-shell style) and print their results.

    Each statement runs in its own transaction; the first failure stops the run.

    \b
    Example:
      innosys neo4j cypher cypher/schema.cypher
      innosys neo4j cypher cypher/queries/adopters.cypher -p innovation=inn:samveis -p statuses=null
    """
    from innosys.neo4j import run_cypher_file

    values = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{item!r} is not KEY=VALUE", param_hint="--param")
        values[key] = None if value == "null" else value
    with open_db(uri, user, password, database, timeout) as db:
        results = run_cypher_file(file, db, params=values)
    for res in results:
        if res.columns:
            click.echo("\t".join(res.columns))
            for row in res.rows:
                click.echo("\t".join(_cell(v) for v in row))
        click.echo(f"-- {file}:{res.line}: ok, {len(res.rows)} row(s)", err=True)
    click.echo(f"ran {len(results)} statement(s) from {file}")


@neo4j.command("write-results")
@click.argument("result_dir", type=click.Path(file_okay=False, path_type=str))
@connection_options
@neo4j_errors
def write_results_command(result_dir, uri, user, password, database, timeout):
    """Store a diffusion result directory in Neo4j (replacing earlier results of its scenario).

    Writes a :SimulationRun node and one SIMULATED_ADOPTION relation per unit; read them
    with `innosys query simulation-results --backend neo4j`.

    \b
    Example:
      innosys neo4j write-results results/samveis-baseline
    """
    from innosys.neo4j import read_result_dir, write_results

    result = read_result_dir(result_dir)
    with open_db(uri, user, password, database, timeout) as db:
        info = write_results(result, db)
    missing = f"; {info['units_missing']} unit(s) not in Neo4j were skipped" if info["units_missing"] else ""
    click.echo(f"wrote scenario {info['scenario']!r}: {info['units_written']} unit(s){missing}")


@neo4j.command("schema")
def schema_command():
    """Print the constraints and indexes generated from the schema (cypher/schema.cypher).

    \b
    Example:
      innosys neo4j schema > schema.cypher
    """
    from innosys.neo4j import schema_cypher

    click.echo(schema_cypher(), nl=False)
