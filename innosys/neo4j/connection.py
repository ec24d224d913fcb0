"""Connecting to a Neo4j server: settings from arguments or the environment, clear errors.

Settings come from explicit arguments first, then ``NEO4J_URI``,
``NEO4J_USERNAME`` (or ``NEO4J_USER``), ``NEO4J_PASSWORD`` and
``NEO4J_DATABASE``.  Every failure to connect becomes one
:class:`Neo4jConnectionError` whose message names the URI (never the password).

>>> cfg = Neo4jConfig.from_env(uri="bolt://127.0.0.1:7687", user="neo4j", password="secret")
>>> cfg.uri, cfg.user, cfg.database
('bolt://127.0.0.1:7687', 'neo4j', None)
>>> "secret" in repr(cfg)
False
"""

from __future__ import annotations

import os
import re
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

DEFAULT_URI = "bolt://localhost:7687"
DEFAULT_USER = "neo4j"
#: seconds a server may stay silent before a command gives up (NEO4J_TIMEOUT overrides it)
DEFAULT_TIMEOUT = 10.0

T = TypeVar("T")


class Neo4jConnectionError(RuntimeError):
    """The server could not be reached or refused us; the message is one sentence."""


_USERINFO = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?P<userinfo>[^@/?#]*)@")


def redact(uri: str) -> str:
    """``uri`` with any password in it replaced by ``***`` (for messages and logs).

    >>> redact("bolt://neo4j:TopSecretPW@127.0.0.1:7687")
    'bolt://neo4j:***@127.0.0.1:7687'
    >>> redact("bolt://127.0.0.1:7687")
    'bolt://127.0.0.1:7687'
    """
    m = _USERINFO.match(uri)
    if not m:
        return uri
    user = m.group("userinfo").split(":", 1)[0]
    return f"{m.group('scheme')}{user}:***@{uri[m.end():]}"


@dataclass(frozen=True)
class Neo4jConfig:
    """Where and as whom to connect. ``database=None`` means the server's default database.

    ``timeout`` bounds every wait on the server: the handshake, getting a connection,
    and each reply within a transaction.
    """

    uri: str = DEFAULT_URI
    user: str = DEFAULT_USER
    password: str | None = field(default=None, repr=False)
    database: str | None = None
    timeout: float = DEFAULT_TIMEOUT

    @classmethod
    def from_env(cls, uri: str | None = None, user: str | None = None, password: str | None = None,
                 database: str | None = None, env: dict | None = None,
                 timeout: float | None = None) -> Neo4jConfig:
        """Explicit values win; missing ones come from the NEO4J_* environment variables."""
        env = os.environ if env is None else env
        if timeout is None:
            try:
                timeout = float(env.get("NEO4J_TIMEOUT") or DEFAULT_TIMEOUT)
            except ValueError:
                raise Neo4jConnectionError(
                    f"NEO4J_TIMEOUT must be a number of seconds, not {env.get('NEO4J_TIMEOUT')!r}.") from None
        return cls(
            uri=uri or env.get("NEO4J_URI") or DEFAULT_URI,
            user=user or env.get("NEO4J_USERNAME") or env.get("NEO4J_USER") or DEFAULT_USER,
            password=password if password is not None else env.get("NEO4J_PASSWORD"),
            database=database or env.get("NEO4J_DATABASE") or None,
            timeout=timeout,
        )

    def __repr__(self) -> str:
        return (f"Neo4jConfig(uri={redact(self.uri)!r}, user={self.user!r}, database={self.database!r}, "
                f"timeout={self.timeout!r})")

    @property
    def shown_uri(self) -> str:
        """The URI as messages show it (without a password)."""
        return redact(self.uri)

    def where(self) -> str:
        """How messages name the server: the URI plus the database when one is chosen."""
        return self.shown_uri if not self.database else f"{self.shown_uri} (database {self.database!r})"


def _chain(e: BaseException) -> Iterator[BaseException]:
    seen = set()
    cur: BaseException | None = e
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        yield cur
        cur = cur.__cause__ or cur.__context__


def _one_line(e: BaseException, config: Neo4jConfig) -> str:
    """The exception's message on one line, without the URI's password, not ending in a colon."""
    text = " ".join(str(getattr(e, "message", None) or e).split()) or type(e).__name__
    text = text.replace(config.uri, config.shown_uri)
    text = re.sub(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s@/]*@\S*", lambda m: redact(m.group(0)), text)
    if len(text) > 200:
        text = text[:200].rsplit(" ", 1)[0] + " …"
    return text.rstrip(" :.")


def _reason(e: BaseException, config: Neo4jConfig) -> str:
    """Why a connection failed, from the exception chain (refused, timed out, unknown host, ...)."""
    for cur in _chain(e):
        if isinstance(cur, ConnectionRefusedError):
            return "connection refused (is the server running, and is the port right?)"
        if isinstance(cur, socket.gaierror):
            return "unknown host or port"
        if isinstance(cur, TimeoutError | socket.timeout):
            return f"no answer within {config.timeout:g} s (is it a Neo4j server, and is it responding?)"
    text = " ".join(_one_line(c, config) for c in _chain(e))
    if "handshake" in text.lower() or "deadline" in text.lower():
        return f"no Bolt handshake within {config.timeout:g} s (is it a Neo4j server, and is it responding?)"
    if "defunct" in text or "Connection reset" in text or "closed" in text.lower():
        return "the connection was lost (the server stopped or closed it)"
    if "Couldn't connect" in text or "Failed to establish" in text:
        return "no answer on that address"
    return _one_line(e, config)


#: URI schemes of the Bolt protocol (the driver's HTTP support is a preview; not used here).
URI_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def describe_error(e: BaseException, config: Neo4jConfig) -> str | None:
    """One sentence for a connection-level error, or None when ``e`` is not one."""
    from neo4j import exceptions as ex

    code = getattr(e, "code", None) or ""
    uri = config.shown_uri
    if isinstance(e, ex.AuthError) or code.startswith("Neo.ClientError.Security.Unauthorized") \
            or code == "Neo.ClientError.Security.AuthenticationRateLimit":
        return (f"The Neo4j server at {uri} rejected the credentials for user {config.user!r} "
                f"(check --user/--password or NEO4J_USERNAME/NEO4J_PASSWORD).")
    if code == "Neo.ClientError.Database.DatabaseNotFound":
        return (f"The Neo4j server at {uri} has no database {config.database!r} "
                f"(check --database or NEO4J_DATABASE).")
    if isinstance(e, ex.ServiceUnavailable | ex.SessionExpired | ex.IncompleteCommit) or (
            isinstance(e, ex.DriverError | OSError) and any(isinstance(c, OSError) for c in _chain(e))):
        return f"Cannot reach a Neo4j server at {uri}: {_reason(e, config)}."
    if isinstance(e, ex.ConfigurationError) or (
            isinstance(e, ValueError) and "URI" in str(e)):
        return f"Invalid Neo4j URI {uri!r}: {_one_line(e, config)}."
    return None


def describe_failure(e: BaseException, config: Neo4jConfig) -> str | None:
    """One sentence for any driver or server error in mid-command, or None when ``e`` is not one."""
    from neo4j.exceptions import DriverError, Neo4jError

    if not isinstance(e, Neo4jError | DriverError | Neo4jConnectionError):
        return None
    if isinstance(e, Neo4jConnectionError):
        return str(e)
    return describe_error(e, config) or f"Neo4j at {config.where()} failed: {_one_line(e, config)}."


def bound_reads(driver, seconds: float) -> bool:
    """Make every connection ``driver`` hands out give up after ``seconds`` without a reply.

    The driver bounds its TCP connect and handshake, but once connected it waits
    for a reply forever (unless the server sends a ``connection.recv_timeout_seconds``
    hint), so a frozen server (``kill -STOP``) would block a transaction for ever.
    The driver has no public setting for this; its sockets' ``set_read_timeout``
    is set as the pool hands out a connection.  Returns False (and changes nothing)
    when a driver version lacks these internals.
    """
    import functools

    pool = getattr(driver, "_pool", None)
    acquire = getattr(pool, "acquire", None)
    if acquire is None:
        return False
    if getattr(acquire, "_innosys_bounded", None) == seconds:
        return True
    acquire = getattr(acquire, "__wrapped__", acquire)

    @functools.wraps(acquire)
    def bounded_acquire(*args, **kwargs):
        conn = acquire(*args, **kwargs)
        sock = getattr(conn, "socket", None)
        if hasattr(sock, "set_read_timeout"):
            sock.set_read_timeout(seconds)
        return conn
    bounded_acquire._innosys_bounded = seconds  # type: ignore[attr-defined]
    pool.acquire = bounded_acquire
    return True


def with_retries(fn: Callable[[], T], attempts: int = 4, delay: float = 0.5,
                 retry_on: tuple[type[BaseException], ...] | None = None, deadline: float | None = None) -> T:
    """Call ``fn``; on a transient Neo4j error wait ``delay`` (doubling) and try again.

    No new attempt starts after ``deadline`` (a ``time.monotonic()`` value).
    """
    from neo4j import exceptions as ex

    retry_on = retry_on or (ex.TransientError, ex.SessionExpired)
    for attempt in range(attempts):
        try:
            return fn()
        except retry_on as e:
            if isinstance(e, ex.TransientError) and not e.is_retryable():
                raise
            wait = delay * (2 ** attempt)
            if attempt == attempts - 1 or (deadline is not None and time.monotonic() + wait > deadline):
                raise
            if any(isinstance(c, TimeoutError | socket.timeout) for c in _chain(e)):
                raise  # a silent server stays silent: waiting again only doubles the wait
            time.sleep(wait)
    raise AssertionError("unreachable")


def _credentials(config: Neo4jConfig) -> tuple[str, str | None, str]:
    """The URI without userinfo, and user and password (those in the URI when not given otherwise)."""
    m = _USERINFO.match(config.uri)
    if not m:
        return config.uri, config.password, config.user
    from urllib.parse import unquote

    user, _, pw = m.group("userinfo").partition(":")
    uri = m.group("scheme") + config.uri[m.end():]
    return uri, config.password if config.password is not None else (unquote(pw) or None), \
        unquote(user) or config.user


def connect(config: Neo4jConfig | None = None, *, attempts: int = 3, delay: float = 0.5):
    """An open, verified ``neo4j.Driver``; raise :class:`Neo4jConnectionError` with one clear sentence.

    Unreachable servers are retried ``attempts`` times with exponential backoff
    (a server that is still starting answers eventually), within about
    ``config.timeout`` seconds in all; wrong credentials and unknown databases
    fail at once.  The caller closes the driver.
    """
    import neo4j
    from neo4j import exceptions as ex

    from innosys.log import route_driver_logging

    route_driver_logging()
    config = config or Neo4jConfig.from_env()
    uri, password, user = _credentials(config)
    scheme = uri.split("://", 1)[0].lower() if "://" in uri else ""
    if scheme not in URI_SCHEMES:
        raise Neo4jConnectionError(
            f"Invalid Neo4j URI {config.shown_uri!r}: use bolt://HOST:PORT or neo4j://HOST:PORT "
            f"(schemes: {', '.join(URI_SCHEMES)}).")
    if password is None:
        raise Neo4jConnectionError(
            f"No password for the Neo4j server at {config.shown_uri}: set NEO4J_PASSWORD or pass --password.")
    t = config.timeout
    try:
        driver = neo4j.GraphDatabase.driver(
            uri, auth=(user, password),
            connection_timeout=min(t, 5.0), connection_acquisition_timeout=t,
            # no retries inside the driver: ours (with_retries) skip a server that stopped answering
            max_transaction_retry_time=0.0, notifications_min_severity="OFF")
    except (ex.ConfigurationError, ValueError) as e:
        raise Neo4jConnectionError(describe_error(e, config) or
                                   f"Invalid Neo4j URI {config.shown_uri!r}: {_one_line(e, config)}.") from None

    def probe():
        with driver.session(database=config.database) as s:
            s.run("RETURN 1").consume()

    bound_reads(driver, t)
    try:
        with_retries(probe, attempts=attempts, delay=delay, retry_on=(ex.ServiceUnavailable, ex.SessionExpired),
                     deadline=time.monotonic() + t)
    except Exception as e:  # noqa: BLE001 - whatever stops the first query is a failure to connect
        driver.close()
        raise Neo4jConnectionError(describe_error(e, config) or
                                   f"Cannot reach a Neo4j server at {config.shown_uri}: {_reason(e, config)}."
                                   ) from None
    return driver


class Session:
    """A driver plus its database: what the loader, puller and queries take.

    >>> # with Session(Neo4jConfig.from_env()) as db: db.run("RETURN 1")
    """

    def __init__(self, config: Neo4jConfig | None = None, driver=None):
        self.config = config or Neo4jConfig.from_env()
        self._own = driver is None
        self.driver = driver if driver is not None else connect(self.config)
        bound_reads(self.driver, self.config.timeout)

    @property
    def database(self) -> str | None:
        return self.config.database

    def session(self, **kw):
        return self.driver.session(database=self.config.database, **kw)

    def run(self, cypher: str, **params) -> list[dict]:
        """Run one read/write statement in a managed transaction; rows as dicts."""
        return self.execute_write(lambda tx: [r.data() for r in tx.run(cypher, params)])

    def _managed(self, kind: str, work: Callable):
        """``work(tx)`` in a managed transaction, retried on transient errors within ``config.timeout``."""
        def once():
            with self.session() as s:
                return getattr(s, kind)(work)
        return with_retries(once, deadline=time.monotonic() + self.config.timeout)

    def read(self, cypher: str, **params) -> list[dict]:
        """Run one read-only statement in a managed read transaction; rows as dicts."""
        return self._managed("execute_read", lambda tx: [r.data() for r in tx.run(cypher, params)])

    def read_records(self, cypher: str, **params) -> tuple[list[str], list[list]]:
        """Column names and raw value lists of a read-only statement (values keep their types)."""
        def work(tx):
            result = tx.run(cypher, params)
            rows = [list(r.values()) for r in result]
            return list(result.keys()), rows
        return self._managed("execute_read", work)

    def execute_write(self, work: Callable):
        """``work(tx)`` in a managed write transaction (transient errors are retried briefly)."""
        return self._managed("execute_write", work)

    def auto(self, cypher: str, **params):
        """Auto-commit statement (schema commands, CALL ... IN TRANSACTIONS); returns (keys, rows)."""
        def once():
            with self.session() as s:
                result = s.run(cypher, params)
                rows = [list(r.values()) for r in result]
                return list(result.keys()), rows
        return with_retries(once, deadline=time.monotonic() + self.config.timeout)

    def close(self) -> None:
        if self._own:
            self.driver.close()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_session(config: Neo4jConfig | None = None, driver=None) -> Session:
    """A :class:`Session` (connects and verifies unless a driver is given)."""
    return Session(config, driver)
