"""Where the tests find the thesis texts the data cites.

The thesis texts are not the project's to ship.  The tests read them from the directory in
``INNOSYS_THESES``, else from ``../shared/seeds`` beside the repository.  Where neither exists the
tests that need them skip, all with the one reason :data:`REASON`; every other test runs.  In CI
(``CI=true``) a missing directory fails instead, so CI always checks every citation, and a set
``INNOSYS_THESES`` that is not a directory always fails (a typo must not pass as "not available").

Line numbers are 1-based and split on ``"\\n"`` only, as ``sed -n`` and ``wc -l`` count them:
``str.splitlines`` would also split on U+2028 and other separators inside some theses' lines.
"""

from __future__ import annotations

import hashlib
import os
import re
from functools import cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
REASON = "thesis texts not available: set INNOSYS_THESES to check citations"


def theses_dir() -> Path | None:
    """The thesis directory, or None when neither INNOSYS_THESES nor ../shared/seeds exists."""
    env = os.environ.get("INNOSYS_THESES")
    if env:
        path = Path(env)
        if not path.is_dir():
            pytest.fail(f"INNOSYS_THESES={env} is not a directory")
        return path
    beside = REPO.parent / "shared" / "seeds"
    return beside if beside.is_dir() else None


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def require_theses() -> Path:
    """The thesis directory; skips the calling test (fails it in CI) when there is none."""
    path = theses_dir()
    if path is None:
        if in_ci():
            pytest.fail(f"{REASON} (CI must check every citation)")
        pytest.skip(REASON)
    return path


def thesis_path(file_name: str) -> Path:
    """The thesis text ``file_name`` (as in sources.csv's ``file``); it must exist once the directory does."""
    path = require_theses() / file_name
    assert path.is_file(), f"thesis text {file_name} missing from {path.parent}"
    return path


@cache
def thesis_text(file_name: str) -> str:
    return thesis_path(file_name).read_text(encoding="utf-8")


@cache
def thesis_lines(file_name: str) -> list[str]:
    """The lines of a thesis text as its citations count them."""
    text = thesis_text(file_name)
    lines = text.split("\n")
    return lines[:-1] if text.endswith("\n") else lines


def thesis_sha256(file_name: str) -> str:
    return hashlib.sha256(thesis_path(file_name).read_bytes()).hexdigest()


def normalise(text: str) -> str:
    """Case-folded text with words hyphenated across lines joined and whitespace collapsed."""
    text = re.sub(r"-\s*\n\s*", "", text)
    return re.sub(r"\s+", " ", text).casefold()


def cited_text(file_name: str, lines: str) -> str:
    """The normalised text of the cited line ranges (``lines`` as in the data, e.g. ``'880-911;1212'``)."""
    from innosys.io.values import parse_lines

    text_lines = thesis_lines(file_name)
    return normalise("\n".join("\n".join(text_lines[lo - 1:hi]) for lo, hi in parse_lines(lines)))
