"""docs/extending.md works as written: its example channel type registers, validates and simulates."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = (ROOT / "docs" / "extending.md").read_text(encoding="utf-8")


def blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", DOC, re.S)


def _run(tmp: Path, code: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp), str(ROOT), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp, env=env,
                          timeout=300)


def test_the_worked_example_runs_from_the_docs(tmp_path):
    channel, run = blocks("python")
    (tmp_path / "supplier_sales.py").write_text(channel, encoding="utf-8")
    (tmp_path / "sales_push.toml").write_text(blocks("toml")[0], encoding="utf-8")
    proc = _run(tmp_path, run)
    assert proc.returncode == 0, proc.stderr
    m = re.search(r"awareness through the sales team per run: (\d+\.\d)", proc.stdout)
    assert m and float(m.group(1)) > 0, proc.stdout


def test_the_example_type_is_part_of_the_format_docs_and_errors(tmp_path):
    (tmp_path / "supplier_sales.py").write_text(blocks("python")[0], encoding="utf-8")
    toml = blocks("toml")[0]
    (tmp_path / "sales_push.toml").write_text(toml.replace("visits = 2", "visits = 0"), encoding="utf-8")
    (tmp_path / "unknown.toml").write_text(toml.replace('"33"]', '"nobody"]'), encoding="utf-8")
    proc = _run(tmp_path, """
import networkx as nx
import supplier_sales
from innosys.diffusion import ScenarioError, load_scenario, simulate
from innosys.diffusion.scenario import STRUCTURAL
from innosys.diffusion.scenario_docs import reference_markdown
assert "### Channel type `supplier_sales`" in reference_markdown()
assert "visits" in STRUCTURAL and "customers" in STRUCTURAL
for f in ("sales_push.toml", "unknown.toml"):
    try:
        simulate(load_scenario(f), nx.karate_club_graph(), runs=4)
    except ScenarioError as e:
        print(e)
""")
    assert proc.returncode == 0, proc.stderr
    assert "sales_push.toml: key 'channels.sales.visits': must be >= 1, got 0" in proc.stdout
    assert "unknown.toml: key 'channels.sales.customers': unknown unit id 'nobody'" in proc.stdout
