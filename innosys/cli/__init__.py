"""The innosys command line: a thin layer over the Python API.

Command modules import only click at module level; the heavy libraries are
imported inside the commands so that ``innosys --help`` starts fast.
"""

from __future__ import annotations

import click

from innosys import __version__
from innosys.cli.common import InnosysGroup


@click.group(cls=InnosysGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="innosys")
@click.option("--verbose", "-v", is_flag=True, help="Show the log (with the Neo4j driver's) on stderr.")
def main(verbose: bool) -> None:
    """Model municipal innovation systems as graphs and simulate how innovations spread.

    \b
    Example:
      innosys info                # counts in the shipped dataset
      innosys validate --data my-data/
      innosys --verbose neo4j load   # with the driver's log
    """


# Each command module adds its commands to ``main`` when imported (in --help order).
from innosys.cli import (  # noqa: E402,F401
    data_commands,
    demo_commands,
    explore_commands,
    neo4j_commands,
    query_commands,
    sim_commands,
    viz_commands,
)
