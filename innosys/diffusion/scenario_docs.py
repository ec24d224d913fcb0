"""The scenario reference in docs/diffusion.md, generated from the JSON Schema of the scenario's models.

>>> rows = reference_rows()
>>> ("time.steps" in [r[0] for r in rows]) and "### Channel type `mass_media`" in reference_markdown()
True
>>> [r[1] for r in rows if r[0] in ("time.steps", "adoption.rejection")]
['integer 1..10000', 'probability 0..1 or {small, medium, large, default}']
"""

from __future__ import annotations

import datetime as _dt
import math
import re

from innosys.diffusion.channels import REGISTRY
from innosys.diffusion.channels.base import COMMON_KEYS, ChannelKeys
from innosys.diffusion.scenario import ScenarioModel
from innosys.diffusion.validation import INT_MAX

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



def _default_doc(prop: dict) -> str:
    if "default" not in prop or prop["default"] is None:
        return ""
    d = prop["default"]
    if isinstance(d, (list, dict)):
        return _tval(d) if d else "empty"
    return _tval(d)


def _resolve(s: dict, defs: dict) -> dict:
    """A property's schema with ``$ref`` resolved and the ``null`` of an optional key left out."""
    if "$ref" in s:
        s = {**defs[s["$ref"].rsplit("/", 1)[-1]], **{k: v for k, v in s.items() if k != "$ref"}}
    alts = [a for a in s.get("anyOf", []) if a.get("type") != "null"]
    if "anyOf" in s and len(alts) == 1:
        rest = {k: v for k, v in s.items() if k != "anyOf"}
        return _resolve({**alts[0], **rest}, defs)
    return s


def _choices(values: list, sep: str = " / ") -> str:
    if len(values) > 9:
        return f"{len(values)} names (see innosys.schema)"
    return sep.join(map(str, values))


def _type_doc(s: dict, defs: dict) -> str:
    """A key's type in words, from its JSON Schema."""
    s = _resolve(s, defs)
    fmt = s.get("format")
    if fmt == "YYYY-MM":
        return "'YYYY-MM'"
    if fmt == "step or YYYY-MM":
        return "step number or 'YYYY-MM'"
    if "anyOf" in s or "oneOf" in s:
        alts = [_resolve(a, defs) for a in s.get("anyOf", s.get("oneOf"))]
        if len(alts) == 2 and alts[1].get("type") == "object":               # a value or a table by size class
            keys = _resolve(alts[1].get("propertyNames", {}), defs).get("enum", [])
            return f"{_type_doc(alts[0], defs)} or {{{', '.join(keys)}}}"
        if alts and alts[0].get("const") == "all":
            return _type_doc(alts[1], defs) + ' or "all"'
        return " or ".join(_type_doc(a, defs) for a in alts)
    if "enum" in s:
        return "one of " + _choices(s["enum"])
    t = s.get("type")
    if t == "boolean":
        return "true / false"
    if t in ("integer", "number"):
        lo, hi = s.get("minimum"), s.get("maximum")
        if t == "number" and (lo, hi) == (0.0, 1.0):
            return "probability 0..1"
        hi = None if hi == INT_MAX else hi
        if lo is not None and hi is not None:
            return f"{t} {lo}..{hi}"
        return f"{t} >= {lo}" if lo is not None else t
    if t == "array":
        items = _resolve(s.get("items", {}), defs)
        if "enum" in items:
            return "array of strings from " + _choices(items["enum"], ", ")
        return "array of strings"
    if t == "object" and "properties" not in s:
        noun = _resolve(s.get("propertyNames", {}), defs).get("key", "key")
        extra = s.get("additionalProperties")
        inner = _type_doc(extra, defs) if isinstance(extra, dict) and extra else "any value"
        return f"table of {noun} = {inner}"
    if t == "object":
        return "table"
    return t or "any value"


def _rows(schema: dict, prefix: str, defs: dict, keys=None) -> list[tuple[str, str, str, str]]:
    rows = []
    for k, prop in schema["properties"].items():
        if keys is not None and k not in keys:
            continue
        key, s = f"{prefix}{k}", _resolve(prop, defs)
        doc = prop.get("description") or s.get("description", "")
        if s.get("type") == "object" and "properties" in s:
            rows.append((key, "table", "", doc))
            rows += _rows(s, key + ".", defs)
        elif s.get("type") == "array" and "properties" in _resolve(s["items"], defs):
            rows.append((f"[[{key}]]", "array of tables", "", doc))
            rows += _rows(_resolve(s["items"], defs), key + "[].", defs)
        elif key == "channels":
            rows.append((key, "tables", "", doc))
        else:
            rows.append((key, _type_doc(prop, defs), _default_doc(prop), doc))
    return rows


def reference_rows() -> list[tuple[str, str, str, str]]:
    """(key, type, default, description) for every scenario key (channels: :func:`channel_reference_rows`)."""
    schema = ScenarioModel.model_json_schema()
    return _rows(schema, "", schema.get("$defs", {}))


def channel_reference_rows(ctype: str | None) -> list[tuple[str, str, str, str]]:
    """Keys common to every channel (``ctype=None``) or the keys and defaults particular to a type."""
    schema = (ChannelKeys if ctype is None else REGISTRY[ctype].model).model_json_schema()
    keys = (COMMON_KEYS if ctype is None else
            [k for k in schema["properties"] if k not in COMMON_KEYS or k in ("awareness", "adoption", "label")])
    rows = _rows(schema, "", schema.get("$defs", {}), keys)
    if ctype is None:     # a type's rates and label are its own (see its table)
        rows = [(k, "one of " + _choices(list(REGISTRY)) if k == "type" else t,
                 "" if k in ("awareness", "adoption", "label", "type") else d, doc) for k, t, d, doc in rows
                if k != "targets"]
    return rows


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
    shown: dict[tuple, str] = {}
    aliases: dict[str, list[str]] = {}
    for ctype, ct in REGISTRY.items():   # a type with another's class, rates and doc is listed with it
        first = shown.setdefault((ct.cls, ct.doc, ct.awareness, ct.adoption), ctype)
        aliases.setdefault(first, []).extend([ctype] if first != ctype else [])
    for ctype, more in aliases.items():
        title = f"\n### Channel type `{ctype}`" + "".join(f" (and `{m}`)" for m in more)
        parts.append(title + "\n\n" + REGISTRY[ctype].doc.capitalize() + ".\n")
        parts.append(table(channel_reference_rows(ctype)))
    return "\n".join(parts) + "\n"


START = "<!-- reference: generated by innosys.diffusion.scenario_docs.reference_markdown() -->\n"
END = "<!-- end reference -->"


def update_docs(path: str = "docs/diffusion.md") -> None:
    """Replace the reference block of ``docs/diffusion.md`` (run ``python -m innosys.diffusion.scenario_docs``)."""
    from pathlib import Path

    p = Path(path)
    text = p.read_text(encoding="utf-8")
    i = text.index(START) + len(START)
    p.write_text(text[:i] + reference_markdown() + text[text.index(END, i):], encoding="utf-8")


if __name__ == "__main__":
    update_docs()
