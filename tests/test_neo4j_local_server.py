"""The throwaway Neo4j server (tools/neo4j_local.py) is a real Neo4j reachable over Bolt.

No mocks and no skipping: this needs java and (for the first build) mvn on PATH.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import time
from pathlib import Path

import neo4j
import pytest
from neo4j.exceptions import AuthError

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]

_MODULE_PATH = Path(__file__).resolve().parents[1] / "tools" / "neo4j_local.py"


def _load_neo4j_local():
    if "neo4j_local" in sys.modules:
        return sys.modules["neo4j_local"]
    spec = importlib.util.spec_from_file_location("neo4j_local", _MODULE_PATH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["neo4j_local"] = module
    spec.loader.exec_module(module)
    return module


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie still answers kill(0); count it as gone.
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def test_local_neo4j_roundtrip_auth_and_cleanup():
    neo4j_local = _load_neo4j_local()
    password = "innosys-test-pw"
    name = 'Quote\'s "double" `back`tick` \\ ; MATCH (n) DETACH DELETE n //'

    with neo4j_local.LocalNeo4j(password=password) as server:
        assert server.uri.startswith("bolt://127.0.0.1:")
        assert server.auth == ("neo4j", password)
        pid = server.pid
        store_dir = server.store_dir
        assert pid is not None and _pid_alive(pid)
        assert store_dir is not None and store_dir.is_dir()

        with neo4j.GraphDatabase.driver(server.uri, auth=("neo4j", password)) as driver:
            driver.verify_connectivity()
            records, _, _ = driver.execute_query(
                "CREATE (n:InnosysProbe {name: $name}) RETURN n.name AS name", name=name
            )
            assert [r["name"] for r in records] == [name]

            records, _, _ = driver.execute_query(
                "MATCH (n:InnosysProbe) RETURN n.name AS name, count(*) AS c", routing_="r"
            )
            assert [(r["name"], r["c"]) for r in records] == [(name, 1)]

            version = driver.execute_query(
                "CALL dbms.components() YIELD versions RETURN versions[0] AS v"
            ).records[0]["v"]
            assert version.startswith("5.26.")

        with pytest.raises(AuthError):
            with neo4j.GraphDatabase.driver(server.uri, auth=("neo4j", "definitely-wrong")) as bad:
                bad.verify_connectivity()

    # After the context: process gone (not even a zombie) and temporary store deleted.
    deadline = time.monotonic() + 10
    while _pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _pid_alive(pid)
    assert not store_dir.exists()
    assert server.uri is None
