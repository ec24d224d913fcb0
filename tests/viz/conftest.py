"""Fixtures for the visualisation tests: a small data set, synthetic result directories, a real browser."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from innosys.graph import load_graph

from .synth import neighbour_edges, units_from_graph, write_result

HERE = Path(__file__).parent
NET_DATA = HERE / "fixtures" / "net"
ARTIFACTS = HERE.parent / "artifacts"
HOSTILE = "</script><img src=x onerror=alert(1)>"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def net_graph():
    """The graph of tests/viz/fixtures/net (invented data, with a hostile company name)."""
    return load_graph(NET_DATA)


def fixture_units(G) -> list[dict]:
    return units_from_graph(G, kinds=("Municipality",))


@pytest.fixture(scope="session")
def result_dirs(tmp_path_factory, net_graph) -> dict[str, Path]:
    """Synthetic result directories over the fixture's municipalities (plus a larger hostile one)."""
    root = tmp_path_factory.mktemp("results")
    units = fixture_units(net_graph)
    edges = neighbour_edges(units, k=2) + [("tv:kommune-a", "m:0201", "MEMBER_OF", 0.8)]
    out = {
        "base": write_result(root / "base", units, edges, scenario="baseline", seed=3, runs=10, steps=12, p=0.08),
        "fast": write_result(root / "fast", units, edges, scenario="campaign", seed=4, runs=10, steps=12, p=0.3),
    }
    hostile_units = [{"unit_id": f"u{i:02d}", "name": HOSTILE if i == 0 else f"Unit {i}", "kind": "Municipality",
                      "county": "county:01", "size_class": "small", "latitude": 60 + (i % 6) * 0.4,
                      "longitude": 8 + (i // 6) * 0.8} for i in range(30)]
    hostile_edges = neighbour_edges(hostile_units, k=3)
    out["hostile"] = write_result(root / "hostile", hostile_units, hostile_edges, scenario=HOSTILE,
                                  title=HOSTILE + " & \u2028 'quoted'", seed=5, runs=8, steps=16, p=0.05)
    # names in the chart data too: a channel and a category nobody planned for
    with open(out["hostile"] / "channels.csv", "a", encoding="utf-8") as f:
        f.write(f'"{HOSTILE}",adoption,1.5,0.01\n')
    with open(out["hostile"] / "categories.csv", "a", encoding="utf-8") as f:
        f.write(f'"{HOSTILE}",0,0.01,0,0.02\n')
    return out


OSLO = "m:0301"


@pytest.fixture(scope="session")
def nationwide(tmp_path_factory) -> dict:
    """Two synthetic results over all 357 shipped municipalities; Oslo, a title and a scenario name are hostile."""
    root = tmp_path_factory.mktemp("nationwide")
    units = [u for u in units_from_graph(load_graph()) if u["unit_id"].startswith("m:")]
    for u in units:
        if u["unit_id"] == OSLO:
            u["name"] = HOSTILE
    edges = neighbour_edges(units, k=2)
    return {"base": write_result(root / "base", units, edges, scenario="baseline", title=HOSTILE + " & co",
                                 seed=1, p=0.02, q=0.35, runs=12, steps=24),
            "push": write_result(root / "push", units, edges, scenario=HOSTILE, seed=2, p=0.06, q=0.35,
                                 runs=12, steps=24)}


def artifact(name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / re.sub(r"[^A-Za-z0-9_.-]", "_", name)


# ---------------------------------------------------------------------------
# Browser
# ---------------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium through playwright. If it cannot start, the tests FAIL (no skip)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except Exception as e:  # noqa: BLE001 - turn any launch problem into a clear failure
            pytest.fail(f"headless Chromium could not be launched from {CHROMIUM}: {e}", pytrace=False)
        yield b
        b.close()


class Visit:
    """One page opened from file:// with every console message, error, request and dialog recorded."""

    def __init__(self, browser, path: Path, width: int = 1400, height: int = 860):
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.page = self.context.new_page()
        self.console: list[tuple[str, str]] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.console.append((m.type, m.text)))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))

        def on_dialog(d):
            self.dialogs.append(d.message)
            d.dismiss()

        self.page.on("dialog", on_dialog)
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_function("() => window.innosys && window.innosys.ready === true", timeout=60_000)

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def console_errors(self) -> list[str]:
        return [text for kind, text in self.console if kind == "error"] + self.errors

    def foreign_requests(self) -> list[str]:
        return [u for u in self.requests if not (u.startswith("file://") or u.startswith("data:"))]

    def assert_clean(self) -> None:
        assert self.console_errors() == []
        assert self.foreign_requests() == []
        assert self.dialogs == []

    def screenshot(self, name: str, full_page: bool = False) -> Path:
        path = artifact(name)
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser):
    opened: list[Visit] = []

    def open_page(path: Path, **kw) -> Visit:
        v = Visit(browser, path, **kw)
        opened.append(v)
        return v

    yield open_page
    for v in opened:
        v.close()
