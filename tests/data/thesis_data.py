"""The shipped dataset as the per-thesis tests read it: every cell as text ('' when empty)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

DATA = Path(__file__).resolve().parents[2] / "data"


@cache
def _validated() -> dict[str, pd.DataFrame]:
    from innosys.io import load_dataset

    return load_dataset(DATA).tables


def shipped_tables() -> dict[str, pd.DataFrame]:
    """Every table of the validated shipped dataset, cells as strings (fresh copies)."""
    return {k: v.astype(object).where(v.notna(), "").astype(str) for k, v in _validated().items()}


def thesis_part(tables: dict[str, pd.DataFrame], source: str) -> dict[str, pd.DataFrame]:
    """The rows one source contributed (its own row, for sources.csv)."""
    return {name: df[df["id" if name == "sources" else "source"] == source].reset_index(drop=True)
            for name, df in tables.items()}
