"""The scenario reference in docs/diffusion.md, generated from the scenario format itself.

>>> rows = reference_rows()
>>> ("time.steps" in [r[0] for r in rows]) and "### Channel type `mass_media`" in reference_markdown()
True
"""

from __future__ import annotations

import datetime as _dt
import math
import re

from innosys.diffusion.scenario import _COMMON, CHANNEL_SPECS, CHANNEL_TYPES, DEFAULT_LABELS, SCENARIO_SPEC
from innosys.diffusion.validation import ArrayOf, Spec, Table

# TOML literals as shown in the docs' default column (files are written with tomli-w)
_BARE = re.compile(r"^[A-Za-z0-9_-]+$")


def _tkey(k: str) -> str:
    return k if _BARE.match(k) else _tstr(k)


def _tstr(s: str) -> str:
    out = s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    out = "".join(c if ord(c) >= 0x20 or c in "\\" else f"\\u{ord(c):04x}" for c in out)
    return f'"{out}"'


def _tval(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        if math.isnan(v):
            return "nan"
        return repr(v)
    if isinstance(v, str):
        return _tstr(v)
    if isinstance(v, (_dt.date, _dt.datetime)):
        return v.isoformat()
    if isinstance(v, list):
        return "[" + ", ".join(_tval(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{_tkey(k)} = {_tval(x)}" for k, x in v.items()) + " }"
    raise TypeError(f"cannot write {type(v).__name__} to TOML")



def _default_doc(spec: Spec) -> str:
    d = spec.default
    if d is None:
        return ""
    if isinstance(d, (list, dict)):
        return _tval(d) if d else "empty"
    return _tval(d)


def reference_rows() -> list[tuple[str, str, str, str]]:
    """(key, type, default, description) for every scenario key, channel keys as ``channels.NAME.key``."""
    rows = []

    def walk(table: Table, prefix: str):
        for k, spec in table.fields.items():
            key = f"{prefix}{k}"
            if isinstance(spec, Table):
                rows.append((key, "table", "", spec.doc))
                walk(spec, key + ".")
            elif isinstance(spec, ArrayOf):
                rows.append((f"[[{key}]]", "array of tables", "", spec.doc))
                walk(spec.item, key + "[].")
            elif key == "channels":
                rows.append((key, "tables", "", "one table per channel: [channels.NAME]"))
            else:
                rows.append((key, spec.type_doc(), _default_doc(spec), spec.doc))

    walk(SCENARIO_SPEC, "")
    return rows


def channel_reference_rows(ctype: str | None) -> list[tuple[str, str, str, str]]:
    """Keys common to every channel (``ctype=None``) or the keys and defaults particular to a type."""
    spec = CHANNEL_SPECS[ctype or "mass_media"]
    out = []
    for k, s in spec.fields.items():
        common = k in _COMMON
        if ctype is None and not common:
            continue
        if ctype is not None and common and k not in ("awareness", "adoption", "label"):
            continue
        if isinstance(s, Table):
            for k2, s2 in s.fields.items():
                out.append((f"{k}.{k2}", s2.type_doc(), _default_doc(s2), s2.doc))
            continue
        d = "" if ctype is None and k in ("awareness", "adoption") else _default_doc(s)
        if k == "label":
            d = "" if ctype is None else _tval(DEFAULT_LABELS[ctype])
        out.append((k, s.type_doc(), d, s.doc))
    return out


def reference_markdown() -> str:
    """Markdown tables of every scenario key (docs/diffusion.md embeds this)."""
    def table(rows):
        lines = ["| key | type | default | meaning |", "| --- | --- | --- | --- |"]
        for k, t, d, doc in rows:
            cells = [f"`{k}`", t, f"`{d}`" if d else "", doc]
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        return "\n".join(lines)

    parts = ["### Top-level keys\n", table(reference_rows()),
             "\n### Keys of every channel `[channels.NAME]`\n", table(channel_reference_rows(None))]
    for ctype in CHANNEL_TYPES:
        if ctype == "programme":
            continue
        title = f"\n### Channel type `{ctype}`" + (" (and `programme`)" if ctype == "collective" else "")
        parts.append(title + "\n\n" + CHANNEL_SPECS[ctype].doc.capitalize() + ".\n")
        parts.append(table(channel_reference_rows(ctype)))
    return "\n".join(parts) + "\n"
