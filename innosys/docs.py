"""Documentation generated from the schema (kept in sync by a test).

>>> from innosys.docs import column_reference
>>> "| `population` |" in column_reference()
True
"""

from __future__ import annotations

from innosys import schema

BEGIN = "<!-- generated:columns:begin (python -m innosys.docs data/README.md) -->"
END = "<!-- generated:columns:end -->"


def _type(p: schema.Prop) -> str:
    t = p.type
    if p.min is not None or p.max is not None:
        lo = "" if p.min is None else f"{p.min:g}"
        hi = "" if p.max is None else f"{p.max:g}"
        t += f" {lo}..{hi}"
    return t


def _kinds_using(table: str, col: str) -> str:
    kinds = [k.name for k in schema.NODE_KINDS.values() if k.table == table and col in k.props]
    return ", ".join(kinds) if kinds and len(kinds) < len(schema.kinds_in_table(table)) else ""


def column_reference() -> str:
    out = []
    for t in schema.TABLES.values():
        out.append(f"### `{t.file_name}`\n\n{t.doc}\n")
        out.append("| column | type | required | meaning |")
        out.append("| --- | --- | --- | --- |")
        for name, p in t.columns.items():
            doc = p.doc.replace("|", "\\|")
            only = _kinds_using(t.name, name)
            if only:
                doc += f" (kinds: {only})"
            if p.type == "enum":
                doc += f" — one of: {', '.join(p.choices)}"
            out.append(f"| `{name}` | {_type(p)} | {'yes' if p.required else ''} | {doc} |")
        out.append("")
    out.append("### Node kinds\n")
    out.append("| kind | table | meaning |")
    out.append("| --- | --- | --- |")
    for k in schema.NODE_KINDS.values():
        out.append(f"| `{k.name}` | {k.table} | {k.doc} |")
    out.append("\n### Relation types\n")
    out.append("| type | from | to | meaning |")
    out.append("| --- | --- | --- | --- |")
    for r in schema.RELATION_TYPES.values():
        def kinds(ks):
            return "any actor" if set(ks) == set(schema.ACTOR_KINDS) else ", ".join(ks)
        where = "" if r.table == "relations" else f" Rows live in `{r.table}.csv`."
        sym = " Symmetric." if r.symmetric else ""
        out.append(f"| `{r.name}` | {kinds(r.from_kinds)} | {kinds(r.to_kinds)} | {r.doc}{sym}{where} |")
    out.append("\n### Edquist's activities\n")
    out.append("| number | activity | group |")
    out.append("| --- | --- | --- |")
    for a in schema.EDQUIST_ACTIVITIES:
        out.append(f"| {a.number} | {a.name} | {a.group} |")
    return "\n".join(out) + "\n"


def update_readme(path: str) -> bool:
    """Rewrite the generated section of ``path``; return True when it changed."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    new = f"{head}{BEGIN}\n\n{column_reference()}\n{END}{tail}"
    if new != text:
        with open(path, "w", encoding="utf-8") as f:
            f.write(new)
    return new != text


if __name__ == "__main__":
    import sys

    print("updated" if update_readme(sys.argv[1]) else "unchanged")
