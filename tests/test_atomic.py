"""All-or-nothing writes."""

import errno
import os
import stat
import subprocess
import sys

import pytest

from innosys.atomic import MARKER, OutputDirError, WriteError, atomic_dir, atomic_text, check_output_dir


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


def test_directory_written_by_innosys_is_replaced_whole(tmp_path):
    out = tmp_path / "result"
    with atomic_dir(out) as tmp:
        (tmp / "old.csv").write_text("old")
        (tmp / "sub").mkdir()
        (tmp / "sub" / "old.csv").write_text("old")
    (out / "playback.html").write_text("a page innosys wrote there later")
    with atomic_dir(out) as tmp:
        (tmp / "new.csv").write_text("new")
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "new.csv"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["result"]


def test_empty_directory_is_used(tmp_path):
    out = tmp_path / "result"
    out.mkdir()
    with atomic_dir(out) as tmp:
        (tmp / "new.csv").write_text("new")
    assert (out / "new.csv").read_text() == "new"


@pytest.mark.parametrize("foreign", ["notes/thesis.txt", "stale.csv", "sub/extra.csv"])
def test_a_directory_with_foreign_files_is_refused_unless_forced(tmp_path, foreign):
    out = tmp_path / "result"
    with atomic_dir(out) as tmp:
        (tmp / "sub").mkdir()
        (tmp / "sub" / "a.csv").write_text("a")
    (out / foreign).parent.mkdir(parents=True, exist_ok=True)
    (out / foreign).write_text("mine")
    with pytest.raises(OutputDirError, match="--force"):
        with atomic_dir(out) as tmp:
            (tmp / "new.csv").write_text("new")
    assert (out / foreign).read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["result"]
    with atomic_dir(out, force=True) as tmp:
        (tmp / "new.csv").write_text("new")
    assert not (out / foreign).exists() and (out / "new.csv").exists()


def test_a_directory_without_the_marker_is_foreign(tmp_path):
    out = tmp_path / "result"
    out.mkdir()
    (out / "summary.json").write_text("{}")
    with pytest.raises(OutputDirError, match="summary.json"):
        check_output_dir(out)


@pytest.mark.parametrize("where", ["cwd", "parent", "input"])
def test_never_the_cwd_its_parents_or_a_directory_holding_inputs_even_forced(tmp_path, monkeypatch, where):
    work = tmp_path / "work"
    (work / "notes").mkdir(parents=True)
    (work / "my.toml").write_text("x")
    (work / "notes" / "thesis.txt").write_text("y")
    monkeypatch.chdir(work / "notes" if where == "parent" else tmp_path if where == "input" else work)
    out = {"cwd": ".", "parent": "..", "input": "work"}[where]
    inputs = [work / "my.toml"] if where == "input" else []
    for force in (False, True):
        with pytest.raises(OutputDirError, match="never replaced"):
            with atomic_dir(out, force=force, inputs=inputs) as tmp:
                (tmp / "a.csv").write_text("a")
    assert sorted(p.name for p in work.iterdir()) == ["my.toml", "notes"]
    assert (work / "notes" / "thesis.txt").read_text() == "y"


def test_never_the_home_directory_even_forced(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    (home / "thesis.txt").write_text("y")
    monkeypatch.setenv("HOME", str(home))
    with pytest.raises(OutputDirError, match="your home directory"):
        check_output_dir(home, force=True)


def test_a_path_below_a_file_is_refused(tmp_path):
    (tmp_path / "afile.txt").write_text("x")
    with pytest.raises(OutputDirError, match="afile.txt exists and is not a directory"):
        with atomic_dir(tmp_path / "afile.txt" / "sub"):
            pass
    with pytest.raises(WriteError, match="afile.txt is a file, not a directory"):
        atomic_text(tmp_path / "afile.txt" / "x.html", "x")
    assert [p.name for p in tmp_path.iterdir()] == ["afile.txt"]


def test_a_directory_as_file_target_is_a_write_error(tmp_path):
    with pytest.raises(WriteError) as e:
        atomic_text(tmp_path, "x")
    assert e.value.errno == errno.EISDIR and e.value.filename == str(tmp_path)


def test_failure_leaves_no_created_parent(tmp_path):
    out = tmp_path / "a" / "b" / "result"
    with pytest.raises(RuntimeError):
        with atomic_dir(out):
            raise RuntimeError("interrupted")
    assert list(tmp_path.iterdir()) == []


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def test_leftovers_of_a_killed_writer_are_cleaned_on_the_next_run(tmp_path):
    dead, alive = _dead_pid(), os.getppid()
    stale = [tmp_path / f".out.tmp-{dead}.innosys-abc_1234", tmp_path / f".other.old-{dead}.innosys-x1234567",
             tmp_path / f".p.html.tmp-{dead}.innosys-q1234567"]
    for p in stale[:2]:
        (p / "sub").mkdir(parents=True)
    stale[2].write_text("half")
    running = tmp_path / f".out.tmp-{alive}.innosys-def12345"
    running.mkdir()
    mine = tmp_path / ".hidden.tmp-notapid"
    mine.mkdir()
    users = tmp_path / f".notes.tmp-{dead}-draft"  # looks alike, but innosys did not write it
    users.write_text("mine")
    with atomic_dir(tmp_path / "out") as tmp:
        (tmp / "a.csv").write_text("a")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["out", running.name, mine.name, users.name])
    running.rmdir()


def test_a_killed_writer_leaves_only_a_hidden_leftover_which_the_next_run_cleans(tmp_path):
    code = (f"import os, pathlib\nfrom innosys.atomic import atomic_dir\n"
            f"with atomic_dir({str(tmp_path / 'out')!r}) as tmp:\n"
            f"    (tmp / 'a.csv').write_text('a')\n    os.kill(os.getpid(), 9)\n")
    subprocess.run([sys.executable, "-c", code], check=False)
    left = [p.name for p in tmp_path.iterdir()]
    assert len(left) == 1 and left[0].startswith(".out.tmp-"), left
    with atomic_dir(tmp_path / "out") as tmp:
        (tmp / "b.csv").write_text("b")
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
