"""Load a data directory into validated pandas DataFrames.

A data directory holds one CSV file per table (``actors.csv``,
``relations.csv``, ...).  A table may be split into parts: ``DIR/actors.csv``
and ``DIR/<part>/actors.csv`` are read in that order (parts sorted by name)
and concatenated; any other CSV file is reported (see :mod:`innosys.io.files`).
Validation collects every problem before it reports, root causes first: a
problem with a whole file, or a row that could not be read, is the cause of the
"unknown id" problems for the ids that were in it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from innosys import schema
from innosys.io.files import table_files, unread_csv_files
from innosys.io.ids import confusable_ids, spaced_id
from innosys.io.problems import STRUCTURE, Problem, ValidationError
from innosys.io.values import BadValue, parse_lines, parse_value

#: longest value a cell may hold (the csv module's default field limit); longer ones are read and reported
MAX_FIELD = 131_072

#: pandas dtype used for each schema value type (all nullable).
DTYPES = {
    "str": "string", "enum": "string", "date": "string", "lines": "string",
    "int": "Int64", "year": "Int64", "float": "Float64", "bool": "boolean",
}


@dataclass
class Dataset:
    """Validated tables of one data directory.

    ``tables`` maps table name to a DataFrame with every schema column;
    ``origins`` maps table name to the (file, line) each row came from.
    """

    root: Path | None
    tables: dict[str, pd.DataFrame]
    origins: dict[str, list[tuple[str, int]]] = field(default_factory=dict)



def default_data_dir() -> Path:
    """The dataset shipped with innosys (inside the wheel, or the repo's data/)."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "_data", here.parent / "data"):
        if (candidate / "sources.csv").exists() or any(candidate.glob("*/sources.csv")):
            return candidate
    raise FileNotFoundError("the shipped dataset was not found next to the innosys package")


def frame_from_records(table: str, records: list[dict]) -> pd.DataFrame:
    """Typed DataFrame with every schema column of ``table`` in schema order."""
    cols = schema.TABLES[table].columns
    data = {c: pd.array([r.get(c) for r in records], dtype=DTYPES[p.type]) for c, p in cols.items()}
    return pd.DataFrame(data)


def records_from_frame(df: pd.DataFrame) -> list[dict]:
    """Rows as dicts without missing values (the inverse of frame_from_records)."""
    out = []
    for row in df.itertuples(index=False, name=None):
        rec = {}
        for col, value in zip(df.columns, row):
            if value is None or value is pd.NA or (isinstance(value, float) and value != value):
                continue
            if hasattr(value, "item"):  # numpy scalar -> Python
                value = value.item()
            rec[col] = value
        out.append(rec)
    return out


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------


@dataclass
class _Row:
    file: str
    line: int
    values: dict


def _read_file(path: Path, table: str, problems: list[Problem], lost: dict[Problem, str]) -> list[_Row]:
    """The rows of one table file.  Problems that lose rows go into ``lost`` with the text lost."""
    name = str(path)
    columns = schema.TABLES[table].columns
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        p = Problem(name, line, "-", f"undecodable bytes (file must be UTF-8): byte {e.start}", rank=STRUCTURE)
        problems.append(p)
        lost[p] = raw.decode("utf-8", errors="replace")
        return []

    def structural(line: int, column: str, message: str) -> Problem:
        p = Problem(name, line, column, message, rank=STRUCTURE)
        problems.append(p)
        return p

    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))  # read long fields; they are reported below
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            header = next(reader)
        except StopIteration:
            structural(1, "-", "empty file: a header row is required")
            return []
        except csv.Error as e:
            lost[structural(1, "-", f"unreadable CSV: {e}")] = text
            return []
        header = [h.strip() for h in header]
        if len(header) == 1 and (sep := next((c for c in ";\t|" if c in header[0]), None)):
            lost[structural(1, "-", f"fields are separated by {sep!r}, not commas: save the file as "
                                    f"comma-separated CSV")] = text
            return []
        usable = []
        for h in header:
            if h not in columns:
                structural(1, h or "(empty)", f"unknown column for table '{table}'")
            elif h in usable:
                structural(1, h, "column appears twice")
            usable.append(h)
        for col, prop in columns.items():
            if prop.required and col not in header:
                lost[structural(1, col, "required column is missing")] = text
        return _read_rows(reader, name, header, columns, problems, lost, text)
    finally:
        csv.field_size_limit(limit)


