"""Fixtures of the diffusion tests (helpers live in diffusion_helpers.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# the helpers are importable as ``diffusion_helpers`` whether or not this directory is a package
sys.path.insert(0, str(Path(__file__).parent))

from diffusion_helpers import make_data_dir  # noqa: E402


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory) -> Path:
    return make_data_dir(tmp_path_factory.mktemp("data") / "data")


@pytest.fixture(scope="session")
def graph(data_dir):
    from innosys.graph import load_graph

    return load_graph(data_dir)
