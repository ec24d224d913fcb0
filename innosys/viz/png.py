"""PNG export of the pages (curves, maps, networks) for papers and reports, through a headless Chromium.

:func:`write_png` opens a page in headless Chromium (driven by playwright),
waits until it has drawn itself, and saves a screenshot: the whole page, or
one part of it (``selector``, e.g. ``"#curves"`` or ``"#maps"`` in a report).
The playback is shown at ``step`` (default: the step where the mean curve
first reaches half of the units, else the last).

Chromium: set ``INNOSYS_CHROMIUM`` to its executable, or have ``chromium``
(Debian/Ubuntu: ``apt install chromium``), ``chromium-browser`` or
``google-chrome`` on the PATH; otherwise playwright's own download is used
(``python -m playwright install chromium``).  playwright itself comes with
``pip install 'innosys[png]'``.

>>> find_chromium() is None or find_chromium().startswith("/")
True
"""

from __future__ import annotations

import os
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from innosys.atomic import atomic_file

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
HOW_TO_GET = ("PNG export needs playwright and a Chromium: pip install 'innosys[png]', then install Chromium "
              "from your system (Debian/Ubuntu: apt install chromium) or run: python -m playwright install chromium "
              "(INNOSYS_CHROMIUM may name the executable)")


class PngExportError(RuntimeError):
    """PNG export is not possible here (no playwright or no Chromium), or the page did not draw."""


def find_chromium() -> str | None:
    """The Chromium to use: ``INNOSYS_CHROMIUM``, else the first of :data:`CANDIDATES` on the PATH."""
    env = os.environ.get("INNOSYS_CHROMIUM")
    if env:
        return env
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _launch(p):
    exe = find_chromium()
    args = ["--headless", "--disable-gpu", "--disable-background-networking"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium refuses to start its sandbox as root (e.g. in containers)
    try:
        return p.chromium.launch(executable_path=exe, args=args) if exe else p.chromium.launch(args=args)
    except Exception as e:  # noqa: BLE001 - every launch failure gets the same advice
        raise PngExportError(f"could not start Chromium ({exe or 'playwright download'}): "
                             f"{str(e).splitlines()[0]}. {HOW_TO_GET}") from None


def write_png(page, path: str | Path, *, selector: str | None = None, step: int | None = None,
              width: int = 1400, height: int = 900, scale: float = 2, timeout_s: float = 120) -> Path:
    """Save ``page`` (an innosys :class:`~innosys.viz.page.Page`) as a PNG at ``path``; return the path.

    ``selector`` picks one element (e.g. ``"#maps"``); otherwise a report is
    captured whole and the other pages as their ``width`` × ``height`` view.
    ``scale`` is the device pixel ratio (2: sharp enough for print).
    Raises :class:`PngExportError` when no Chromium can be started.
    """
    try:
        import playwright.sync_api  # noqa: F401 - only to fail early with advice
    except ImportError:
        raise PngExportError(HOW_TO_GET) from None
    # playwright's sync API refuses to run inside an asyncio loop (as in Jupyter, or beside another
    # playwright session): a worker thread has none.
    with ThreadPoolExecutor(max_workers=1) as pool:
        png = pool.submit(_capture, page, selector, step, width, height, scale, timeout_s).result()
    return atomic_file(path, lambda tmp_file: Path(tmp_file).write_bytes(png))


def _capture(page, selector, step, width, height, scale, timeout_s) -> bytes:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="innosys-png-") as tmp:
        html_path = page.write(Path(tmp) / "page.html")
        with sync_playwright() as p:
            browser = _launch(p)
            try:
                ctx = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=scale)
                view = ctx.new_page()
                view.goto(html_path.as_uri())
                view.wait_for_function("() => window.innosys && window.innosys.ready === true",
                                       timeout=timeout_s * 1000)
                if page.kind == "diffusion":
                    view.evaluate("t => window.innosys.setStep(t === null ? window.innosys.data.halfwayStep : t)", step)
                    view.wait_for_timeout(300)  # plotly moves the curve's marker asynchronously
                if selector:
                    if view.locator(selector).count() != 1:
                        raise PngExportError(f"the page has no single element {selector!r} to export")
                    png = view.locator(selector).screenshot()
                else:
                    png = view.screenshot(full_page=page.kind == "report")
            finally:
                browser.close()
    return png
