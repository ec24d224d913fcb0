"""Page assembly: safe JSON, the document shell and its CSP, atomic writes, Jupyter display."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re

import pytest

from innosys.viz.page import Page, document, json_safe, json_script, render

from .conftest import HOSTILE

NASTY = [HOSTILE, "a & b", "<!-- x", "line\u2028sep\u2029end", "</SCRIPT >", "quote \" and ' both", "æøå ÆØÅ"]


@pytest.mark.parametrize("text", NASTY)
def test_json_safe_round_trips_and_cannot_close_the_script(text):
    out = json_safe({"name": text, "list": [text]})
    assert json.loads(out) == {"name": text, "list": [text]}
    for ch in "<>&\u2028\u2029":
        assert ch not in out


def test_json_safe_refuses_nan():
    with pytest.raises(ValueError):
        json_safe({"x": float("nan")})


def test_json_script_is_a_data_block():
    s = json_script("innosys-data", {"name": HOSTILE})
    assert s.startswith('<script type="application/json" id="innosys-data">')
    assert s.count("</script>") == 1 and s.endswith("</script>")


def test_render_fills_slots_once_and_rejects_missing_ones():
    assert render("<h1>{{ title }}</h1>{{x}}", title="{{ x }}", x="1") == "<h1>{{ x }}</h1>1"
    with pytest.raises(KeyError, match="title"):
        render("<h1>{{ title }}</h1>")


def test_document_escapes_title_and_lists_every_script_hash_in_its_csp():
    scripts = ["var a = '</script>';", "console.log(1);"]
    doc = document(title=HOSTILE, body="<p>body</p>", data={"n": HOSTILE}, styles=["p{}"], scripts=scripts)
    assert f"<title>{html.escape(HOSTILE)}</title>" in doc
    assert "<img" not in doc
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', doc).group(1)
    csp = html.unescape(csp)
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    inlined = re.findall(r"<script>(.*?)</script>", doc, flags=re.S)
    assert len(inlined) == 2 and "<\\/script>" in inlined[0]
    for js in inlined:
        digest = base64.b64encode(hashlib.sha256(js.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    data = re.search(r'<script type="application/json" id="innosys-data">(.*?)</script>', doc).group(1)
    assert json.loads(data) == {"n": HOSTILE}


def test_write_is_atomic_and_leaves_no_temp_files(tmp_path):
    target = tmp_path / "sub" / "page.html"
    page = Page("<!DOCTYPE html><p>one</p>", title="t")
    assert page.write(target) == target
    assert target.read_text(encoding="utf-8") == page.html
    assert [p.name for p in target.parent.iterdir()] == ["page.html"]


def test_repr_html_is_a_sandboxed_iframe_with_the_page_escaped():
    page = Page(f"<!DOCTYPE html><title>{html.escape(HOSTILE)}</title><script>1</script>", title=HOSTILE)
    out = page._repr_html_()
    assert out.startswith("<iframe ") and 'sandbox="allow-scripts"' in out
    assert "<script>" not in out and "<img" not in out
    srcdoc = re.search(r'srcdoc="([^"]*)"', out).group(1)
    assert html.unescape(srcdoc) == page.html
