"""Writing tables back to a data directory, all or nothing."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from innosys import schema
from innosys.atomic import atomic_dir
from innosys.io.dataset import records_from_frame


def _cell(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return repr(value)
    return str(value)


def write_tables(tables: dict[str, pd.DataFrame], out_dir: str | Path, *, force: bool = False) -> Path:
    """Write each table as ``out_dir/<table>.csv``, only the columns in use.

    Files are written to a temporary directory first and moved into place
    at the end, so a failure leaves nothing half-written.  An existing
    ``out_dir`` is replaced only when innosys wrote it (or with ``force``; see
    :func:`innosys.atomic.atomic_dir`).
    """
    out = Path(out_dir)
    with atomic_dir(out, force=force) as tmp:
        for table in schema.TABLE_ORDER:
            df = tables.get(table)
            if df is None:
                continue
            records = records_from_frame(df)
            used = [c for c in schema.TABLES[table].columns if any(c in r for r in records)]
            with open(tmp / f"{table}.csv", "w", newline="", encoding="utf-8") as f:
                w = csv.writer(f)
                w.writerow(used)
                for r in records:
                    w.writerow([_cell(r[c]) if c in r else "" for c in used])
    return out
