"""`innosys demo`: the main job writes an offline index linking the three pages."""

import re

import pytest
from click.testing import CliRunner

from innosys.cli import main

pytestmark = pytest.mark.slow  # real processes, servers or clusters: seconds per test


@pytest.mark.slow
def test_demo_writes_index_and_pages(tmp_path):
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["demo", "--out", str(out), "--runs", "24", "--seed", "3"])
    assert r.exit_code == 0, r.output
    index = (out / "index.html").read_text(encoding="utf-8")
    links = set(re.findall(r'href="([^"]+)"', index))
    assert {"network.html", "playback.html", "report.html", "validation.html"} <= links
    for page in ("network.html", "playback.html", "report.html", "validation.html"):
        text = (out / page).read_text(encoding="utf-8")
        assert len(text) > 10_000
        # no external resource in the markup (the browser tests check that no request is made at all)
        assert not re.search(r'<(script|link|img|iframe)\b[^>]*(src|href)="https?://', text), page
    assert "http://" not in index and "https://" not in index
    # three scenarios on the 357 municipalities, each a complete result directory
    for name in ("nationwide", "nationwide_ks_push", "nationwide_peer_only"):
        assert (out / "results" / name / "summary.json").exists()
    assert "357" in r.output and "nationwide_ks_push" in r.output
    # the validation page's forecasts of the real adoption histories, one directory per case
    for case in ("digisos", "velferdsteknologi", "digital_hjemmeoppfolging"):
        assert (out / "validation" / case / "curves.csv").exists()


@pytest.mark.slow
def test_demo_is_reproducible(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for d in (a, b):
        assert CliRunner().invoke(main, ["demo", "--out", str(d), "--runs", "16", "--seed", "5"]).exit_code == 0
    for name in ("nationwide", "nationwide_peer_only"):
        assert (a / "results" / name / "curves.csv").read_bytes() == (b / "results" / name / "curves.csv").read_bytes()
        assert (a / "results" / name / "units.csv").read_bytes() == (b / "results" / name / "units.csv").read_bytes()


def test_demo_help_has_an_example():
    r = CliRunner().invoke(main, ["demo", "--help"])
    assert r.exit_code == 0 and "Example:" in r.output and "innosys demo --out" in r.output


def _start_demo(out, *extra):
    import subprocess
    import sys

    return subprocess.Popen([sys.executable, "-m", "innosys", "demo", "--out", str(out), "--runs", "8", *extra],
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)


def _wait_for(proc, marker: str) -> None:
    for line in proc.stderr:
        if marker in line:
            return
    raise AssertionError(f"the demo ended before {marker!r} (exit {proc.wait()})")


def test_demo_killed_during_step_4_leaves_nothing_visible_and_is_cleaned_next_run(tmp_path):
    import signal

    out = tmp_path / "out"
    proc = _start_demo(out)
    _wait_for(proc, "[4/6]")
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert not out.exists()
    left = [p.name for p in tmp_path.iterdir()]
    assert all(name.startswith(".out.tmp-") for name in left), left
    proc = _start_demo(out)  # the next run into that parent removes the killed run's leftovers
    _wait_for(proc, "[3/6]")
    proc.send_signal(signal.SIGINT)
    proc.wait()
    assert proc.returncode != 0
    assert list(tmp_path.iterdir()) == []


def test_demo_with_invalid_data_leaves_no_output_directory(tmp_path):
    from conftest import make_broken

    data = make_broken("dangling_id", tmp_path / "bad")
    out = tmp_path / "new" / "out"
    r = CliRunner().invoke(main, ["demo", "--out", str(out), "--data", str(data), "--runs", "4"])
    assert r.exit_code == 2 and "unknown id" in r.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad"]


def test_demo_refuses_a_foreign_directory(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "thesis.txt").write_text("mine")
    r = CliRunner().invoke(main, ["demo", "--out", str(tmp_path / "out"), "--runs", "4"])
    assert r.exit_code == 2 and "--force" in r.output
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["thesis.txt"]
