"""All-or-nothing writes."""

import stat

import pytest

from innosys.atomic import atomic_dir, atomic_text


def test_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "page.html"
    target.write_text("old", encoding="utf-8")

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr("innosys.atomic.os.replace", boom)
    with pytest.raises(OSError):
        atomic_text(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]


def test_written_files_are_world_readable(tmp_path):
    p = atomic_text(tmp_path / "a.html", "x")
    assert stat.S_IMODE(p.stat().st_mode) == 0o644


def test_failed_directory_leaves_nothing(tmp_path):
    out = tmp_path / "result"
    with pytest.raises(RuntimeError):
        with atomic_dir(out) as tmp:
            (tmp / "half.csv").write_text("a")
            raise RuntimeError("interrupted")
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_directory_replaces_old_one_whole(tmp_path):
    out = tmp_path / "result"
    out.mkdir()
    (out / "stale.csv").write_text("old")
    with atomic_dir(out) as tmp:
        (tmp / "new.csv").write_text("new")
    assert sorted(p.name for p in out.iterdir()) == ["new.csv"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["result"]


def test_merge_into_existing_directory(tmp_path):
    out = tmp_path / "tables"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    with atomic_dir(out, replace=False) as tmp:
        (tmp / "actors.csv").write_text("id")
    assert sorted(p.name for p in out.iterdir()) == ["actors.csv", "keep.txt"]
