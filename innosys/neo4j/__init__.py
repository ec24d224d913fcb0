"""The Neo4j layer: load the innosys graph into a Neo4j server, pull it back, run Cypher, store results.

Connection settings come from arguments or ``NEO4J_URI``, ``NEO4J_USERNAME``,
``NEO4J_PASSWORD`` and ``NEO4J_DATABASE``; see docs/neo4j.md.

>>> from innosys.neo4j import Neo4jConfig, schema_cypher
>>> schema_cypher().count("REQUIRE n.id IS UNIQUE") >= 21
True
>>> # with open_session(Neo4jConfig.from_env()) as db:
>>> #     load(load_graph(), db); G = pull(db)
"""

from innosys.neo4j.connection import Neo4jConfig, Neo4jConnectionError, Session, connect, open_session
from innosys.neo4j.cypher import (
    label,
    load_scripts,
    rel_type,
    schema_cypher,
    schema_statements,
    split_statements,
)
from innosys.neo4j.load import LoadReport, apply_schema, load, prune_stale, wipe
from innosys.neo4j.pull import pull
from innosys.neo4j.results import ResultDirError, read_result_dir, write_results
from innosys.neo4j.shell import CypherFileError, run_cypher_file, run_cypher_text

__all__ = [
    "CypherFileError", "LoadReport", "Neo4jConfig", "Neo4jConnectionError", "ResultDirError", "Session",
    "apply_schema", "connect", "label", "load", "load_scripts", "open_session", "prune_stale", "pull",
    "read_result_dir", "rel_type", "run_cypher_file", "run_cypher_text", "schema_cypher", "schema_statements",
    "split_statements", "wipe", "write_results",
]
