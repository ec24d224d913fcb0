"""PNG export of the pages through headless Chromium: write_png and --png on the CLI."""

from __future__ import annotations

import struct

import pytest
from click.testing import CliRunner

from innosys.cli import main
from innosys.viz import diffusion_playback, scenario_report, write_png

from .conftest import CHROMIUM

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def debian_chromium(monkeypatch):
    monkeypatch.setenv("INNOSYS_CHROMIUM", CHROMIUM)


def png_size(path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", head[16:24])


def test_write_png_of_the_map_at_a_step(tmp_path, nationwide):
    page = diffusion_playback(nationwide["base"])
    whole = write_png(page, tmp_path / "page.png", width=1000, height=700, scale=1)
    assert png_size(whole) == (1000, 700)
    first = write_png(page, tmp_path / "start.png", selector="#network", step=0, width=1000, height=700, scale=1)
    middle = write_png(page, tmp_path / "middle.png", selector="#network", width=1000, height=700, scale=1)
    assert png_size(first) == png_size(middle)
    # at step 0 nearly every municipality is unaware; half-way the map is coloured
    assert middle.read_bytes() != first.read_bytes()
    maps = write_png(scenario_report([nationwide["base"], nationwide["push"]]), tmp_path / "maps.png",
                     selector="#maps", width=1200, scale=2)
    w, h = png_size(maps)
    assert w > 1500 and h > 700                              # the maps element at twice the pixels
    assert not list(tmp_path.glob(".*.tmp"))


def test_cli_png_and_a_clear_error_without_chromium(tmp_path, nationwide, monkeypatch):
    out, png = tmp_path / "report.html", tmp_path / "report.png"
    r = CliRunner().invoke(main, ["report", str(nationwide["base"]), str(nationwide["push"]), "--out", str(out),
                                  "--png", str(png)], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    assert f"wrote {png}" in r.output
    w, h = png_size(png)
    assert h > w                                               # the whole report, top to bottom

    monkeypatch.setenv("INNOSYS_CHROMIUM", str(tmp_path / "no-such-chromium"))
    bad = tmp_path / "bad.png"
    r = CliRunner().invoke(main, ["viz", "diffusion", str(nationwide["base"]), "--out", str(tmp_path / "p.html"),
                                  "--png", str(bad)], catch_exceptions=False)
    assert r.exit_code != 0
    assert "could not start Chromium" in r.output and "apt install chromium" in r.output
    assert "playwright install chromium" in r.output
    assert not bad.exists()
