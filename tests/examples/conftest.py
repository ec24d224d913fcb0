"""Fixtures for the example studies' tests.

``neo4j_server`` is the session fixture of ``tests/graphdb/conftest.py`` (one real Neo4j server per
test session, or the server named by NEO4J_URI; it FAILS, never skips, when no server can be
started or reached), imported from the package ``graphdb``.  If it cannot be loaded, an
equivalent fixture built on ``tools/neo4j_local.LocalNeo4j`` is used.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load(name: str, path: Path):
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


try:
    neo4j_server = importlib.import_module("graphdb.conftest").neo4j_server
except Exception:  # noqa: BLE001 - fall back to an equivalent fixture below
    @dataclass
    class _Server:
        uri: str
        user: str
        password: str

        def env(self) -> dict[str, str]:
            return {"NEO4J_URI": self.uri, "NEO4J_USERNAME": self.user, "NEO4J_PASSWORD": self.password}

    @pytest.fixture(scope="session")
    def neo4j_server():
        """A real Neo4j server for the session: NEO4J_URI's, or a throwaway local one."""
        if os.environ.get("NEO4J_URI"):
            if not os.environ.get("NEO4J_PASSWORD"):
                pytest.fail("NEO4J_URI is set but NEO4J_PASSWORD is not", pytrace=False)
            yield _Server(os.environ["NEO4J_URI"], os.environ.get("NEO4J_USERNAME") or "neo4j",
                          os.environ["NEO4J_PASSWORD"])
            return
        try:
            local = _load("neo4j_local", ROOT / "tools" / "neo4j_local.py")
            server = local.LocalNeo4j()
            server.start()
        except Exception as e:  # noqa: BLE001 - a failure, never a skip
            pytest.fail(f"could not start the local Neo4j server (tools/neo4j_local.py): {e}", pytrace=False)
        try:
            yield _Server(server.uri, server.user, server.password)
        finally:
            server.stop()
