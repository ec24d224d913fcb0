"""Every thesis citation in the shipped data points at lines that exist and mention the row.

For each row that cites a thesis, the cited line range must exist in the thesis
file, and a key word of the row must occur in it: the row's ``keyword`` if
given, otherwise the name or an alias of a node the row is about.  This keeps
citations from drifting.  The theses live in ``../shared/seeds`` beside the repo.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

from innosys.io import load_dataset
from innosys.io.values import parse_lines

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"

#: columns that hold node ids, per table
ID_COLUMNS = {
    "actors": ["id"], "innovations": ["id"],
    "relations": ["from_id", "to_id", "innovation_id"],
    "activities": ["actor_id"],
    "adoptions": ["adopter_id", "innovation_id", "via_id"],
    "process": ["innovation_id", "actor_id"],
    "observations": ["subject_id", "innovation_id"],
}


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


def _norm(text: str) -> str:
    text = re.sub(r"-\s*\n\s*", "", text)  # words hyphenated across lines
    return re.sub(r"\s+", " ", text).casefold()


@cache
def thesis_lines(file_name: str) -> list[str]:
    # Split on "\n" only, as sed and wc count lines: str.splitlines() would also split on
    # U+2028 and other separators that occur inside some theses' lines.
    text = (SEEDS / file_name).read_text(encoding="utf-8")
    lines = text.split("\n")
    return lines[:-1] if text.endswith("\n") else lines


def _names(ds, node_ids) -> list[str]:
    nodes = pd.concat([ds.tables["actors"][["id", "name", "aliases"]],
                       ds.tables["innovations"][["id", "name", "aliases"]]]).set_index("id")
    out = []
    for i in node_ids:
        if i in nodes.index:
            row = nodes.loc[i]
            out.append(row["name"])
            if not pd.isna(row["aliases"]):
                out += [a.strip() for a in row["aliases"].split(";") if a.strip()]
    return out


def test_seed_files_are_present():
    assert SEEDS.is_dir(), f"thesis texts not found at {SEEDS}"


def test_thesis_sources_name_their_file_and_length(dataset):
    theses = dataset.tables["sources"].query("source_kind == 'thesis'")
    assert len(theses) >= 1
    for _, s in theses.iterrows():
        assert not pd.isna(s["file"]), s["id"]
        lines = thesis_lines(s["file"])
        assert s["line_count"] == len(lines), (s["id"], s["line_count"], len(lines))


def test_every_citation_exists_and_mentions_the_row(dataset):
    theses = dataset.tables["sources"].query("source_kind == 'thesis'").set_index("id")
    failures = []
    checked = 0
    for table, cols in ID_COLUMNS.items():
        df = dataset.tables[table]
        for i, row in df.iterrows():
            if row["source"] not in theses.index:
                continue
            where = "{}:{}".format(*dataset.origins[table][i])
            text_lines = thesis_lines(theses.loc[row["source"], "file"])
            ranges = parse_lines(row["lines"])
            if any(hi > len(text_lines) for _, hi in ranges):
                failures.append(f"{where}: lines {row['lines']} run past the end of the thesis")
                continue
            cited = _norm("\n".join("\n".join(text_lines[lo - 1:hi]) for lo, hi in ranges))
            if not pd.isna(row["keyword"]):
                words = [row["keyword"]]
            else:
                ids = [row[c] for c in cols if not pd.isna(row[c])]
                words = _names(dataset, ids)
                if table == "process":
                    words.append(row["label"])
            checked += 1
            if not any(_norm(w) in cited for w in words if isinstance(w, str) and w.strip()):
                failures.append(f"{where}: none of {words[:6]} occurs in lines {row['lines']}")
    assert checked > 0
    assert not failures, f"{len(failures)} of {checked} citations drift:\n" + "\n".join(failures[:60])
