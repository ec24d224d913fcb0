"""Shipped files (code, tests, docs, data) name no absolute path of any machine."""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEXT = {".py", ".md", ".toml", ".txt", ".csv", ".cypher", ".sh", ".html", ".js", ".css", ".json", ".yml",
        ".yaml", ".cfg", ".ini", ".xml", ""}
SKIP_DIRS = {".git", "__pycache__", "out", "build", "dist", "target", ".venv", "node_modules", ".pytest_cache",
             ".ruff_cache"}
# home and work directories of a machine: /home/<user>, /Users/<user>, /root/, a work folder, /mnt/<x>,
# C:\Users\...
MACHINE_PATH = re.compile(r"(?<![\w.~-])/(?:home|Users|root|work|mnt)/[\w.-]+|\b[A-Za-z]:\\\\?(?:Users|work)\b")


def shipped_files():
    """The tracked files (``git ls-files``); without git, every file outside caches and build output."""
    try:
        out = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z"], capture_output=True, check=True).stdout
        paths = [ROOT / p for p in out.decode("utf-8").split("\0") if p]
    except (OSError, subprocess.CalledProcessError):
        paths = [p for p in ROOT.rglob("*")
                 if not any(part in SKIP_DIRS or (part.startswith(".") and part != ".ci") or part.endswith(".egg-info")
                            for part in p.relative_to(ROOT).parts)]
    for path in paths:
        if path.is_file() and path.suffix in TEXT and path != Path(__file__).resolve():  # this file has examples
            yield path, path.relative_to(ROOT)


def test_no_shipped_file_names_a_machine_path():
    hits = []
    for path, rel in shipped_files():
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for n, line in enumerate(text.splitlines(), 1):
            if MACHINE_PATH.search(line):
                hits.append(f"{rel}:{n}: {line.strip()[:120]}")
    assert not hits, "absolute paths of a machine:\n" + "\n".join(hits)


def test_the_pattern_finds_machine_paths():
    work = "/" + "work"  # spelled in two parts so that this file names no such path itself
    for bad in (f"see {work}/shared/seeds/001.txt", "at /home/ann/innosys", r"C:\Users\ann", "/Users/bo/x"):
        assert MACHINE_PATH.search(bad), bad
    for ok in ("innosys demo --out out/demo", "data/t001/sources.csv", "https://example.org/home/x"):
        assert not MACHINE_PATH.search(ok), ok
