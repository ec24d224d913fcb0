"""The runnable examples in the package's docstrings run and give what they say."""

import doctest
import importlib
import pkgutil

import pytest

import innosys

MODULES = sorted(m.name for m in pkgutil.walk_packages(innosys.__path__, "innosys.")
                 if not m.name.endswith("__main__"))


#: modules whose examples run a whole demo or a Dask cluster (seconds): left out of ``-m "not slow"``
SLOW = {"innosys.demo", "innosys.explore", "innosys.explore.executor", "innosys.explore.exploration"}


@pytest.mark.parametrize("name", [pytest.param(m, marks=pytest.mark.slow) if m in SLOW else m for m in MODULES])
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {name}"


def test_the_main_modules_have_examples():
    with_examples = {n for n in MODULES if ">>>" in (importlib.import_module(n).__doc__ or "")}
    for name in ("innosys.schema", "innosys.io", "innosys.graph.analytics", "innosys.diffusion",
                 "innosys.viz", "innosys.demo", "innosys.explore"):
        assert name in with_examples, name
