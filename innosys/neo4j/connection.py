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
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

DEFAULT_URI = "bolt://localhost:7687"
DEFAULT_USER = "neo4j"

T = TypeVar("T")


class Neo4jConnectionError(RuntimeError):
    """The server could not be reached or refused us; the message is one sentence."""


@dataclass(frozen=True)
class Neo4jConfig:
    """Where and as whom to connect. ``database=None`` means the server's default database."""

    uri: str = DEFAULT_URI
    user: str = DEFAULT_USER
    password: str | None = field(default=None, repr=False)
    database: str | None = None

    @classmethod
    def from_env(cls, uri: str | None = None, user: str | None = None, password: str | None = None,
                 database: str | None = None, env: dict | None = None) -> Neo4jConfig:
        """Explicit values win; missing ones come from the NEO4J_* environment variables."""
        env = os.environ if env is None else env
        return cls(
            uri=uri or env.get("NEO4J_URI") or DEFAULT_URI,
            user=user or env.get("NEO4J_USERNAME") or env.get("NEO4J_USER") or DEFAULT_USER,
            password=password if password is not None else env.get("NEO4J_PASSWORD"),
            database=database or env.get("NEO4J_DATABASE") or None,
        )

    def where(self) -> str:
        """How messages name the server: the URI plus the database when one is chosen."""
        return self.uri if not self.database else f"{self.uri} (database {self.database!r})"


def _first_line(e: BaseException) -> str:
    text = str(getattr(e, "message", None) or e).strip().splitlines()
    msg = text[0].rstrip(".") if text else type(e).__name__
    return msg[:200]


def _reason(e: BaseException) -> str:
    """Why a connection failed, from the exception chain (refused, timed out, unknown host)."""
    import socket

    seen = set()
    cur: BaseException | None = e
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        if isinstance(cur, ConnectionRefusedError):
            return "connection refused (is the server running, and is the port right?)"
        if isinstance(cur, socket.gaierror):
            return "unknown host"
        if isinstance(cur, TimeoutError | socket.timeout):
            return "connection timed out"
        cur = cur.__cause__ or cur.__context__
    text = _first_line(e).rstrip(":").strip()
    if "Couldn't connect" in text or "Failed to establish" in text:
        return "no answer on that address"
    return text


#: URI schemes of the Bolt protocol (the driver's HTTP support is a preview; not used here).
URI_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def describe_error(e: BaseException, config: Neo4jConfig) -> str | None:
    """One sentence for a connection-level error, or None when ``e`` is not one."""
    from neo4j import exceptions as ex

    code = getattr(e, "code", None) or ""
    if isinstance(e, ex.AuthError) or code.startswith("Neo.ClientError.Security.Unauthorized") \
            or code == "Neo.ClientError.Security.AuthenticationRateLimit":
        return (f"The Neo4j server at {config.uri} rejected the credentials for user {config.user!r} "
                f"(check --user/--password or NEO4J_USERNAME/NEO4J_PASSWORD).")
    if code == "Neo.ClientError.Database.DatabaseNotFound":
        return (f"The Neo4j server at {config.uri} has no database {config.database!r} "
                f"(check --database or NEO4J_DATABASE).")
    if isinstance(e, ex.ServiceUnavailable | ex.SessionExpired):
        return f"Cannot reach a Neo4j server at {config.uri}: {_reason(e)}."
    if isinstance(e, ex.ConfigurationError) or (
            isinstance(e, ValueError) and "URI" in str(e)):
        return f"Invalid Neo4j URI {config.uri!r}: {_first_line(e)}."
    return None


def with_retries(fn: Callable[[], T], attempts: int = 4, delay: float = 0.5,
                 retry_on: tuple[type[BaseException], ...] | None = None) -> T:
    """Call ``fn``; on a transient Neo4j error wait ``delay`` (doubling) and try again."""
    from neo4j import exceptions as ex

    retry_on = retry_on or (ex.TransientError, ex.SessionExpired)
    for attempt in range(attempts):
        try:
            return fn()
        except retry_on as e:
            if isinstance(e, ex.TransientError) and not e.is_retryable():
                raise
            if attempt == attempts - 1:
                raise
            time.sleep(delay * (2 ** attempt))
    raise AssertionError("unreachable")