def _read_rows(reader, name: str, header: list[str], columns: dict, problems: list[Problem],
               lost: dict[Problem, str], text: str) -> list[_Row]:
    rows: list[_Row] = []
    lines = text.splitlines()
    last = reader.line_num
    while True:
        start = last + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            p = Problem(name, start, "-", f"unreadable CSV: {e}", rank=STRUCTURE)
            problems.append(p)
            lost[p] = "\n".join(lines[start - 1:])
            break
        last = reader.line_num
        if not cells or all(not c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            p = Problem(name, start, "-", f"row has {len(cells)} fields, the header has {len(header)}")
            problems.append(p)
            lost[p] = ",".join(cells)
            continue
        values = {}
        for h, c in zip(header, cells):
            if h not in columns or not c.strip():
                continue
            values[h] = c.strip()
            if len(c) > MAX_FIELD:
                problems.append(Problem(name, start, h, f"value is {len(c):,} characters long; at most "
                                                        f"{MAX_FIELD:,} are allowed"))
            elif h in schema.ID_COLUMNS and (msg := spaced_id(c)):
                problems.append(Problem(name, start, h, msg))
        rows.append(_Row(name, start, values))
    return rows


def _typed(row: _Row, table: str, problems: list[Problem]) -> dict:
    columns = schema.TABLES[table].columns
    out: dict = {}
    for col, raw in row.values.items():
        try:
            out[col] = parse_value(columns[col], raw)
        except BadValue as e:
            problems.append(Problem(row.file, row.line, col, str(e)))
    for col, prop in columns.items():
        if prop.required and col not in row.values:
            problems.append(Problem(row.file, row.line, col, "required value is missing"))
    return out


def _check_kind(row: _Row, rec: dict, table: str, problems: list[Problem]) -> None:
    if table == "sources":
        return
    kind = rec.get("kind")
    if kind is None:
        return
    allowed = schema.kinds_in_table(table)
    if kind not in allowed:
        problems.append(Problem(row.file, row.line, "kind",
                                f"unknown kind {kind!r} for {table}.csv; expected one of: {', '.join(allowed)}"))
        return
    props = schema.NODE_KINDS[kind].all_props()
    for col in rec:
        if col not in props and col not in schema.PROVENANCE:
            problems.append(Problem(row.file, row.line, col, f"does not apply to kind {kind}"))
    for col, prop in props.items():
        if prop.required and col not in row.values:
            problems.append(Problem(row.file, row.line, col, f"required for kind {kind}"))


def _check_order(row: _Row, rec: dict, first: str, last: str, problems: list[Problem]) -> None:
    if first in rec and last in rec and rec[last] < rec[first]:
        problems.append(Problem(row.file, row.line, last, f"{rec[last]} is before {first} {rec[first]}"))


# ---------------------------------------------------------------------------
# Cross-table checks
# ---------------------------------------------------------------------------


def _cross_check(rows: dict[str, list[tuple[_Row, dict]]], problems: list[Problem]) -> None:
    kinds: dict[str, str] = {a.node_id: "EdquistActivity" for a in schema.EDQUIST_ACTIVITIES}
    first_seen: dict[str, tuple[str, int]] = {}
    for table in schema.NODE_TABLES:
        for row, rec in rows[table]:
            node_id = rec.get("id")
            if node_id is None:
                continue
            if node_id in kinds:
                where = first_seen.get(node_id)
                at = f" (first at {where[0]}:{where[1]})" if where else " (reserved by the schema)"
                problems.append(Problem(row.file, row.line, "id", f"duplicate id {node_id!r}{at}"))
                continue
            kinds[node_id] = "Source" if table == "sources" else rec.get("kind", "?")
            first_seen[node_id] = (row.file, row.line)
    sources = {rec["id"]: rec for _, rec in rows["sources"] if "id" in rec}

    def ref(row: _Row, rec: dict, col: str, allowed: tuple[str, ...] | None, what: str) -> str | None:
        node_id = rec.get(col)
        if node_id is None:
            return None
        kind = kinds.get(node_id)
        if kind is None:
            problems.append(Problem(row.file, row.line, col, f"unknown id {node_id!r}", missing=node_id))
        elif allowed is not None and kind != "?" and kind not in allowed:
            problems.append(Problem(row.file, row.line, col,
                                    f"{node_id!r} is a {kind}, but {what} must be one of: {', '.join(allowed)}"))
        return kind

    for row, rec in rows["sources"]:
        if rec.get("source_kind") in schema.SOURCE_KINDS_WITH_URL:
            for col in ("url", "date_seen"):
                if col not in rec:
                    problems.append(Problem(row.file, row.line, col,
                                            f"required for a {rec['source_kind']} source"))
    for table in schema.TABLE_ORDER:
        if table == "sources":
            continue
        seen_ids: dict[str, int] = {}
        for row, rec in rows[table]:
            _check_provenance(row, rec, sources, problems)
            if table == "observations" and "id" in rec:
                if rec["id"] in seen_ids:
                    problems.append(Problem(row.file, row.line, "id",
                                            f"duplicate observation id {rec['id']!r} (first at line {seen_ids[rec['id']]})"))
                seen_ids.setdefault(rec["id"], row.line)
            if table == "relations":
                _check_relation(row, rec, kinds, problems)
                ref(row, rec, "innovation_id", schema.INNOVATION_KINDS, "innovation_id")
            elif table == "activities":
                ref(row, rec, "actor_id", schema.ACTOR_KINDS, "actor_id")
            elif table == "adoptions":
                ref(row, rec, "adopter_id", schema.ACTOR_KINDS, "adopter_id")
                ref(row, rec, "innovation_id", schema.INNOVATION_KINDS, "innovation_id")
                ref(row, rec, "via_id", None, "via_id")
            elif table == "process":
                ref(row, rec, "innovation_id", schema.INNOVATION_KINDS, "innovation_id")
                ref(row, rec, "actor_id", schema.ACTOR_KINDS, "actor_id")
            elif table == "observations":
                ref(row, rec, "subject_id", None, "subject_id")
                ref(row, rec, "innovation_id", schema.INNOVATION_KINDS, "innovation_id")


def _check_provenance(row: _Row, rec: dict, sources: dict, problems: list[Problem]) -> None:
    sid = rec.get("source")
    if sid is None:
        return
    src = sources.get(sid)
    if src is None:
        problems.append(Problem(row.file, row.line, "source", f"unknown source {sid!r}", missing=sid))
        return
    if src.get("source_kind") == "thesis":
        if "lines" not in rec:
            problems.append(Problem(row.file, row.line, "lines", f"a line range is required when citing thesis {sid!r}"))
        elif src.get("line_count"):
            last = max(hi for _, hi in parse_lines(rec["lines"]))
            if last > src["line_count"]:
                problems.append(Problem(row.file, row.line, "lines",
                                        f"line {last} is past the end of {sid!r} ({src['line_count']} lines)"))


def _check_relation(row: _Row, rec: dict, kinds: dict[str, str], problems: list[Problem]) -> None:
    rtype = rec.get("type")
    rel = schema.RELATION_TYPES.get(rtype) if rtype else None
    if rtype is not None and (rel is None or rel.table != "relations"):
        hint = ""
        if rel is not None:
            hint = f" (write {rtype} rows in {rel.table}.csv)"
        problems.append(Problem(row.file, row.line, "type", f"unknown relation type {rtype!r}{hint}"))
        rel = None
    ends = {}
    for col in ("from_id", "to_id"):
        node_id = rec.get(col)
        if node_id is None:
            continue
        if node_id not in kinds:
            problems.append(Problem(row.file, row.line, col, f"unknown id {node_id!r}", missing=node_id))
        else:
            ends[col] = kinds[node_id]
    if rel and not rel.self_relation and rec.get("from_id") is not None and rec.get("from_id") == rec.get("to_id"):
        problems.append(Problem(row.file, row.line, "to_id",
                                f"a {rtype} relation from {rec['from_id']!r} to itself means nothing"))
    if rel and len(ends) == 2 and "?" not in ends.values() and not rel.allows(ends["from_id"], ends["to_id"]):
        problems.append(Problem(
            row.file, row.line, "type",
            f"{rtype} cannot go from {ends['from_id']} ({rec['from_id']!r}) to {ends['to_id']} ({rec['to_id']!r}); "
            f"allowed: {'|'.join(rel.from_kinds)} -> {'|'.join(rel.to_kinds)}"))


#: columns whose id may be a source's (without sources.csv an unknown id there follows from that)
_MAY_NAME_A_SOURCE = ("source", "subject_id", "via_id")


def _trace_causes(problems: list[Problem], lost: dict[Problem, str], *, no_sources: bool) -> list[Problem]:
    """Mark each "unknown id" problem whose id was in a lost file or row as following from that problem."""
    import dataclasses
    import re

    roots = sorted(lost, key=Problem.sort_key)
    cells = {r: {c.strip() for c in re.split(r'[,;\t|\r\n"]+', lost[r])} for r in roots}
    no_sources_root = next((p for p in problems if p.message.startswith("no sources")), None) if no_sources else None
    out = []
    for p in problems:
        cause = None
        if p.missing is not None:
            cause = next((r for r in roots if p.missing in cells[r]), None)
            if cause is None and p.column in _MAY_NAME_A_SOURCE:
                cause = no_sources_root
        out.append(dataclasses.replace(p, cause=cause) if cause is not None else p)
    return out


# ---------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------


def load_dataset(path: str | Path | None = None) -> Dataset:
    """Read and validate a data directory; raise ValidationError listing every problem.

    >>> ds = load_dataset()
    >>> int((ds.tables["actors"]["kind"] == "Municipality").sum()) >= 357
    True
    """
    root = Path(path) if path is not None else default_data_dir()
    problems: list[Problem] = []
    if not root.is_dir():
        raise ValidationError([Problem(str(root), 0, "-", "data directory not found")])
    rows: dict[str, list[tuple[_Row, dict]]] = {}
    lost: dict[Problem, str] = {}  # problem -> the text whose rows it lost
    for p in unread_csv_files(root):
        problems.append(p)
        lost[p] = Path(p.file).read_text(encoding="utf-8", errors="replace")
    for table in schema.TABLE_ORDER:
        rows[table] = []
        for f in table_files(root, table):
            for row in _read_file(f, table, problems, lost):
                rec = _typed(row, table, problems)
                _check_kind(row, rec, table, problems)
                _check_order(row, rec, "year", "year_end", problems)
                _check_order(row, rec, "year_start", "year_end", problems)
                rows[table].append((row, rec))
    if not rows["sources"]:
        no_sources = Problem(str(root / "sources.csv"), 0, "-", "no sources: sources.csv is required", rank=STRUCTURE)
        problems.append(no_sources)
    problems += confusable_ids((rec["id"], row.file, row.line)
                               for t in schema.NODE_TABLES for row, rec in rows[t] if "id" in rec)
    _cross_check(rows, problems)
    if problems:
        raise ValidationError(_trace_causes(problems, lost, no_sources=not rows["sources"]))
    tables = {t: frame_from_records(t, [rec for _, rec in rows[t]]) for t in schema.TABLE_ORDER}
    origins = {t: [(r.file, r.line) for r, _ in rows[t]] for t in schema.TABLE_ORDER}
    return Dataset(root, tables, origins)
