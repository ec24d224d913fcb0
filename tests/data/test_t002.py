"""Thesis 002 (Lie 2018, KS's innovation tools in ten municipalities): key facts reproduced from the data.

The facts come from the thesis text (see data/t002/sources.csv); the rows are in data/t002/.
Line numbers are 1-based and split on "\\n" only (as ``sed -n`` counts them): this thesis holds
U+2028 characters in its appendix, which ``str.splitlines`` would count as extra lines.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

from innosys import schema

from .theses import thesis_text
from .thesis_data import shipped_tables as _read_tables
from .thesis_data import thesis_part

REPO = Path(__file__).parents[2]
DATA = REPO / "data"
SEED = "002_dbed5e355ce8910b.txt"  # the thesis text, found as tests/data/theses.py says
SRC = "t002"
LETTERS = "abcdefghij"
KS_TOOLS = {"inn:n3", "inn:samveis", "inn:slik", "inn:kominn"}
MUNI = {f"t002:kommune-{c}" for c in LETTERS}


@pytest.fixture(scope="module")
def everything() -> dict[str, pd.DataFrame]:
    return _read_tables()


@pytest.fixture(scope="module")
def t(everything) -> dict[str, pd.DataFrame]:
    return thesis_part(everything, SRC)


@cache
def seed_lines() -> list[str]:
    text = thesis_text(SEED)
    return text.split("\n")[:-1] if text.endswith("\n") else text.split("\n")


def _ranges(spec: str) -> list[tuple[int, int]]:
    out = []
    for part in spec.split(";"):
        lo, _, hi = part.strip().partition("-")
        out.append((int(lo), int(hi or lo)))
    return out


def _norm(text: str) -> str:
    text = re.sub(r"-\s*\n\s*", "", text)
    return re.sub(r"\s+", " ", text).casefold()


def _yr(v: str) -> int | None:
    return int(float(v)) if str(v).strip() else None


def _covers(row, start: int, end: int) -> bool:
    """The adoption row's period overlaps [start, end]."""
    ys, ye = _yr(row["year_start"]), _yr(row["year_end"])
    return (ys is None or ys <= end) and (ye is None or ye >= start)


def _sizes(t) -> dict[str, str]:
    a = t["actors"]
    m = a[a["kind"] == "Municipality"]
    return dict(zip(m["id"], m["size_class"]))


def _obs(t, oid: str) -> pd.Series:
    o = t["observations"]
    hit = o[o["id"] == f"t002:obs:{oid}"]
    assert len(hit) == 1, oid
    return hit.iloc[0]


# --------------------------------------------------------------------------- provenance

def test_source_row(t):
    s = t["sources"]
    assert len(s) == 1
    row = s.iloc[0]
    assert row["source_kind"] == "thesis"
    assert row["file"] == SEED
    assert row["author"] == "Eva Lie" and int(float(row["year"])) == 2018
    assert int(float(row["line_count"])) == 4587
    assert len(seed_lines()) == 4587


def test_every_t002_citation_mentions_its_row(t, everything):
    """Cited lines exist and contain the keyword or a name/alias of a node of the row (sed numbering)."""
    nodes = pd.concat([everything["actors"][["id", "name", "aliases"]],
                       everything["innovations"][["id", "name", "aliases"]]])
    names = {}
    for _, n in nodes.iterrows():
        names.setdefault(n["id"], []).extend([n["name"], *[a for a in n["aliases"].split(";") if a.strip()]])
    cols = {"actors": ["id"], "innovations": ["id"], "relations": ["from_id", "to_id", "innovation_id"],
            "activities": ["actor_id"], "adoptions": ["adopter_id", "innovation_id", "via_id"],
            "process": ["innovation_id", "actor_id"], "observations": ["subject_id", "innovation_id"]}
    lines = seed_lines()
    failures, checked = [], 0
    for table, idcols in cols.items():
        for i, row in t[table].iterrows():
            assert row["lines"], (table, i)
            rng = _ranges(row["lines"])
            assert all(1 <= lo <= hi <= len(lines) for lo, hi in rng), (table, i, row["lines"])
            cited = _norm("\n".join("\n".join(lines[lo - 1:hi]) for lo, hi in rng))
            words = [row["keyword"]] if row["keyword"] else [w for c in idcols if row[c] for w in names.get(row[c], [])]
            checked += 1
            if not any(_norm(w) in cited for w in words if w.strip()):
                failures.append(f"{table} row {i}: none of {words[:5]} in lines {row['lines']}")
    assert checked > 150
    assert not failures, "\n".join(failures)


