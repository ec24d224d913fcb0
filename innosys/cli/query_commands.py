"""innosys query: the named query catalogue, embedded or on Neo4j."""

from __future__ import annotations

import click

from innosys.cli import main
from innosys.cli.common import connection_options, data_option, neo4j_errors, open_db


def _cell(value, width: int | None = None) -> str:
    if value is None:
        text = ""
    elif isinstance(value, list):
        text = ", ".join(_cell(v) for v in value)
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, float):
        text = f"{value:.6g}"
    else:
        text = str(value)
    if width is not None and len(text) > width:
        text = text[: width - 1] + "…"
    return text


def _table(df, width: int = 60) -> str:
    cols = list(df.columns)
    rows = [[_cell(v, width) for v in row] for row in df.itertuples(index=False, name=None)]
    widths = [max([len(c)] + [len(r[i]) for r in rows]) for i, c in enumerate(cols)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(cols, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() for r in rows]
    return "\n".join(lines)


def _json_value(value):
    if isinstance(value, list):
        return [_json_value(v) for v in value]
    if hasattr(value, "item"):
        return value.item()
    return value


@main.command("query")
@click.argument("name", required=False)
@click.option("--list", "list_", is_flag=True, help="List the queries with their parameters and defaults.")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              help="A query parameter (see --list); repeatable. Lists are comma-separated; 'null' = none.")
@click.option("--backend", type=click.Choice(["embedded", "neo4j"]), default="embedded", show_default=True,
              help="Answer from the embedded graph (no server) or from Neo4j (after `innosys neo4j load`).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@data_option
@connection_options
@neo4j_errors
def query(name, list_, params, backend, fmt, data_dir, uri, user, password, database, timeout):
    """Run a named query of the catalogue (cypher/queries/) and print its rows.

    Both backends return the same rows; --data applies to the embedded backend.

    \b
    Example:
      innosys query --list
      innosys query brokers
      innosys query adopters -p innovation=inn:samveis --format csv
      innosys query activity-coverage --backend neo4j --format json
    """
    import csv
    import io
    import json

    from innosys.queries import catalogue, get_query, run_query

    if list_:
        for q in catalogue().values():
            click.echo(f"{q.name}\n  {q.description}")
            for p in q.params:
                default = "null" if p.default is None else (
                    ",".join(p.default) if isinstance(p.default, list) else str(p.default).lower()
                    if isinstance(p.default, bool) else str(p.default))
                click.echo(f"  -p {p.name}=<{p.type}> (default {default}): {p.doc}")
        return
    if not name:
        raise click.UsageError("give a query NAME (see `innosys query --list`)")
    get_query(name)
    values = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{item!r} is not KEY=VALUE", param_hint="--param")
        values[key.strip()] = value
    if backend == "neo4j":
        if data_dir is not None:
            click.echo("note: --data applies to the embedded backend; Neo4j answers from what "
                       "`innosys neo4j load` stored", err=True)

        with open_db(uri, user, password, database, timeout) as db:
            df = run_query(name, backend="neo4j", db=db, **values)
    else:
        df = run_query(name, backend="embedded", data=data_dir, **values)
    if fmt == "json":
        rows = [{c: _json_value(v) for c, v in zip(df.columns, row)} for row in df.itertuples(index=False, name=None)]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
    elif fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(df.columns)
        for row in df.itertuples(index=False, name=None):
            w.writerow([_cell(v) for v in row])
        click.echo(buf.getvalue(), nl=False)
    else:
        click.echo(_table(df) if len(df) else "(no rows)")
