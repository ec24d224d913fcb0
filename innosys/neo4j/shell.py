"""Run a file of ``;``-separated Cypher statements, as cypher-shell would.

Each statement runs in its own auto-commit transaction (so schema commands and
``CALL { ... } IN TRANSACTIONS`` work); the first failing statement stops the
run with an error naming the file and the statement's first line.

>>> # from innosys.neo4j import open_session, run_cypher_file
>>> # with open_session() as db: results = run_cypher_file("cypher/schema.cypher", db)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from innosys.neo4j.connection import Session
from innosys.neo4j.cypher import split_statements


class CypherFileError(RuntimeError):
    """A statement of a Cypher file failed; the message names the file and line."""


@dataclass
class StatementResult:
    line: int
    statement: str
    columns: list[str]
    rows: list[list]


def _line_of(text: str, stmt: str, start: int) -> tuple[int, int]:
    at = text.find(stmt, start)
    if at < 0:
        return 0, start
    return text.count("\n", 0, at) + 1, at + len(stmt)


def run_cypher_text(text: str, db: Session, *, name: str = "<text>", params: dict | None = None) -> list[StatementResult]:
    """Run every statement of ``text``; ``params`` are passed to each statement."""
    out = []
    pos = 0
    for stmt in split_statements(text):
        line, pos = _line_of(text, stmt, pos)
        code_line = next((i for i, s in enumerate(stmt.splitlines()) if s.strip() and not s.strip().startswith("//")), 0)
        try:
            columns, rows = db.auto(stmt, **(params or {}))
        except Exception as e:  # noqa: BLE001 - re-raised with the location
            from neo4j.exceptions import Neo4jError

            if not isinstance(e, Neo4jError):
                raise
            msg = (getattr(e, "message", None) or str(e)).strip().splitlines()[0]
            raise CypherFileError(f"{name}:{line + code_line}: statement failed: {msg}") from None
        out.append(StatementResult(line + code_line, stmt, columns, rows))
    return out


def run_cypher_file(path: str | Path, db: Session, params: dict | None = None) -> list[StatementResult]:
    """Run every statement of the file at ``path``."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such Cypher file")
    return run_cypher_text(path.read_text(encoding="utf-8"), db, name=str(path), params=params)
