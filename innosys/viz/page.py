"""A generated HTML page, and the helpers that assemble one safely.

Pages are built from the templates in ``innosys/viz/templates`` by
:func:`render`, which fills ``{{ name }}`` slots in one pass (text put into a
slot is never scanned again).  Data reaches a page only through
:func:`json_script`, which escapes ``<``, ``>``, ``&`` and U+2028/U+2029 so
that no string can end the ``<script>`` element; the page's own JavaScript
reads that JSON and puts text into the DOM with ``textContent``.  Text put
straight into the HTML goes through :func:`html.escape`.

>>> json_safe({"name": "</script><b>"})
'{"name":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
>>> page = Page("<!doctype html><title>x</title>", title="x")
>>> "srcdoc" in page._repr_html_()
True
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from functools import cache
from pathlib import Path

from innosys.atomic import atomic_text
from innosys.viz.notebook import iframe_html

TEMPLATES = Path(__file__).parent / "templates"

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_ESCAPE_RE = re.compile("[<>&\u2028\u2029]")
_SLOT_RE = re.compile(r"\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}")


def escape_json_text(text: str) -> str:
    """Escape an already-serialised JSON text for a ``<script>`` element.

    The characters replaced can only occur inside JSON strings, where the
    ``\\uXXXX`` form means the same, so the JSON value does not change.
    """
    return _JSON_ESCAPE_RE.sub(lambda m: _JSON_ESCAPES[m.group(0)], text)


def json_safe(obj) -> str:
    """Serialise ``obj`` as compact JSON that is safe inside ``<script>`` (NaN is refused)."""
    return escape_json_text(json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False))


def json_script(element_id: str, obj) -> str:
    """A ``<script type="application/json">`` element holding ``obj``."""
    return (f'<script type="application/json" id="{html.escape(element_id)}">'
            f"{json_safe(obj)}</script>")


@cache
def template(name: str) -> str:
    """The text of a template file in ``innosys/viz/templates``."""
    return (TEMPLATES / name).read_text(encoding="utf-8")


def render(template_text: str, **slots: str) -> str:
    """Fill every ``{{ name }}`` slot of a template; a slot without a value is an error."""
    missing = sorted(set(_SLOT_RE.findall(template_text)) - set(slots))
    if missing:
        raise KeyError(f"template slot(s) without a value: {', '.join(missing)}")
    return _SLOT_RE.sub(lambda m: slots[m.group(1)], template_text)


def _csp(scripts: list[str]) -> str:
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode("ascii") + "'"
        for s in scripts)
    # default-src 'none': the page may fetch nothing; scripts run only when their hash is listed,
    # so an injected inline handler (onerror=...) could not run either.
    return (f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; "
            "img-src data: blob:; font-src data:")


def document(*, title: str, body: str, data: dict, styles: list[str], scripts: list[str],
             lang: str = "en") -> str:
    """A complete HTML document: styles and scripts inlined, ``data`` as JSON, a strict CSP.

    ``body`` is trusted markup (a filled template); ``data`` is embedded as the
    JSON element ``#innosys-data``; ``scripts`` run in order after it.
    """
    scripts = [re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE) for js in scripts]
    styles = [re.sub(r"</(style)", r"<\\/\1", css, flags=re.IGNORECASE) for css in styles]
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{html.escape(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{html.escape(_csp(scripts))}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="innosys">',
        f"<title>{html.escape(title)}</title>",
        *(f"<style>{css}</style>" for css in styles),
        "</head>",
        "<body>",
        body,
        json_script("innosys-data", data),
        *(f"<script>{js}</script>" for js in scripts),
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"




class Page:
    """A self-contained HTML page: ``.html``, ``.write(path)`` and inline display in Jupyter.

    ``info`` holds plain facts about what the page shows (e.g. node and edge
    counts), for callers and tests.
    """

    def __init__(self, html_text: str, *, title: str, kind: str = "page", info: dict | None = None):
        self.html = html_text
        self.title = title
        self.kind = kind
        self.info = dict(info or {})

    def write(self, path: str | Path) -> Path:
        """Write the page to ``path`` atomically and return the path."""
        return atomic_text(path, self.html)

    def _repr_html_(self) -> str:
        return iframe_html(self)  # sandboxed: the page's scripts and ids stay apart from the notebook's

    def __repr__(self) -> str:
        return f"<Page {self.kind} {self.title!r}: {len(self.html.encode('utf-8')):,} bytes>"