def test_confidence_levels_are_known(t):
    for name in ("actors", "innovations", "relations", "activities", "adoptions", "process", "observations"):
        assert set(t[name]["confidence"]) <= set(schema.CONFIDENCE_LEVELS), name
    # Edquist's activities are not used by the thesis: the mapping is ours
    assert set(t["activities"]["confidence"]) == {"interpreted"}


# --------------------------------------------------------------------------- the sample (Table 1)

def test_sample_is_ten_anonymised_municipalities(t):
    a = t["actors"]
    m = a[a["kind"] == "Municipality"]
    assert set(m["id"]) == MUNI
    assert set(m["anonymised"].str.lower()) == {"true"}
    assert set(m["name"]) == {f"Kommune {c.upper()}" for c in LETTERS}
    assert float(_obs(t, "sample-municipalities")["value"]) == 10
    # one informant each, with the role Table 1 gives
    inf = a[a["id"].str.endswith("-informant")]
    assert len(inf) == 10 and (inf["role"] != "").all()


def test_size_class_counts_match_table_1(t):
    sizes = _sizes(t)
    counts = pd.Series(list(sizes.values())).value_counts().to_dict()
    assert counts == {"large": 4, "medium": 4, "small": 2}
    assert {k for k, v in sizes.items() if v == "large"} == {f"t002:kommune-{c}" for c in "abdj"}
    assert {k for k, v in sizes.items() if v == "small"} == {"t002:kommune-g", "t002:kommune-i"}
    for size, n in counts.items():
        assert float(_obs(t, f"sample-{size}")["value"]) == n


def test_h_size_contradiction_is_kept(t):
    assert _sizes(t)["t002:kommune-h"] == "medium"  # Table 1, used by the model
    lo, hi = _obs(t, "h-size-table"), _obs(t, "h-size-text")
    assert (lo["qualifier"], hi["qualifier"]) == ("at_least", "at_most")
    assert lo["lines"] != hi["lines"] and lo["note"] and hi["note"]


# --------------------------------------------------------------------------- who adopted what

def test_only_one_municipality_used_a_ks_tool_in_2010_2015_and_it_was_n3(t):
    ad = t["adoptions"]
    used = ad[ad["adopter_id"].isin(MUNI) & ad["innovation_id"].isin(KS_TOOLS)
              & (ad["status"] == "adopted") & (ad["depth"] != "strategy_only")]
    early = used[[(_yr(r["year_start"]) or 0) < 2015 for _, r in used.iterrows()]]
    assert list(early["adopter_id"]) == ["t002:kommune-g"]
    assert list(early["innovation_id"]) == ["inn:n3"]
    assert _sizes(t)[early.iloc[0]["adopter_id"]] == "small"
    assert float(_obs(t, "ks-tool-users-2010-2015")["value"]) == 1
    # the other nine did not use N³ then
    no = ad[(ad["innovation_id"] == "inn:n3") & (ad["status"] == "not_adopted")
            & (ad["year_end"].map(_yr) == 2015)]
    assert set(no["adopter_id"]) == MUNI - {"t002:kommune-g"}


def test_samveis_2010_2015_contradiction_kept_and_model_uses_n3(t):
    a, b = _obs(t, "samveis-users-2010-2015-a"), _obs(t, "samveis-users-2010-2015-b")
    assert {float(a["value"]), float(b["value"])} == {0.0, 1.0}
    assert a["note"] and b["note"]
    ad = t["adoptions"]
    sam = ad[(ad["innovation_id"] == "inn:samveis") & (ad["status"] == "adopted")]
    assert all((_yr(y) or 0) >= 2015 for y in sam["year_start"])


