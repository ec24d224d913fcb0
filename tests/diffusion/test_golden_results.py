"""The diffusion numbers do not change unless a change means them to (see ``golden.py``)."""

from __future__ import annotations

import golden  # tests/diffusion is on sys.path (conftest.py)
import pytest


def _compare(expected: dict, actual: dict) -> None:
    stale = golden.load()["data_fingerprint"] != golden.data_fingerprint()
    hint = ("the shipped data changed since the golden file was made; if the new numbers are intended, run "
            "`PYTHONPATH=. python tests/diffusion/golden.py`" if stale else
            "result files differ from tests/diffusion/golden_results.json")
    assert sorted(actual) == sorted(expected), hint
    diff = [f"{name}/{f}" for name in expected for f in golden.FILES if expected[name][f] != actual[name][f]]
    assert not diff, f"{hint}: {diff}"


@pytest.mark.slow
def test_shipped_scenarios_give_the_recorded_result_files():
    _compare(golden.load()["scenarios"], golden.scenario_hashes())


@pytest.mark.slow
def test_example_studies_give_the_recorded_result_files():
    _compare(golden.load()["examples"], golden.example_hashes())
