"""Shared fixtures for the innosys test suite."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = FIXTURES / "sample"
BROKEN = FIXTURES / "broken"


def broken_cases() -> list[str]:
    return sorted(p.name for p in BROKEN.iterdir() if p.is_dir())


def make_broken(case: str, dest: Path) -> Path:
    """The sample dataset with the files of one broken case laid over it."""
    shutil.copytree(SAMPLE, dest)
    for f in (BROKEN / case).iterdir():
        if f.name != "expected.txt":
            shutil.copy(f, dest / f.name)
    return dest


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Tests that start a real Neo4j server or Chromium are slow too: ``pytest -m "not slow"`` is the
    sub-minute inner loop."""
    for item in items:
        if item.get_closest_marker("neo4j") or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def sample_dir(tmp_path) -> Path:
    """A writable copy of the sample dataset (invented data, not thesis data)."""
    return Path(shutil.copytree(SAMPLE, tmp_path / "sample"))
