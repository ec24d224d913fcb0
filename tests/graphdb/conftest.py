"""Fixtures for the Neo4j tests: ONE real Neo4j server per test session.

Without NEO4J_URI a throwaway local server (tools/neo4j_local.LocalNeo4j) is
started with a LOAD CSV import directory.  With NEO4J_URI (and NEO4J_USERNAME,
NEO4J_PASSWORD, optional NEO4J_DATABASE) that server is used instead; its
import directory (server.directories.import) must then be given as
NEO4J_IMPORT_DIR for the LOAD CSV tests.  The tests delete and rewrite
innosys-labelled data on that server.  A server that cannot be started or
reached makes the tests FAIL, never skip.

The directory is the package ``graphdb`` (not ``neo4j``, which would shadow the Neo4j driver).
"""

from __future__ import annotations

import importlib.util
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from innosys.neo4j import Neo4jConfig, Neo4jConnectionError, open_session

ROOT = Path(__file__).resolve().parents[2]


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).parent == here:
            item.add_marker(pytest.mark.neo4j)
            item.add_marker(pytest.mark.slow)


def _neo4j_local():
    if "neo4j_local" in sys.modules:
        return sys.modules["neo4j_local"]
    spec = importlib.util.spec_from_file_location("neo4j_local", ROOT / "tools" / "neo4j_local.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["neo4j_local"] = module
    spec.loader.exec_module(module)
    return module


@dataclass
class Neo4jServer:
    uri: str
    user: str
    password: str
    database: str | None
    import_dir: Path | None

    def config(self, **overrides) -> Neo4jConfig:
        values = {"uri": self.uri, "user": self.user, "password": self.password, "database": self.database}
        values.update(overrides)
        return Neo4jConfig(**values)

    def env(self, **overrides) -> dict[str, str]:
        env = {"NEO4J_URI": self.uri, "NEO4J_USERNAME": self.user, "NEO4J_PASSWORD": self.password,
               "NEO4J_DATABASE": self.database or ""}
        env.update(overrides)
        return env


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory):
    """The session's Neo4j server (started once, or taken from NEO4J_URI)."""
    if os.environ.get("NEO4J_URI"):
        password = os.environ.get("NEO4J_PASSWORD")
        if not password:
            pytest.fail("NEO4J_URI is set but NEO4J_PASSWORD is not", pytrace=False)
        imp = os.environ.get("NEO4J_IMPORT_DIR")
        yield Neo4jServer(os.environ["NEO4J_URI"],
                          os.environ.get("NEO4J_USERNAME") or os.environ.get("NEO4J_USER") or "neo4j",
                          password, os.environ.get("NEO4J_DATABASE") or None, Path(imp) if imp else None)
        return
    import_dir = tmp_path_factory.mktemp("neo4j-import")
    try:
        server = _neo4j_local().LocalNeo4j(import_dir=import_dir)
        server.start()
    except Exception as e:  # noqa: BLE001 - reported as a failure, never a skip
        pytest.fail(f"could not start the local Neo4j server (tools/neo4j_local.py): {e}", pytrace=False)
    try:
        yield Neo4jServer(server.uri, server.user, server.password, None, import_dir)
    finally:
        server.stop()


@pytest.fixture(scope="session")
def db(neo4j_server):
    """An open :class:`innosys.neo4j.Session` on the session's server."""
    try:
        session = open_session(neo4j_server.config())
    except Neo4jConnectionError as e:
        pytest.fail(str(e), pytrace=False)
    yield session
    session.close()


@pytest.fixture(scope="session")
def shipped_graph():
    """The shipped dataset as it stands now (the thesis data may still be growing)."""
    from innosys.graph import load_graph

    return load_graph()


@pytest.fixture(scope="session")
def sample_graph():
    from innosys.graph import load_graph

    from .neo4j_helpers import SAMPLE

    return load_graph(SAMPLE)