def connect(config: Neo4jConfig | None = None, *, attempts: int = 3, delay: float = 0.5):
    """An open, verified ``neo4j.Driver``; raise :class:`Neo4jConnectionError` with one clear sentence.

    Unreachable servers are retried ``attempts`` times with exponential backoff
    (a server that is still starting answers eventually); wrong credentials and
    unknown databases fail at once.  The caller closes the driver.
    """
    import neo4j
    from neo4j import exceptions as ex

    config = config or Neo4jConfig.from_env()
    scheme = config.uri.split("://", 1)[0].lower() if "://" in config.uri else ""
    if scheme not in URI_SCHEMES:
        raise Neo4jConnectionError(
            f"Invalid Neo4j URI {config.uri!r}: use bolt://HOST:PORT or neo4j://HOST:PORT "
            f"(schemes: {', '.join(URI_SCHEMES)}).")
    if config.password is None:
        raise Neo4jConnectionError(
            f"No password for the Neo4j server at {config.uri}: set NEO4J_PASSWORD or pass --password.")
    try:
        driver = neo4j.GraphDatabase.driver(
            config.uri, auth=(config.user, config.password),
            connection_timeout=5.0, max_transaction_retry_time=15.0,
            notifications_min_severity="OFF")
    except (ex.ConfigurationError, ValueError) as e:
        raise Neo4jConnectionError(describe_error(e, config) or
                                   f"Invalid Neo4j URI {config.uri!r}: {_first_line(e)}.") from None

    def probe():
        with driver.session(database=config.database) as s:
            s.run("RETURN 1").consume()

    try:
        with_retries(probe, attempts=attempts, delay=delay, retry_on=(ex.ServiceUnavailable, ex.SessionExpired))
    except Exception as e:  # noqa: BLE001 - turned into one sentence below or re-raised
        driver.close()
        msg = describe_error(e, config)
        if msg is None:
            raise
        raise Neo4jConnectionError(msg) from None
    return driver


class Session:
    """A driver plus its database: what the loader, puller and queries take.

    >>> # with Session(Neo4jConfig.from_env()) as db: db.run("RETURN 1")
    """

    def __init__(self, config: Neo4jConfig | None = None, driver=None):
        self.config = config or Neo4jConfig.from_env()
        self._own = driver is None
        self.driver = driver if driver is not None else connect(self.config)

    @property
    def database(self) -> str | None:
        return self.config.database

    def session(self, **kw):
        return self.driver.session(database=self.config.database, **kw)

    def run(self, cypher: str, **params) -> list[dict]:
        """Run one read/write statement in a managed transaction; rows as dicts."""
        return self.execute_write(lambda tx: [r.data() for r in tx.run(cypher, params)])

    def read(self, cypher: str, **params) -> list[dict]:
        """Run one read-only statement in a managed read transaction; rows as dicts."""
        with self.session() as s:
            return s.execute_read(lambda tx: [r.data() for r in tx.run(cypher, params)])

    def read_records(self, cypher: str, **params) -> tuple[list[str], list[list]]:
        """Column names and raw value lists of a read-only statement (values keep their types)."""
        def work(tx):
            result = tx.run(cypher, params)
            rows = [list(r.values()) for r in result]
            return list(result.keys()), rows

        with self.session() as s:
            return s.execute_read(work)

    def execute_write(self, work: Callable):
        """``work(tx)`` in a managed write transaction (the driver retries transient errors)."""
        with self.session() as s:
            return s.execute_write(work)

    def auto(self, cypher: str, **params):
        """Auto-commit statement (schema commands, CALL ... IN TRANSACTIONS); returns (keys, rows)."""
        def once():
            with self.session() as s:
                result = s.run(cypher, params)
                rows = [list(r.values()) for r in result]
                return list(result.keys()), rows
        return with_retries(once)

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
