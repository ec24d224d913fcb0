"""Outcomes of one design point: numbers read off the ensemble's mean adoption curve.

=================  ==========================================================
``final_share``    mean share of units that have adopted at the last step
``tNN``            first step at which the mean curve reaches NN % (``t50``);
                   ``steps + 1`` when it never does (censored at the horizon)
``share@YYYY-MM``  mean share adopted by that month (the last step dated on or before it)
=================  ==========================================================

A target for scenario discovery is an outcome, a comparison and a number:
``share@2030-01>=0.9``.

>>> [o.name for o in parse_outcomes(["final_share", "t50", "share@2030-01"])]
['final_share', 't50', 'share@2030-01']
>>> t = parse_target("share@2030-01>=0.9")
>>> (t.outcome, t.op, t.value, bool(t.test(0.95)))
('share@2030-01', '>=', 0.9, True)
>>> import numpy as np
>>> curve = np.array([0.0, 0.2, 0.6, 0.8])
>>> [o.value(curve, ["2020-01", "2020-04", "2020-07", "2020-10"])
...  for o in parse_outcomes(["final_share", "t50", "t90", "share@2020-05"])]
[0.8, 2.0, 4.0, 0.2]
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass

import numpy as np

from innosys.explore.design import DesignError

_T_RE = re.compile(r"^t(\d{1,2})$")
_SHARE_RE = re.compile(r"^share@(\d{4})-(\d{2})$")
_TARGET_RE = re.compile(r"^\s*([A-Za-z0-9_@\-]+)\s*(>=|<=|>|<)\s*([-+0-9.eE]+)\s*$")
_OPS = {">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt}


@dataclass(frozen=True)
class Outcome:
    """One outcome: ``kind`` is ``final_share``, ``t`` (with ``share``) or ``share_at`` (with ``month``)."""

    name: str
    kind: str
    share: float = 0.0
    month: str = ""

    def value(self, curve: np.ndarray, dates: list[str]) -> float:
        """The outcome of a mean adoption curve (one value per step, dates 'YYYY-MM' per step)."""
        if self.kind == "final_share":
            return float(curve[-1])
        if self.kind == "t":
            hit = np.flatnonzero(curve >= self.share - 1e-12)
            return float(hit[0]) if len(hit) else float(len(curve))
        if not dates[0] <= self.month <= dates[-1]:
            raise DesignError(f"--outcome {self.name}", f"{self.month} is outside the scenario's time span "
                                                        f"{dates[0]}..{dates[-1]}")
        # adopted *by* the month: the last step dated on or before it
        return float(curve[np.searchsorted(np.asarray(dates), self.month, side="right") - 1])


def parse_outcome(text: str) -> Outcome:
    text = text.strip()
    if text == "final_share":
        return Outcome(text, "final_share")
    m = _T_RE.match(text)
    if m and 0 < int(m.group(1)) <= 99:
        return Outcome(text, "t", share=int(m.group(1)) / 100)
    m = _SHARE_RE.match(text)
    if m and 1 <= int(m.group(2)) <= 12:
        return Outcome(text, "share_at", month=f"{m.group(1)}-{m.group(2)}")
    raise DesignError(f"--outcome '{text}'", "expected final_share, tNN (t10, t50, t90, ...) or share@YYYY-MM")


def parse_outcomes(texts) -> list[Outcome]:
    out = []
    for t in texts:
        o = parse_outcome(t)
        if o not in out:
            out.append(o)
    if not out:
        raise DesignError("--outcome", "give at least one outcome")
    return out


@dataclass(frozen=True)
class Target:
    """A yes/no condition on an outcome, for PRIM: ``share@2030-01>=0.9``."""

    outcome: str
    op: str
    value: float

    def test(self, values):
        return _OPS[self.op](np.asarray(values, dtype=float), self.value)

    def __str__(self) -> str:
        return f"{self.outcome}{self.op}{self.value:g}"


def parse_target(text: str) -> Target:
    m = _TARGET_RE.match(text)
    if not m:
        raise DesignError(f"--target '{text}'", "expected OUTCOME>=NUMBER (or <=, >, <), e.g. share@2030-01>=0.9")
    try:
        value = float(m.group(3))
    except ValueError:
        raise DesignError(f"--target '{text}'", f"'{m.group(3)}' is not a number") from None
    return Target(m.group(1), m.group(2), value)
