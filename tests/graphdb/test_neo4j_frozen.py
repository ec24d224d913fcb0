"""A frozen (kill -STOP) or killed Neo4j server: every command ends within ~15 s with one sentence.

These tests use their own throwaway server (not the session's), because they freeze and kill it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from .neo4j_helpers import SAMPLE

ROOT = Path(__file__).resolve().parents[2]

LIMIT = 20.0  # seconds from the freeze to the end of the command (the timeout is 10 s)


@pytest.fixture(scope="module")
def throwaway():
    import importlib.util

    spec = importlib.util.spec_from_file_location("neo4j_local", ROOT / "tools" / "neo4j_local.py")
    neo4j_local = sys.modules.get("neo4j_local") or importlib.util.module_from_spec(spec)
    if "neo4j_local" not in sys.modules:
        sys.modules["neo4j_local"] = neo4j_local
        spec.loader.exec_module(neo4j_local)
    try:
        server = neo4j_local.LocalNeo4j()
        server.start()
    except Exception as e:  # noqa: BLE001 - a failure, never a skip
        pytest.fail(f"could not start a throwaway Neo4j server: {e}", pytrace=False)
    yield server
    if server.pid:
        try:
            os.kill(server.pid, signal.SIGCONT)
        except ProcessLookupError:
            pass
    server.stop()


def start(server, *args):
    env = {**os.environ, "NEO4J_URI": server.uri, "NEO4J_USERNAME": server.user,
           "NEO4J_PASSWORD": server.password}
    env.pop("NEO4J_DATABASE", None)
    return subprocess.Popen([sys.executable, "-m", "innosys", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)


def finish(proc, timeout=90):
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out, err


def sentences(stderr: str) -> list[str]:
    return [ln for ln in stderr.splitlines() if ln.strip() and "loading into Neo4j" not in ln]


def assert_one_sentence(stderr: str, uri: str) -> str:
    lines = sentences(stderr)
    assert len(lines) == 1, stderr
    line = lines[0]
    assert line.startswith("Error: ") and line.endswith(".") and not line.rstrip(".").endswith(":"), line
    assert uri in line and "Traceback" not in stderr and "[#" not in stderr, stderr
    return line


def wait_until_loading(server, proc, seconds=120):
    """Wait until the load has written its first nodes (it then goes on for a while)."""
    driver = server.driver(notifications_min_severity="OFF")
    try:
        t0 = time.monotonic()
        while time.monotonic() - t0 < seconds:
            assert proc.poll() is None, proc.communicate()
            n = driver.execute_query("MATCH (n:Innosys) RETURN count(n) AS n").records[0]["n"]
            if n > 0:
                return
            time.sleep(0.05)
    finally:
        driver.close()
    raise AssertionError("the load wrote nothing")


def wipe(server):
    driver = server.driver(notifications_min_severity="OFF")
    try:
        driver.execute_query("MATCH (n:Innosys) DETACH DELETE n")
    finally:
        driver.close()


def test_frozen_server_at_the_probe(throwaway):
    os.kill(throwaway.pid, signal.SIGSTOP)
    try:
        t0 = time.monotonic()
        code, _, err = finish(start(throwaway, "query", "brokers", "--backend", "neo4j"))
        seconds = time.monotonic() - t0
    finally:
        os.kill(throwaway.pid, signal.SIGCONT)
    assert code == 1
    line = assert_one_sentence(err, throwaway.uri)
    assert seconds < LIMIT, (seconds, line)


@pytest.mark.parametrize("verbose", [False, True])
def test_frozen_server_mid_load(throwaway, verbose):
    wipe(throwaway)
    proc = start(throwaway, *(["--verbose"] if verbose else []), "neo4j", "load", "--batch-size", "20")
    wait_until_loading(throwaway, proc)
    os.kill(throwaway.pid, signal.SIGSTOP)
    try:
        t0 = time.monotonic()
        code, _, err = finish(proc)
        seconds = time.monotonic() - t0
    finally:
        os.kill(throwaway.pid, signal.SIGCONT)
    assert code == 1 and seconds < LIMIT, (seconds, err)
    if verbose:  # the log (innosys's, with the driver's) is shown, still ending in one sentence
        assert "[#" in err and err.strip().splitlines()[-1].startswith("Error: "), err
    else:
        assert_one_sentence(err, throwaway.uri)


def test_server_killed_mid_load(throwaway):
    """Last in this module: the server does not come back."""
    wipe(throwaway)
    proc = start(throwaway, "neo4j", "load", "--batch-size", "20")
    wait_until_loading(throwaway, proc)
    os.kill(throwaway.pid, signal.SIGKILL)
    t0 = time.monotonic()
    code, _, err = finish(proc)
    seconds = time.monotonic() - t0
    assert code == 1 and seconds < LIMIT, (seconds, err)
    line = assert_one_sentence(err, throwaway.uri)
    assert "retried" not in err and "defunct" not in line, err


def test_sample_load_still_works(db, neo4j_server):
    """The bounds do not get in the way of a normal load on the session's server."""
    env = {**os.environ, **neo4j_server.env()}
    done = subprocess.run([sys.executable, "-m", "innosys", "neo4j", "load", "--data", str(SAMPLE)],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