def test_all_small_and_medium_use_samveis_or_n3_in_2015_2018(t):
    """Lines 2476-2478: 'alle små og mellomstore kommuner' use either Samveis or N³ in 2015-2018."""
    sizes = _sizes(t)
    ad = t["adoptions"]
    users = set()
    for _, r in ad.iterrows():
        if (r["adopter_id"] in MUNI and r["innovation_id"] in {"inn:samveis", "inn:n3"}
                and r["status"] == "adopted" and _covers(r, 2015, 2018) and (_yr(r["year_end"]) or 0) >= 2018):
            users.add(r["adopter_id"])
    small_medium = {k for k, v in sizes.items() if v in ("small", "medium")}
    assert small_medium <= users
    assert len(small_medium) == 6 == float(_obs(t, "small-medium-users-2015-2018")["value"])
    # the conflicting passage (some medium never used the tools) is kept as an observation
    assert _obs(t, "medium-never-used")["note"]


def test_large_municipalities_do_not_use_ks_tools_in_service_development(t):
    sizes = _sizes(t)
    large = {k for k, v in sizes.items() if v == "large"}
    ad = t["adoptions"]
    in_use = ad[ad["adopter_id"].isin(large) & ad["innovation_id"].isin(KS_TOOLS)
                & ad["status"].isin(["adopted", "piloted"]) & (ad["depth"] != "strategy_only")]
    assert in_use.empty, in_use
    bypass = ad[ad["adopter_id"].isin(large) & (ad["status"] == "bypassed")]
    for m in large:
        assert set(bypass[bypass["adopter_id"] == m]["innovation_id"]) == {"inn:samveis", "inn:n3"}
    assert float(_obs(t, "large-users-service-dev")["value"]) == 0
    # only Kommune A drew on a KS method (N³) for its innovation strategy
    strat = ad[(ad["depth"] == "strategy_only") & ad["innovation_id"].isin(KS_TOOLS)]
    assert list(strat["adopter_id"]) == ["t002:kommune-a"]
    assert float(_obs(t, "strategy-with-ks-method")["value"]) == len(strat) == 1


def test_slik_used_by_none_of_the_ten(t):
    ad = t["adoptions"]
    slik = ad[(ad["innovation_id"] == "inn:slik") & ad["adopter_id"].isin(MUNI)]
    assert not slik["status"].isin(["adopted", "piloted"]).any()
    assert set(slik[slik["status"] == "not_adopted"]["adopter_id"]) == MUNI
    assert float(_obs(t, "slik-users")["value"]) == 0


def test_kominn_only_known_by_a_few(t):
    ad = t["adoptions"]
    assert not ((ad["innovation_id"] == "inn:kominn") & (ad["status"] == "adopted")).any()
    o = _obs(t, "kominn-aware")
    assert o["qualifier"] == "at_least" and float(o["value"]) >= 1


def test_channels(t):
    ad = t["adoptions"]

    def one(m, inn):
        hit = ad[(ad["adopter_id"] == f"t002:kommune-{m}") & (ad["innovation_id"] == inn) & (ad["status"] == "adopted")
                 & (ad["year_end"].map(_yr) == 2018)]
        assert len(hit) == 1, (m, inn)
        return hit.iloc[0]

    for m in "cei":
        assert one(m, "inn:samveis")["channel"] == "programme"
    assert one("i", "inn:samveis")["via_id"] == "prog:velferdsteknologi"
    assert one("i", "inn:samveis")["depth"] == "full"
    e = one("e", "inn:n3")
    assert (e["channel"], e["via_id"]) == ("personal_tie", "t002:kommune-e-radmann")
    rel = t["relations"]
    assert ((rel["from_id"] == "t002:kommune-e-radmann") & (rel["type"] == "EMPLOYED_BY") & (rel["to_id"] == "ks")).any()
    assert (one("f", "inn:n3")["channel"], one("f", "inn:n3")["via_id"]) == ("education", "hil")
    assert one("f", "inn:samveis")["channel"] == "consultant"
    g = {r["innovation_id"]: r["depth"] for _, r in ad[(ad["adopter_id"] == "t002:kommune-g") & (ad["status"] == "adopted")
                                                       & (ad["year_start"].map(_yr) == 2015)].iterrows()}
    assert g == {"inn:samveis": "elements", "inn:n3": "foundation_only",
                 "t002:inn:ks-gevinstrealiseringsverktoy": "elements"}


