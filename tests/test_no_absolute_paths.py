"""Shipped files (code, tests, docs, data) name no absolute path of any machine."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEXT = {".py", ".md", ".toml", ".txt", ".csv", ".cypher", ".sh", ".html", ".js", ".css", ".json", ".yml",
        ".yaml", ".cfg", ".ini", ".xml", ""}
SKIP_DIRS = {".git", "__pycache__", "out", "build", "dist", "target", ".venv", "node_modules", ".pytest_cache",
             ".ruff_cache"}
# home and work directories of a machine: /home/<user>, /Users/<user>, /root/, /work/, /mnt/<x>, C:\Users\...
MACHINE_PATH = re.compile(r"(?<![\w.~-])/(?:home|Users|root|work|mnt)/[\w.-]+|\b[A-Za-z]:\\\\?(?:Users|work)\b")


def shipped_files():
    for path in ROOT.rglob("*"):
        rel = path.relative_to(ROOT)
        if any(part in SKIP_DIRS or part.endswith(".egg-info") for part in rel.parts):
            continue
        if path.is_file() and path.suffix in TEXT and path != Path(__file__).resolve():  # this file has examples
            yield path, rel


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
    for bad in ("see /work/shared/seeds/001.txt", "at /home/ann/innosys", r"C:\Users\ann", "/Users/bo/x"):
        assert MACHINE_PATH.search(bad), bad
    for ok in ("innosys demo --out out/demo", "data/t001/sources.csv", "https://example.org/home/x"):
        assert not MACHINE_PATH.search(ok), ok
