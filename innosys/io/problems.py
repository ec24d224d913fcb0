"""Validation problems: each names the file, the line and the column.

Problems are reported root causes first: problems with a whole file or its
structure (rank 0), then problems of single rows (rank 1), then problems that
follow from a root cause (rank 2, e.g. an "unknown id" whose row was lost with
an unreadable file), and each root cause says how many follow from it.

>>> root = Problem("d/actors.csv", 1, "-", "fields are separated by ';'", rank=STRUCTURE)
>>> e = ValidationError([Problem("d/relations.csv", 4, "from_id", "unknown id 'ks'", cause=root),
...                      Problem("d/process.csv", 2, "phase", "unknown phase"), root])
>>> print(e.report())
d/actors.csv:1: -: fields are separated by ';' (1 follow-on problem below)
d/process.csv:2: phase: unknown phase
d/relations.csv:4: from_id: unknown id 'ks' (follows from d/actors.csv:1)
3 problem(s) found
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: ranks: what is wrong with a whole file, with one row, or follows from another problem
STRUCTURE, ROW, FOLLOW_ON = 0, 1, 2


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    column: str
    message: str
    rank: int = ROW
    #: the root-cause problem this one follows from (its rank is then FOLLOW_ON)
    cause: Problem | None = field(default=None, compare=False)
    #: for "unknown id" problems: the id that was not found (to trace it to a root cause)
    missing: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.cause is not None and self.rank != FOLLOW_ON:
            object.__setattr__(self, "rank", FOLLOW_ON)

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.column}: {self.message}"

    def sort_key(self) -> tuple:
        return (self.rank, self.file, self.line, self.column, self.message)


class ValidationError(Exception):
    """Raised with every problem found, not just the first."""

    #: how many problems the command line lists (``validate --max-problems`` / ``--all`` change it)
    limit: int | None = 200

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=Problem.sort_key)
        super().__init__(self.report())

    def follow_ons(self, root: Problem) -> int:
        return sum(1 for p in self.problems if p.cause == root)

    def report(self, limit: int | None = None) -> str:
        shown = self.problems if limit is None else self.problems[:limit]
        lines = []
        for p in shown:
            text = str(p)
            if p.cause is None and (n := self.follow_ons(p)):
                text += f" ({n} follow-on problem{'s' if n != 1 else ''} below)"
            elif p.cause is not None:
                text += f" (follows from {p.cause.where})"
            lines.append(text)
        if limit is not None and len(self.problems) > limit:
            lines.append(f"... and {len(self.problems) - limit} more problems (--all lists them)")
        lines.append(f"{len(self.problems)} problem(s) found")
        return "\n".join(lines)
