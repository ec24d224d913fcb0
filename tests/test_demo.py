"""`innosys demo`: the main job writes an offline index linking the three pages."""

import re

import pytest
from click.testing import CliRunner

from innosys.cli import main


@pytest.mark.slow
def test_demo_writes_index_and_pages(tmp_path):
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["demo", "--out", str(out), "--runs", "24", "--seed", "3"])
    assert r.exit_code == 0, r.output
    index = (out / "index.html").read_text(encoding="utf-8")
    links = set(re.findall(r'href="([^"]+)"', index))
    assert {"network.html", "playback.html", "report.html"} <= links
    for page in ("network.html", "playback.html", "report.html"):
        text = (out / page).read_text(encoding="utf-8")
        assert len(text) > 10_000
        # no external resource in the markup (the browser tests check that no request is made at all)
        assert not re.search(r'<(script|link|img|iframe)\b[^>]*(src|href)="https?://', text), page
    assert "http://" not in index and "https://" not in index
    # three scenarios on the 357 municipalities, each a complete result directory
    for name in ("nationwide", "nationwide_ks_push", "nationwide_peer_only"):
        assert (out / "results" / name / "summary.json").exists()
    assert "357" in r.output and "nationwide_ks_push" in r.output


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
