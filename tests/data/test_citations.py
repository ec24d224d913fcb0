"""Every thesis citation in the shipped data points at lines that exist and mention the row.

For each row that cites a thesis, the cited line range must exist in the thesis
file, and a key word of the row must occur in it: the row's ``keyword`` if
given, otherwise the name or an alias of a node the row is about.  This keeps
citations from drifting.  The thesis texts are found as ``tests/data/theses.py`` says
(``INNOSYS_THESES``, else ``../shared/seeds`` beside the repository); each must be the exact file
``sources.csv`` names by its SHA-256, so another text extraction is reported as such, not as
drifted citations.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from innosys.io import load_dataset
from innosys.io.values import parse_lines

from .theses import normalise as _norm
from .theses import require_theses, thesis_lines, thesis_sha256

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


def different_extractions(dataset) -> list[str]:
    """Thesis files whose bytes are not the ones sources.csv's line numbers refer to."""
    out = []
    for _, s in dataset.tables["sources"].query("source_kind == 'thesis'").iterrows():
        got = thesis_sha256(s["file"])
        if got != s["sha256"]:
            out.append(f"{s['file']} (source {s['id']}) is a different text extraction: sha256 {got}, "
                       f"sources.csv expects {s['sha256']}; its line numbers do not apply")
    return out


def test_thesis_sources_name_their_file_hash_and_length(dataset):
    require_theses()
    theses = dataset.tables["sources"].query("source_kind == 'thesis'")
    assert len(theses) >= 1
    for _, s in theses.iterrows():
        assert not pd.isna(s["file"]), s["id"]
        assert re.fullmatch(r"[0-9a-f]{64}", str(s["sha256"])), (s["id"], "sha256 must be 64 hex digits")
    assert not (wrong := different_extractions(dataset)), "\n".join(wrong)
    for _, s in theses.iterrows():
        lines = thesis_lines(s["file"])
        assert s["line_count"] == len(lines), (s["id"], s["line_count"], len(lines))


def test_every_citation_exists_and_mentions_the_row(dataset):
    require_theses()
    # a different extraction shifts every line: say that, instead of listing hundreds of drifts
    assert not (wrong := different_extractions(dataset)), "\n".join(wrong)
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


def test_a_different_extraction_is_reported_as_such(dataset, tmp_path, monkeypatch):
    theses = require_theses()
    files = dataset.tables["sources"].query("source_kind == 'thesis'")["file"].tolist()
    for name in files:
        (tmp_path / name).write_bytes((theses / name).read_bytes())
    # the same text re-extracted with one more line at the top
    (tmp_path / files[0]).write_bytes(b"page header\n" + (theses / files[0]).read_bytes())
    monkeypatch.setenv("INNOSYS_THESES", str(tmp_path))
    wrong = different_extractions(dataset)
    assert len(wrong) == 1 and files[0] in wrong[0] and "different text extraction" in wrong[0]
