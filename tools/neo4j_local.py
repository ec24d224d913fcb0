"""A throwaway, real Neo4j Community server for innosys development, tests and benchmarks.

No Docker and no mocks: this runs the small Java launcher in ``tools/neo4j-local``
(embedded Neo4j 5.26 with the Bolt connector on 127.0.0.1, auth enabled) as a
subprocess with a temporary store directory.

    from tools.neo4j_local import LocalNeo4j   # or: sys.path tweak + import neo4j_local

    with LocalNeo4j() as server:
        driver = neo4j.GraphDatabase.driver(server.uri, auth=server.auth)
        ...

Requirements: ``java`` (17+) and, for the one-time build, ``mvn`` on PATH (the build
needs Maven Central; afterwards everything runs offline from ``tools/neo4j-local/target``).
Only the standard library and the ``neo4j`` driver are used.

``python tools/neo4j_local.py`` runs a server in the foreground until Ctrl-C.

Environment: NEO4J_LOCAL_HEAP (JVM -Xmx, default 1g), NEO4J_LOCAL_PAGECACHE (256m),
NEO4J_LOCAL_PASSWORD (default ``innosys-test``).
"""

from __future__ import annotations

import argparse
import atexit
import fcntl
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import IO, Any

TOOL_DIR = Path(__file__).resolve().parent / "neo4j-local"
POM = TOOL_DIR / "pom.xml"
TARGET = TOOL_DIR / "target"
JAR = TARGET / "neo4j-local.jar"
LIB = TARGET / "lib"
STAMP = TARGET / ".neo4j-local-built"  # same stamp as the neo4j-local bash script
# Same lock file as the bash script, so concurrent builds are serialised.
BUILD_LOCK = Path(os.environ.get("TMPDIR") or "/tmp") / "innosys-neo4j-local-build.lock"

DEFAULT_USER = "neo4j"
DEFAULT_PASSWORD = "innosys-test"
DEFAULT_HEAP = "1g"
READY_PREFIX = "NEO4J_READY "

__all__ = ["LocalNeo4j", "build", "needs_build", "DEFAULT_USER", "DEFAULT_PASSWORD"]


def _require(tool: str, why: str) -> str:
    path = shutil.which(tool)
    if path is None:
        raise RuntimeError(f"neo4j_local: '{tool}' was not found on PATH; it is needed {why}.")
    return path


def needs_build() -> bool:
    """True if the launcher jar/lib are missing or older than the pom or the sources."""
    if not (JAR.is_file() and LIB.is_dir() and STAMP.is_file()):
        return True
    built = STAMP.stat().st_mtime
    if POM.stat().st_mtime > built:
        return True
    for src in (TOOL_DIR / "src").rglob("*"):
        if src.is_file() and src.stat().st_mtime > built:
            return True
    return False


