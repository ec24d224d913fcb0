"""Golden hashes of the diffusion results: the numbers a refactor must not change.

For every shipped scenario (``examples/scenarios/*.toml``, its own runs and seed) and every result
directory the example studies write (small settings, see :data:`EXAMPLE_ARGS`), the SHA-256 of
``curves.csv``, ``units.csv``, ``categories.csv`` and ``channels.csv``.  The file also records the
commit and a fingerprint of the shipped data that produced it, so a stale golden file says why.

When a change of numbers is intended (a new scenario, corrected data), regenerate with one command::

    PYTHONPATH=. python tests/diffusion/golden.py            # scenarios and examples
    PYTHONPATH=. python tests/diffusion/golden.py --scenarios-only

and commit ``tests/diffusion/golden_results.json`` together with the change.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).with_name("golden_results.json")
SCENARIOS = ROOT / "examples" / "scenarios"
DATA = ROOT / "data"
FILES = ("curves.csv", "units.csv", "categories.csv", "channels.csv")
STUDIES = ("t000_lorenskog", "t001_innovation_system", "t002_ks_tools", "t003_ict_company", "t004_strategies",
           "nationwide")
#: small, fixed settings for the example studies (the same before and after a change)
EXAMPLE_ARGS = ("--runs", "40", "--seed", "7", "--no-neo4j")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def data_fingerprint() -> str:
    """One hash over the shipped data files (names and contents)."""
    h = hashlib.sha256()
    for p in sorted(DATA.rglob("*")):
        if p.is_file():
            h.update(p.relative_to(DATA).as_posix().encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def result_hashes(directory: Path) -> dict[str, str]:
    return {f: sha256(directory / f) for f in FILES}


def scenario_hashes() -> dict[str, dict[str, str]]:
    """Each shipped scenario simulated with its own runs and seed on the shipped data."""
    from innosys.diffusion import simulate, write_results
    from innosys.graph import load_graph

    G = load_graph()
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for path in sorted(SCENARIOS.glob("*.toml")):
            d = write_results(simulate(str(path), G), Path(tmp) / path.stem)
            out[path.name] = result_hashes(d)
    return out


def example_hashes() -> dict[str, dict[str, str]]:
    """Every result directory (one holding summary.json) that each example study writes."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env["PYTHONHASHSEED"] = "0"
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for study in STUDIES:
            dest = Path(tmp) / study
            proc = subprocess.run([sys.executable, str(ROOT / "examples" / f"{study}.py"), "--out", str(dest),
                                   *EXAMPLE_ARGS], capture_output=True, text=True, env=env, cwd=ROOT, timeout=900)
            if proc.returncode != 0:
                raise RuntimeError(f"{study} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
            for summary in sorted(dest.rglob("summary.json")):
                out[f"{study}/{summary.parent.relative_to(dest).as_posix()}"] = result_hashes(summary.parent)
    return out


def commit() -> str:
    """HEAD, with ``+uncommitted`` when the working tree differs (the golden file is then committed next)."""
    head = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "innosys", "examples", "data"],
                           capture_output=True, text=True, cwd=ROOT).stdout.strip()
    return (head or "unknown") + ("+uncommitted" if dirty else "")


def regenerate(examples: bool = True) -> dict:
    old = json.loads(GOLDEN.read_text(encoding="utf-8")) if GOLDEN.exists() else {}
    golden = {
        "about": "SHA-256 of diffusion result files; regenerate with: PYTHONPATH=. python tests/diffusion/golden.py",
        "commit": commit(),
        "data_fingerprint": data_fingerprint(),
        "example_args": list(EXAMPLE_ARGS),
        "scenarios": scenario_hashes(),
        "examples": example_hashes() if examples else old.get("examples", {}),
    }
    GOLDEN.write_text(json.dumps(golden, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return golden


def load() -> dict:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scenarios-only", action="store_true", help="keep the recorded example hashes")
    g = regenerate(examples=not ap.parse_args().scenarios_only)
    print(f"wrote {GOLDEN.relative_to(ROOT)}: {len(g['scenarios'])} scenarios, {len(g['examples'])} example results")
