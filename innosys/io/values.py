"""Parsing one CSV cell according to its schema property."""

from __future__ import annotations

import math
import re

from innosys.schema import Prop

_INT = re.compile(r"^[+-]?\d+$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_LINES = re.compile(r"^\d+(?:-\d+)?(?:;\d+(?:-\d+)?)*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TRUE = {"true", "yes", "1"}
_FALSE = {"false", "no", "0"}


class BadValue(ValueError):
    pass


def parse_lines(text: str) -> list[tuple[int, int]]:
    """'880-911;1212' -> [(880, 911), (1212, 1212)]."""
    if not _LINES.match(text):
        raise BadValue(f"line range {text!r} is not like '120-135' or '120;140-150'")
    out = []
    for part in text.split(";"):
        a, _, b = part.partition("-")
        lo, hi = int(a), int(b or a)
        if lo < 1 or hi < lo:
            raise BadValue(f"line range {part!r} must run from a first line >= 1 forwards")
        out.append((lo, hi))
    return out


def parse_value(prop: Prop, raw: str):
    """Convert one non-empty cell; raise BadValue with a readable reason."""
    t = prop.type
    if _CONTROL.search(raw):
        raise BadValue("contains control characters")
    if t in ("int", "year"):
        if not _INT.match(raw):
            what = "a year" if t == "year" else "a whole number"
            raise BadValue(f"{raw!r} is not {what}")
        value = int(raw)
    elif t == "float":
        try:
            value = float(raw)
        except ValueError:
            raise BadValue(f"{raw!r} is not a number") from None
        if not math.isfinite(value):
            raise BadValue(f"{raw!r} is not a finite number")
    elif t == "bool":
        low = raw.lower()
        if low not in _TRUE | _FALSE:
            raise BadValue(f"{raw!r} is not true/false")
        return low in _TRUE
    elif t == "date":
        m = _DATE.match(raw)
        if not m:
            raise BadValue(f"{raw!r} is not a date like 2016, 2016-06 or 2016-06-30")
        year, month, day = m.groups()
        if not 1800 <= int(year) <= 2100:
            raise BadValue(f"year {year} is out of range 1800..2100")
        if month and not 1 <= int(month) <= 12:
            raise BadValue(f"month {month} is out of range 1..12")
        if day and not 1 <= int(day) <= 31:
            raise BadValue(f"day {day} is out of range 1..31")
        return raw
    elif t == "enum":
        if raw not in prop.choices:
            raise BadValue(f"{raw!r} is not one of: {', '.join(prop.choices)}")
        return raw
    elif t == "lines":
        parse_lines(raw)
        return raw
    else:
        return raw
    if prop.min is not None and value < prop.min:
        raise BadValue(f"{raw} is below the minimum {prop.min:g}")
    if prop.max is not None and value > prop.max:
        raise BadValue(f"{raw} is above the maximum {prop.max:g}")
    return value
