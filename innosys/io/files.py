"""Which files of a data directory are tables, and which CSV files would be ignored.

A table is ``DIR/<table>.csv`` or ``DIR/<part>/<table>.csv`` (parts sorted by
name).  Every other CSV file is reported, so that a misnamed or misplaced file
never silently drops its rows.

>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> for name in ("sources.csv", "t1/actors.csv", "t1/Observations.CSV", "observation.csv", "t1/x/actors.csv"):
...     (root / name).parent.mkdir(parents=True, exist_ok=True)
...     _ = (root / name).write_text("id\\n")
>>> [p.relative_to(root).as_posix() for p in table_files(root, "actors")]
['t1/actors.csv']
>>> for p in unread_csv_files(root):
...     print(p.file[len(str(root)) + 1:], "|", p.message)
observation.csv | not a table name (did you mean observations.csv?); tables: sources, actors, innovations, relations, activities, adoptions, process, observations (this file is not read)
t1/Observations.CSV | table file names are lower case: name it observations.csv (this file is not read)
t1/x/actors.csv | nested too deep: tables are read from DIR/ and DIR/<part>/ only (this file is not read)
"""

from __future__ import annotations

import difflib
from pathlib import Path

from innosys import schema
from innosys.io.problems import STRUCTURE, Problem


def table_files(root: Path, table: str) -> list[Path]:
    """The files of ``table`` in the data directory ``root``, in reading order."""
    top = root / f"{table}.csv"
    files = [top] if top.is_file() else []
    files += sorted(p for p in root.glob(f"*/{table}.csv") if p.is_file())
    return files


def unread_csv_files(root: Path) -> list[Problem]:
    """A problem for each CSV file under ``root`` (any depth, any case of ``.csv``) that is not a table file."""
    read = {p for t in schema.TABLE_ORDER for p in table_files(root, t)}
    problems = []
    for p in sorted(root.rglob("*")):
        if p.suffix.lower() != ".csv" or not p.is_file() or p in read:
            continue
        depth = len(p.relative_to(root).parts)
        table = p.name.lower()[:-4]
        if table in schema.TABLES and depth <= 2:
            why = f"table file names are lower case: name it {table}.csv"
        elif table in schema.TABLES:
            why = "nested too deep: tables are read from DIR/ and DIR/<part>/ only"
        else:
            close = difflib.get_close_matches(table, schema.TABLE_ORDER, n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]}.csv?)" if close else ""
            why = f"not a table name{hint}; tables: {', '.join(schema.TABLE_ORDER)}"
        problems.append(Problem(str(p), 0, "-", f"{why} (this file is not read)", rank=STRUCTURE))
    return problems