# --------------------------------------------------------------------------- the tools and their makers

def test_tools_and_launch_dates(t):
    inn = t["innovations"].set_index("id")
    assert inn.loc["inn:n3", "launched"] == "2013-06"
    assert inn.loc["inn:samveis", "launched"] == "2015-06"
    assert inn.loc["inn:kominn", "launched"] == "2017-06"
    assert inn.loc["inn:slik", "launched"].startswith("2015")
    # SLIK's beta month contradiction: both statements kept, with different lines
    autumn, june = _obs(t, "slik-beta-autumn"), _obs(t, "slik-beta-june")
    assert autumn["lines"] != june["lines"] and float(june["value"]) == 6 and float(autumn["value"]) == 2015
    assert "autumn" in inn.loc["inn:slik", "note"] and "June" in inn.loc["inn:slik", "note"]
    assert {"t002:inn:ks-gevinstrealiseringsverktoy", "t002:inn:kommune-b-beregningsmodell"} <= set(inn.index)


def test_n3_developers_and_test_sites(t):
    rel = t["relations"]
    dev = rel[(rel["type"] == "DEVELOPED") & (rel["to_id"] == "inn:n3")]
    assert set(dev["from_id"]) == {"ks", "m:3203", "sintef", "t002:innoco"}
    ad = t["adoptions"]
    piloted = ad[(ad["innovation_id"] == "inn:n3") & (ad["status"] == "piloted")]
    assert set(piloted["adopter_id"]) == {"m:3203", "m:5014", "m:5035"}  # Asker, Frøya, Stjørdal
    for tool in KS_TOOLS:
        assert ((rel["from_id"] == "ks") & (rel["type"] == "DEVELOPED") & (rel["to_id"] == tool)).any(), tool


def test_programme_partners_and_samveis_national_figure(t):
    rel = t["relations"]
    org = rel[(rel["type"] == "ORGANISES") & (rel["to_id"] == "prog:velferdsteknologi")]
    assert set(org["from_id"]) == {"ks", "ehelse", "helsedir"}
    assert ((rel["from_id"] == "prog:velferdsteknologi") & (rel["type"] == "RECOMMENDS")
            & (rel["to_id"] == "inn:samveis")).any()
    o = _obs(t, "samveis-national")
    assert (o["subject_id"], o["qualifier"], float(o["value"])) == ("inn:samveis", "at_least", 200.0)


def test_canonical_ids_owned_by_t002_are_defined_here_once(everything, t):
    owned = {"difi", "helsedir", "ehelse", "sintef", "prog:velferdsteknologi"}
    owned_inn = {"inn:kominn", "inn:n3", "inn:samveis", "inn:slik"}
    for table, ids in (("actors", owned), ("innovations", owned_inn)):
        rows = everything[table][everything[table]["id"].isin(ids)]
        assert sorted(rows["id"]) == sorted(ids), table
        assert set(rows["source"]) == {SRC}, table


def test_vocabulary_and_relation_endpoints(t, everything):
    ad = t["adoptions"]
    assert set(ad["status"]) <= set(schema.ADOPTION_STATUSES)
    assert set(ad["depth"]) - {""} <= set(schema.ADOPTION_DEPTHS)
    assert set(ad["channel"]) - {""} <= set(schema.CHANNELS)
    kinds = dict(zip(everything["actors"]["id"], everything["actors"]["kind"]))
    kinds.update(zip(everything["innovations"]["id"], everything["innovations"]["kind"]))
    for _, r in t["relations"].iterrows():
        rt = schema.RELATION_TYPES[r["type"]]
        if r["from_id"] in kinds and r["to_id"] in kinds:
            assert rt.allows(kinds[r["from_id"]], kinds[r["to_id"]]), (r["from_id"], r["type"], r["to_id"])