def build(force: bool = False, timeout: float = 1800.0) -> Path:
    """Build the launcher with Maven if needed; returns the jar path.

    Maven's output is shown only if the build fails (in the RuntimeError message).
    """
    if not force and not needs_build():
        return JAR
    mvn = _require("mvn", f"once to build {JAR} (Maven 3.8+)")
    _require("java", "to build and run the Neo4j launcher (OpenJDK 17+)")
    BUILD_LOCK.parent.mkdir(parents=True, exist_ok=True)
    with open(BUILD_LOCK, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not force and not needs_build():  # built by someone else meanwhile
                return JAR
            cmd = [mvn, "-q", "-B", "-Dstyle.color=never", "-f", str(POM), "package", "-DskipTests"]
            print("neo4j_local: building the Neo4j launcher (mvn package) ...", file=sys.stderr, flush=True)
            t0 = time.monotonic()
            try:
                res = subprocess.run(
                    cmd,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                    timeout=timeout,
                )
            except subprocess.TimeoutExpired as exc:
                raise RuntimeError(
                    f"neo4j_local: Maven build timed out after {timeout:.0f} s: {' '.join(cmd)}\n"
                    f"{_tail(exc.output or '')}"
                ) from None
            if res.returncode != 0 or not JAR.is_file() or not LIB.is_dir():
                raise RuntimeError(
                    f"neo4j_local: Maven build of {POM} failed (exit {res.returncode}).\n"
                    f"command: {' '.join(cmd)}\n--- Maven output (tail) ---\n{_tail(res.stdout)}"
                )
            STAMP.touch()
            print(f"neo4j_local: built in {time.monotonic() - t0:.1f} s", file=sys.stderr, flush=True)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return JAR


def _tail(text: str | bytes, lines: int = 60) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return "\n".join(text.splitlines()[-lines:])


class LocalNeo4j:
    """A real Neo4j server on 127.0.0.1 with a temporary store, as a context manager.

    Attributes once started: ``uri`` (``bolt://127.0.0.1:PORT``), ``auth``
    (``("neo4j", password)``), ``port``, ``pid``, ``store_dir``.
    """

    def __init__(
        self,
        *,
        port: int = 0,
        password: str | None = None,
        heap: str | None = None,
        pagecache: str | None = None,
        startup_timeout: float = 120.0,
        store_dir: str | os.PathLike[str] | None = None,
        keep_store: bool = False,
        auto_build: bool = True,
        import_dir: str | os.PathLike[str] | None = None,
    ) -> None:
        self.requested_port = int(port)
        self.user = DEFAULT_USER
        self.password = password or os.environ.get("NEO4J_LOCAL_PASSWORD") or DEFAULT_PASSWORD
        if len(self.password) < 8:
            raise ValueError("Neo4j requires passwords of at least 8 characters")
        self.heap = heap or os.environ.get("NEO4J_LOCAL_HEAP") or DEFAULT_HEAP
        self.pagecache = pagecache or os.environ.get("NEO4J_LOCAL_PAGECACHE") or "256m"
        self.startup_timeout = float(startup_timeout)
        self._given_store = Path(store_dir) if store_dir is not None else None
        self.keep_store = keep_store
        self.auto_build = auto_build
        #: LOAD CSV root (server.directories.import): 'file:///x.csv' reads import_dir/x.csv
        self.import_dir = Path(import_dir).resolve() if import_dir is not None else None

        self.uri: str | None = None
        self.port: int | None = None
        self.store_dir: Path | None = None
        self.startup_seconds: float | None = None
        self._proc: subprocess.Popen[str] | None = None
        self._stderr_file: IO[str] | None = None
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._reader: threading.Thread | None = None

    # ------------------------------------------------------------------ public API
    @property
    def auth(self) -> tuple[str, str]:
        return (self.user, self.password)

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def env(self) -> dict[str, str]:
        """NEO4J_URI / NEO4J_USER / NEO4J_USERNAME / NEO4J_PASSWORD for this server."""
        if self.uri is None:
            raise RuntimeError("neo4j_local: server not started")
        return {
            "NEO4J_URI": self.uri,
            "NEO4J_USER": self.user,
            "NEO4J_USERNAME": self.user,
            "NEO4J_PASSWORD": self.password,
        }

    def driver(self, **kwargs: Any) -> Any:
        """A ``neo4j.Driver`` for this server (caller closes it)."""
        import neo4j

        if self.uri is None:
            raise RuntimeError("neo4j_local: server not started")
        return neo4j.GraphDatabase.driver(self.uri, auth=self.auth, **kwargs)

    def __enter__(self) -> LocalNeo4j:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> LocalNeo4j:
        if self._proc is not None:
            raise RuntimeError("neo4j_local: already started")
        java = _require("java", "to run the Neo4j launcher (OpenJDK 17+)")
        try:
            import neo4j  # noqa: F401
        except ImportError:
            raise RuntimeError(
                "neo4j_local: the 'neo4j' Python driver is not installed (pip install 'neo4j>=5.20')"
            ) from None
        if self.auto_build:
            build()
        elif needs_build():
            raise RuntimeError(
                f"neo4j_local: {JAR} is missing or stale; run tools/neo4j-local/neo4j-local build"
            )

        attempts = 3 if self.requested_port == 0 else 1
        for attempt in range(1, attempts + 1):
            try:
                self._start_once(java)
                return self
            except _PortTaken:
                self.stop()
                if attempt == attempts:
                    raise RuntimeError("neo4j_local: could not bind a free Bolt port") from None
            except BaseException:
                self.stop()
                raise
        return self  # pragma: no cover

    def stop(self, timeout: float = 60.0) -> None:
        """Stop the server (SIGTERM, then SIGKILL after ``timeout``) and delete the temp store."""
        proc, self._proc = self._proc, None
        if proc is not None:
            if proc.poll() is None:
                try:
                    proc.terminate()  # SIGTERM -> shutdown hook -> managementService.shutdown()
                    proc.wait(timeout=timeout)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(timeout=30)
                except ProcessLookupError:
                    pass
            for stream in (proc.stdin, proc.stdout):
                try:
                    if stream is not None:
                        stream.close()
                except OSError:
                    pass
        if self._reader is not None:
            self._reader.join(timeout=5)
            self._reader = None
        if self._stderr_file is not None:
            self._stderr_file.close()
            self._stderr_file = None
        if self.store_dir is not None and self._given_store is None and not self.keep_store:
            shutil.rmtree(self.store_dir, ignore_errors=True)
            self.store_dir = None
        atexit.unregister(self.stop)
        self.uri = None
        self.port = None

    # ------------------------------------------------------------------ internals
    def _start_once(self, java: str) -> None:
        atexit.register(self.stop)  # safety net if the caller forgets stop()
        if self._given_store is not None:
            self.store_dir = self._given_store
            self.store_dir.mkdir(parents=True, exist_ok=True)
        else:
            self.store_dir = Path(tempfile.mkdtemp(prefix="innosys-neo4j-"))
        stderr_path = self.store_dir / "launcher-stderr.log"
        self._stderr_file = open(stderr_path, "w", encoding="utf-8")
        cmd = [
            java,
            "-Xms128m",
            f"-Xmx{self.heap}",
            "-XX:+UseG1GC",
            "-XX:-OmitStackTraceInFastThrow",
            "-XX:+ExitOnOutOfMemoryError",
            "-Djdk.nio.maxCachedBufferSize=1024",
            "-jar",
            str(JAR),  # classpath (target/lib) and Add-Opens come from its manifest
            "--dir",
            str(self.store_dir),
            "--port",
            str(self.requested_port),
        ]
        if self._given_store is None and not self.keep_store:
            cmd.append("--delete-dir-on-exit")  # even if this process is SIGKILLed
        if self.import_dir is not None:
            cmd += ["--import-dir", str(self.import_dir)]
        env = dict(os.environ, NEO4J_LOCAL_PASSWORD=self.password, NEO4J_LOCAL_PAGECACHE=self.pagecache)
        t0 = time.monotonic()
        deadline = t0 + self.startup_timeout
        # stdin stays an open pipe: the launcher stops by itself when it reaches EOF,
        # i.e. when this process dies, even by SIGKILL. Own session: a Ctrl-C in the
        # terminal reaches Python, which then stops the server in order.
        self._proc = subprocess.Popen(
            cmd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr_file,
            env=env,
            text=True,
            encoding="utf-8",
            errors="replace",
            start_new_session=True,
        )
        self._lines = queue.Queue()
        self._reader = threading.Thread(
            target=_pump, args=(self._proc.stdout, self._lines), name="neo4j-local-stdout", daemon=True
        )
        self._reader.start()

        uri = None
        while uri is None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self._fail(f"no {READY_PREFIX.strip()} line within {self.startup_timeout:.0f} s")
            try:
                line = self._lines.get(timeout=min(remaining, 0.5))
            except queue.Empty:
                continue
            if line is None:  # stdout closed: the process is exiting
                try:
                    self._proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    pass
                if self.requested_port == 0 and _bind_failure(stderr_path):
                    raise _PortTaken()
                self._fail(f"the launcher exited (code {self._proc.returncode}) before it was ready")
            if line.startswith(READY_PREFIX):
                uri = line[len(READY_PREFIX) :].strip()
        self.uri = uri
        self.port = int(uri.rsplit(":", 1)[1])
        self._verify(deadline)
        self.startup_seconds = time.monotonic() - t0

    def _verify(self, deadline: float) -> None:
        import neo4j
        from neo4j.exceptions import AuthError, ServiceUnavailable, SessionExpired

        last: Exception | None = None
        while time.monotonic() < deadline:
            if self._proc is None or self._proc.poll() is not None:
                self._fail("the launcher exited right after reporting ready")
            try:
                with neo4j.GraphDatabase.driver(self.uri, auth=self.auth, connection_timeout=5) as drv:
                    drv.verify_connectivity()
                return
            except AuthError as exc:
                self._fail(f"Bolt rejected the configured password: {exc}")
            except (ServiceUnavailable, SessionExpired, OSError) as exc:
                last = exc
                time.sleep(0.2)
        self._fail(f"verify_connectivity() did not succeed before the timeout: {last!r}")

    def _fail(self, why: str) -> None:
        details = ""
        if self.store_dir is not None:
            if self._stderr_file is not None:
                self._stderr_file.flush()
            for name in ("launcher-stderr.log", "logs/debug.log"):
                path = self.store_dir / name
                if path.is_file():
                    details += f"\n--- {name} (tail) ---\n{_tail(path.read_text('utf-8', 'replace'), 40)}"
        raise RuntimeError(f"neo4j_local: starting Neo4j failed: {why}{details}")


class _PortTaken(Exception):
    pass


def _bind_failure(stderr_path: Path) -> bool:
    try:
        text = stderr_path.read_text("utf-8", "replace")
    except OSError:
        return False
    return "Address already in use" in text or "BindException" in text


def _pump(stream: IO[str] | None, out: queue.Queue[str | None]) -> None:
    try:
        if stream is not None:
            for line in stream:
                out.put(line.rstrip("\n"))
    except (OSError, ValueError):
        pass
    finally:
        out.put(None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Run a throwaway real Neo4j server (Bolt on 127.0.0.1) until Ctrl-C.",
        epilog="example: python tools/neo4j_local.py --port 7687",
    )
    parser.add_argument("--port", type=int, default=0, help="Bolt port (default: a free one)")
    parser.add_argument(
        "--password", default=None, help=f"password of user neo4j (default {DEFAULT_PASSWORD})"
    )
    parser.add_argument("--heap", default=None, help="JVM -Xmx (default $NEO4J_LOCAL_HEAP or 1g)")
    parser.add_argument("--dir", default=None, help="store directory (default: temporary, deleted on exit)")
    parser.add_argument("--import-dir", default=None, help="LOAD CSV root: file:///x.csv reads DIR/x.csv")
    parser.add_argument("--build-only", action="store_true", help="only build the launcher, then exit")
    args = parser.parse_args(argv)

    if args.build_only:
        print(build())
        return 0

    def _on_term(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _on_term)
    server = LocalNeo4j(port=args.port, password=args.password, heap=args.heap, store_dir=args.dir,
                        import_dir=args.import_dir)
    try:
        with server:
            for key, value in server.env().items():
                print(f"{key}={value}")
            print(
                f"# ready in {server.startup_seconds:.1f} s, pid {server.pid}, store {server.store_dir}; "
                "Ctrl-C to stop",
                flush=True,
            )
            while server.running:
                time.sleep(0.5)
            print("neo4j_local: server exited unexpectedly", file=sys.stderr)
            return 1
    except KeyboardInterrupt:
        print("neo4j_local: stopped", file=sys.stderr)
        return 0


if __name__ == "__main__":
    sys.exit(main())
