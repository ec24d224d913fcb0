"""Where the thesis texts are looked for, and what a fresh clone without them does."""

import pytest

from . import theses


@pytest.fixture
def alone(tmp_path, monkeypatch):
    """A repository with nothing beside it: no ../shared/seeds and no INNOSYS_THESES."""
    monkeypatch.setattr(theses, "REPO", tmp_path / "innosys")
    monkeypatch.delenv("INNOSYS_THESES", raising=False)
    monkeypatch.delenv("CI", raising=False)
    return tmp_path


def test_without_the_texts_the_citation_tests_skip_with_one_reason(alone):
    with pytest.raises(pytest.skip.Exception) as e:
        theses.require_theses()
    assert e.value.msg == "thesis texts not available: set INNOSYS_THESES to check citations"


def test_in_ci_a_missing_directory_fails(alone, monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="thesis texts not available"):
        theses.require_theses()


def test_innosys_theses_wins_and_must_be_a_directory(alone, monkeypatch):
    (alone / "shared" / "seeds").mkdir(parents=True)
    mine = alone / "mine"
    mine.mkdir()
    monkeypatch.setenv("INNOSYS_THESES", str(mine))
    assert theses.require_theses() == mine
    monkeypatch.setenv("INNOSYS_THESES", str(alone / "typo"))
    with pytest.raises(pytest.fail.Exception, match="not a directory"):
        theses.require_theses()


def test_falls_back_to_shared_seeds_beside_the_repository(alone):
    (alone / "shared" / "seeds").mkdir(parents=True)
    assert theses.require_theses() == alone / "shared" / "seeds"
