"""Neo4j commands against servers that are not Neo4j: one sentence naming the URI, quickly.

Real sockets on 127.0.0.1: an HTTP server, a socket that accepts and never answers,
and a closed port.  (The frozen and killed real servers are in tests/graphdb.)
"""

from __future__ import annotations

import http.server
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import SAMPLE

from innosys.neo4j import Neo4jConfig, Neo4jConnectionError, open_session
from innosys.neo4j.connection import redact

pytestmark = pytest.mark.slow  # real processes, servers or clusters: seconds per test

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 16.0  # seconds; the brief says ~15


@pytest.fixture()
def silent_port():
    """Accepts connections and never says a word."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(64)
    held, stop = [], threading.Event()

    def accept():
        srv.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(srv.accept()[0])
            except OSError:
                pass
    t = threading.Thread(target=accept, daemon=True)
    t.start()
    yield srv.getsockname()[1]
    stop.set()
    t.join()
    for c in held:
        c.close()
    srv.close()


@pytest.fixture()
def http_port():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    yield httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


def closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def cli(*args, uri: str, password: str = "irrelevant-pw", extra_env=None):
    env = {**os.environ, "NEO4J_URI": uri, "NEO4J_PASSWORD": password, "NEO4J_USERNAME": "neo4j",
           **(extra_env or {})}
    env.pop("NEO4J_DATABASE", None)
    t0 = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "innosys", *args], capture_output=True, text=True, env=env,
                          timeout=90, cwd=ROOT)
    return done, time.monotonic() - t0


def assert_one_sentence(stderr: str, uri: str) -> str:
    lines = [ln for ln in stderr.splitlines() if ln.strip() and "loading into Neo4j" not in ln]
    assert len(lines) == 1, stderr
    line = lines[0]
    assert line.startswith("Error: ") and line.endswith(".") and not line.rstrip(".").endswith(":"), line
    assert uri in line and "Traceback" not in stderr, line
    return line


@pytest.mark.parametrize("server", ["silent", "http", "closed"])
@pytest.mark.parametrize("command", [["neo4j", "load", "--data", str(SAMPLE)],
                                     ["query", "brokers", "--backend", "neo4j"]])
def test_not_a_neo4j_server_fails_fast_with_one_sentence(server, command, request):
    port = {"silent": lambda: request.getfixturevalue("silent_port"),
            "http": lambda: request.getfixturevalue("http_port"), "closed": closed_port}[server]()
    uri = f"bolt://127.0.0.1:{port}"
    done, seconds = cli(*command, uri=uri)
    assert done.returncode == 1
    line = assert_one_sentence(done.stderr, uri)
    assert seconds < LIMIT, (seconds, line)


def test_library_connect_is_bounded_too(silent_port):
    t0 = time.monotonic()
    with pytest.raises(Neo4jConnectionError, match=rf"bolt://127.0.0.1:{silent_port}"):
        open_session(Neo4jConfig(uri=f"bolt://127.0.0.1:{silent_port}", password="x", timeout=3))
    assert time.monotonic() - t0 < 8


def test_password_in_the_uri_is_never_printed(silent_port):
    for uri in ("bolt://neo4j:TopSecretPW@127.0.0.1:1", f"bolt://neo4j:TopSecretPW@127.0.0.1:{silent_port}",
                "http://neo4j:TopSecretPW@127.0.0.1:1", "bolt://neo4j:TopSecretPW@127.0.0.1:notaport"):
        for verbose in ([], ["--verbose"]):
            done, _ = cli(*verbose, "query", "brokers", "--backend", "neo4j", uri=uri,
                          extra_env={"NEO4J_TIMEOUT": "3"})
            assert done.returncode == 1
            assert "TopSecretPW" not in done.stderr + done.stdout, done.stderr
            assert redact(uri) in done.stderr, done.stderr
    assert "TopSecretPW" not in repr(Neo4jConfig(uri="bolt://neo4j:TopSecretPW@h:1"))


def test_credentials_in_the_uri_are_used_not_shown(silent_port):
    cfg = Neo4jConfig.from_env(uri=f"bolt://neo4j:TopSecretPW@127.0.0.1:{silent_port}", env={}, timeout=2)
    with pytest.raises(Neo4jConnectionError) as e:
        open_session(cfg)  # no "no password" error: the URI's password is taken
    assert "No password" not in str(e.value) and "TopSecretPW" not in str(e.value)
