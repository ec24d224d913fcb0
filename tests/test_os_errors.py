"""File system errors reach the user as one sentence, a non-zero exit, and nothing left behind.

The full disk, the read-only file system and the busy mount point are real: small
tmpfs mounts (the tests run as root; without the right to mount they fail, they do
not skip).
"""

from __future__ import annotations

import contextlib
import subprocess

import pytest
from click.testing import CliRunner
from conftest import SAMPLE

from innosys.atomic import WriteError, atomic_dir, atomic_text
from innosys.cli import main


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@contextlib.contextmanager
def tmpfs(path, *, size="64k", read_only=False):
    path.mkdir(parents=True, exist_ok=True)
    opts = f"size={size}" + (",ro" if read_only else "")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", opts, "tmpfs", str(path)], capture_output=True, text=True)
    if done.returncode:
        pytest.fail(f"these tests mount a small tmpfs and need root: {done.stderr.strip()}", pytrace=False)
    try:
        yield path
    finally:
        subprocess.run(["umount", str(path)], check=True)


def one_sentence(output: str) -> str:
    lines = [ln for ln in output.splitlines() if ln.strip()]
    assert len(lines) == 1, output
    assert "Traceback" not in output and lines[0].startswith("Error: ") and lines[0].endswith("."), output
    return lines[0]


def test_full_disk_leaves_nothing(tmp_path):
    with tmpfs(tmp_path / "small") as mnt:
        with pytest.raises(WriteError) as e:
            atomic_text(mnt / "big.html", "x" * 1_000_000)
        assert e.value.errno == 28 and e.value.filename == str(mnt / "big.html")
        with pytest.raises(WriteError):
            with atomic_dir(mnt / "result") as tmp:
                (tmp / "big.csv").write_text("x" * 1_000_000)
        assert list(mnt.iterdir()) == []


def test_full_disk_on_the_command_line(tmp_path):
    with tmpfs(tmp_path / "small", size="8k") as mnt:
        r = run("export", "json", "--data", SAMPLE, "--out", mnt / "g.json")
        assert r.exit_code == 1
        assert one_sentence(r.output) == f"Error: Cannot write {mnt / 'g.json'}: no space left on device."
        r = run("export", "csv", "--data", SAMPLE, "--out", mnt / "tables")
        assert r.exit_code == 1 and "no space left on device" in one_sentence(r.output)
        assert list(mnt.iterdir()) == []


def test_read_only_file_system(tmp_path):
    with tmpfs(tmp_path / "ro", read_only=True) as mnt:
        r = run("viz", "network", "--data", SAMPLE, "--out", mnt / "net.html")
        assert r.exit_code == 1
        assert one_sentence(r.output) == f"Error: Cannot write {mnt / 'net.html'}: read-only file system."
        r = run("export", "csv", "--data", SAMPLE, "--out", mnt / "tables")
        assert r.exit_code == 1 and "read-only file system" in one_sentence(r.output)


def test_busy_mount_point_as_out_leaves_no_old_folder(tmp_path):
    with tmpfs(tmp_path / "mnt") as mnt:
        r = run("export", "csv", "--data", SAMPLE, "--out", mnt)
        assert r.exit_code == 1 and "device or resource busy" in one_sentence(r.output)
        assert list(mnt.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mnt"]


def test_out_below_a_file(tmp_path):
    (tmp_path / "afile.txt").write_text("x")
    r = run("viz", "network", "--data", SAMPLE, "--out", tmp_path / "afile.txt" / "x.html")
    assert r.exit_code == 1
    assert one_sentence(r.output) == (f"Error: Cannot write {tmp_path / 'afile.txt' / 'x.html'}: "
                                      f"{tmp_path / 'afile.txt'} is a file, not a directory.")
    r = run("export", "csv", "--data", SAMPLE, "--out", tmp_path / "afile.txt" / "sub")
    assert r.exit_code == 2 and "afile.txt exists and is not a directory" in one_sentence(r.output)
    assert [p.name for p in tmp_path.iterdir()] == ["afile.txt"]


def test_export_file_onto_a_directory(tmp_path):
    (tmp_path / "d").mkdir()
    r = run("export", "graphml", "--data", SAMPLE, "--out", tmp_path / "d")
    assert r.exit_code == 1
    assert one_sentence(r.output) == f"Error: Cannot write {tmp_path / 'd'}: it is a directory."
    assert list((tmp_path / "d").iterdir()) == []


def test_export_csv_keeps_a_foreign_directory(tmp_path):
    out = tmp_path / "tables"
    out.mkdir()
    (out / "thesis.txt").write_text("mine")
    r = run("export", "csv", "--data", SAMPLE, "--out", out)
    assert r.exit_code == 2 and "--force" in one_sentence(r.output)
    assert [p.name for p in out.iterdir()] == ["thesis.txt"]
    assert run("export", "csv", "--data", SAMPLE, "--out", out, "--force").exit_code == 0
    assert (out / "actors.csv").exists() and not (out / "thesis.txt").exists()
    assert run("export", "csv", "--data", SAMPLE, "--out", out).exit_code == 0  # its own: replaced
