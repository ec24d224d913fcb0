"""Result directories for the visualisations: the one reader lives in :mod:`innosys.diffusion.result_dir`.

Kept as the visualisation package's import point (``ResultFormatError`` is the reader's
:class:`~innosys.diffusion.result_dir.ResultDirError`).

>>> from innosys.viz.results import ResultFormatError, read_result
>>> try:
...     read_result("no/such/run")
... except ResultFormatError as e:
...     print(e)
no/such/run: result directory not found
"""

from __future__ import annotations

import math

import pandas as pd

from innosys.diffusion.result_dir import (  # noqa: F401  (re-exported for the pages and their tests)
    DATE_PATTERN,
    FORMAT_VERSION,
    NUMERIC_COLUMNS,
    PLAYBACK_TABLES,
    REPORT_TABLES,
    REQUIRED_VALUES,
    STATES,
    STEP_COLUMNS,
    SUMMARY_KEYS,
    TABLE_COLUMNS,
    Result,
    as_result,
    read_result,
)
from innosys.diffusion.result_dir import ResultDirError as ResultFormatError  # noqa: F401  (the old name)


def clean(value):
    """A JSON-safe scalar: NaN/NA → None, numpy numbers → Python numbers.

    >>> clean(float("nan")) is None, clean(3.0)
    (True, 3.0)
    """
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        return value
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
