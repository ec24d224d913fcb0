"""Ids people cannot tell apart: lookalike characters (Unicode confusables), case, compatibility forms.

Two ids are confusable when they differ but have the same *lookalike key*: the
id in Unicode NFKC form, upper-cased, with every character that has an ASCII
lookalike in Unicode's confusables list (via the ``confusable-homoglyphs``
package) replaced by it.  Upper-casing first makes the Cyrillic ``к`` meet the
Latin ``K`` (in lower case Unicode pairs ``к`` with ``ĸ`` only).

>>> lookalike_key("кs") == lookalike_key("ks") == "KS"
True
>>> lookalike_key("ｍ:3222") == lookalike_key("m:3222")
True
>>> for p in confusable_ids([("ks", "actors.csv", 2), ("кs", "actors.csv", 9)]):
...     print(p)
actors.csv:9: id: id 'кs' looks like 'ks' (actors.csv:2) but is a different id: 'к' is CYRILLIC SMALL LETTER KA
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable

from innosys.io.problems import Problem


@functools.cache
def _ascii_twin(ch: str) -> str:
    from confusable_homoglyphs.confusables import confusables_data

    twins = sorted(h["c"] for h in confusables_data.get(ch, ()) if h["c"].isascii() and len(h["c"]) == 1)
    return twins[0] if twins else ch


def lookalike_key(text: str) -> str:
    """What ``text`` looks like: NFKC, upper case, ASCII lookalikes for the other characters."""
    norm = unicodedata.normalize("NFKC", text).upper()
    return "".join(ch if ch.isascii() else _ascii_twin(ch) for ch in norm)


def _odd_characters(a: str, b: str) -> str:
    odd = [ch for ch in dict.fromkeys(a) if not ch.isascii() and ch not in b]
    if odd:
        return ", ".join(f"{ch!r} is {unicodedata.name(ch, 'an unnamed character')}" for ch in odd[:3])
    return "they differ in case or in compatibility characters"


def confusable_ids(ids: Iterable[tuple[str, str, int]], column: str = "id") -> list[Problem]:
    """A problem for each id (with its file and line) that looks like an earlier, different one."""
    first: dict[str, tuple[str, str, int]] = {}
    problems = []
    for node_id, file, line in ids:
        key = lookalike_key(node_id)
        seen = first.setdefault(key, (node_id, file, line))
        if seen[0] != node_id:
            problems.append(Problem(file, line, column,
                                    f"id {node_id!r} looks like {seen[0]!r} ({seen[1]}:{seen[2]}) but is a different "
                                    f"id: {_odd_characters(node_id, seen[0])}"))
    return problems


def spaced_id(value: str) -> str | None:
    """A message when an id cell has spaces around it (the id itself is read without them)."""
    if value != value.strip() and value.strip():
        return f"{value!r} has spaces around it; write {value.strip()!r}"
    return None
