"""Simulated time: calendar months ('YYYY-MM'), step lengths and step dates (pandas ``Period``).

>>> step_dates("2020-11", "quarter", 2)
['2020-11', '2021-02', '2021-05']
>>> to_step("2021-03", "2020-11", "quarter"), to_step(5, "2020-11", "quarter")
(2, 5)
>>> parse_month("2015"), parse_month(2015)
((2015, 1), None)
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

import pandas as pd

#: months per step of each step length
STEP_MONTHS = {"month": 1, "quarter": 3, "year": 12}
_MONTH_RE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def parse_month(value: Any) -> tuple[int, int] | None:
    """``'2015-06'``, ``'2015'``, ``'2015-06-01'`` or a date → (year, month); None if not a date."""
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.year, value.month
    if isinstance(value, int) and not isinstance(value, bool) and 1800 <= value <= 2200:
        return None  # a bare integer is a step, not a year
    if isinstance(value, str):
        m = _MONTH_RE.match(value.strip())
        if m:
            y, mo = int(m.group(1)), int(m.group(2) or 1)
            if 1 <= mo <= 12:
                return y, mo
    return None


def _period(ym: str) -> pd.Period:
    return pd.Period(ym, freq="M")


def month_add(ym: str, months: int) -> str:
    return str(_period(ym) + months)


def month_diff(a: str, b: str) -> int:
    """Months from ``b`` to ``a``."""
    return (_period(a) - _period(b)).n


def to_step(value, start: str, step: str) -> int:
    """A time point (int step or 'YYYY-MM') as a step index (months rounded up to the next step)."""
    if isinstance(value, int):
        return value
    months = month_diff(value, start)
    return max(0, -(-months // STEP_MONTHS[step]))


def step_dates(start: str, step: str, steps: int) -> list[str]:
    """The month of each step 0..steps."""
    first = _period(start)
    return [str(first + k * STEP_MONTHS[step]) for k in range(steps + 1)]
