"""Thesis 004: national digitalisation strategies in the steering documents of ten municipalities.

The tests rebuild the thesis's findings from the data in data/t004 (plus the shared
reference rows): the strategy status of each of the ten municipalities, the thesis's
own counts (and where they disagree with its per-municipality evidence), the
kommuneplan anchoring, Digi Rogaland's membership among the ten, and the issuers of
the three central national documents.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

from .theses import thesis_text
from .thesis_data import shipped_tables

DATA = Path(__file__).resolve().parents[2] / "data"
SEED = "004_d9719abe2f7b77f4.txt"  # the thesis text, found as tests/data/theses.py says

# the ten responding municipalities (2024 kommunenummer)
TEN = {
    "Haugesund": "m:1106", "Karmøy": "m:1149", "Larvik": "m:3909", "Porsgrunn": "m:4001",
    "Sandefjord": "m:3907", "Sandnes": "m:1108", "Skien": "m:4003", "Sola": "m:1124",
    "Stavanger": "m:1103", "Tønsberg": "m:3905",
}
ROGALAND = {"Haugesund", "Karmøy", "Sandnes", "Sola", "Stavanger"}
VT = set(TEN) - ROGALAND
KS = "inn:ks-digistrategi-2017"
DA = "inn:digital-agenda-2016"
EDOS = "inn:en-digital-offentlig-sektor"


@cache
def tables() -> dict[str, pd.DataFrame]:
    return shipped_tables()


def t004(table: str) -> pd.DataFrame:
    df = tables()[table]
    return df[df["source"] == "t004"]


def name_of(mid: str) -> str:
    return {v: k for k, v in TEN.items()}[mid]


def _int(x: str) -> int:
    return int(float(x))


# ---------------------------------------------------------------------------
# sample
# ---------------------------------------------------------------------------

def test_source_row():
    s = tables()["sources"].set_index("id").loc["t004"]
    assert s["source_kind"] == "thesis"
    assert s["file"] == "004_d9719abe2f7b77f4.txt"
    assert _int(s["line_count"]) == 4123
    assert len(thesis_text(SEED).splitlines()) == 4123


def test_the_ten_are_referenced_not_recreated():
    actors = tables()["actors"]
    for mid in TEN.values():
        rows = actors[actors["id"] == mid]
        assert len(rows) == 1 and rows.iloc[0]["source"] != "t004", mid
    assert not t004("actors")["kind"].eq("Municipality").any()


def test_sample_counts():
    obs = t004("observations").set_index("id")
    assert _int(obs.loc["t004:obs:municipalities-asked", "value"]) == 12
    assert _int(obs.loc["t004:obs:municipalities-replied", "value"]) == 10
    assert _int(obs.loc["t004:obs:sample-min-population", "value"]) == 25000
    # exactly the ten respondents are graded against the KS strategy
    ks = t004("adoptions").query("innovation_id == @KS")
    assert set(ks["adopter_id"]) == set(TEN.values()) and len(ks) == 10
    # reply dates: first Sandefjord (6 days), last Karmøy (90 days)
    replies = t004("observations").query("metric == 'reply_days_after_request'")
    days = {name_of(r.subject_id): _int(r.value) for r in replies.itertuples()}
    assert len(days) == 10
    assert min(days, key=days.get) == "Sandefjord" and days["Sandefjord"] == 6
    assert max(days, key=days.get) == "Karmøy" and days["Karmøy"] == 90


# ---------------------------------------------------------------------------
# strategy status of each municipality (thesis sections 4.3.1-4.3.10)
# ---------------------------------------------------------------------------

def _ks_depth() -> dict[str, str]:
    ks = t004("adoptions").query("innovation_id == @KS")
    return {name_of(r.adopter_id): r.depth for r in ks.itertuples()}


def test_three_municipalities_were_drafting():
    depth = _ks_depth()
    drafting = {m for m, d in depth.items() if d == "drafting"}
    assert drafting == {"Haugesund", "Karmøy", "Tønsberg"}
    ks = t004("adoptions").query("innovation_id == @KS")
    assert set(ks.loc[ks["status"] == "not_adopted", "adopter_id"]) == {TEN[m] for m in drafting}
    # each is developing a strategy of its own (a DEVELOPED row to a not-yet-adopted strategy)
    inn = t004("innovations").set_index("id")
    dev = t004("relations").query("type == 'DEVELOPED'")
    for m in drafting:
        mine = dev[dev["from_id"] == TEN[m]]["to_id"]
        own = [i for i in mine if inn.loc[i, "domain"] == "municipal digitalisation strategy"]
        assert len(own) == 1, m
        assert inn.loc[own[0], "status"].startswith(("under preparation", "draft")), m


def test_municipalities_with_an_adopted_own_strategy_and_their_periods():
    inn = t004("innovations").set_index("id")
    issued = t004("relations").query("type == 'ISSUED' and from_id in @TEN.values()")
    own = {}
    for r in issued.itertuples():
        if inn.loc[r.to_id, "domain"] == "municipal digitalisation strategy":
            own[name_of(r.from_id)] = (_int(inn.loc[r.to_id, "launched"]), _int(inn.loc[r.to_id, "ended"]))
    assert own == {
        "Larvik": (2018, 2020), "Porsgrunn": (2018, 2021), "Sandefjord": (2018, 2020),
        "Skien": (2016, 2019), "Sola": (2018, 2021), "Stavanger": (2014, 2029),
    }
    # Sandnes has its own programme document instead ("Sandnes – helt enkelt", 2019)
    prog = issued[issued["from_id"] == TEN["Sandnes"]]["to_id"]
    assert "t004:inn:sandnes-helt-enkelt" in set(prog)
    assert inn.loc["t004:inn:sandnes-helt-enkelt", "launched"] == "2019"
    # the grading agrees: only Skien's strategy had lapsed, two read as KS copies
    depth = _ks_depth()
    assert {m for m, d in depth.items() if d == "lapsed"} == {"Skien"}
    assert {m for m, d in depth.items() if d == "copied"} == {"Larvik", "Porsgrunn"}
    # most strategies lie close to, or are a somewhat adapted copy of, KS's (L3046-3048)
    assert {m for m, d in depth.items() if d == "adapted"} == {"Sandefjord", "Sola"}
    assert {m for m, d in depth.items() if d == "integrated"} == {"Sandnes", "Stavanger"}
    adopted = [d for d in depth.values() if d in ("copied", "adapted", "integrated", "lapsed")]
    assert sum(d in ("copied", "adapted") for d in adopted) > len(adopted) / 2


def test_edquist_activities_are_the_compilers_mapping():
    """Thesis 004 never uses Edquist's activities: every activity row is interpreted."""
    acts = t004("activities")
    assert len(acts) == 21
    assert (acts["confidence"] == "interpreted").all()


def test_thesis_counts_5_3_2_are_kept_with_the_contradiction():
    obs = t004("observations").set_index("id")
    claimed = {k: _int(obs.loc[f"t004:obs:{k}", "value"]) for k in
               ("own-strategy-claimed", "strategy-drafting-claimed", "no-strategy-focus-claimed")}
    assert claimed == {"own-strategy-claimed": 5, "strategy-drafting-claimed": 3, "no-strategy-focus-claimed": 2}
    assert obs.loc["t004:obs:own-strategy-claimed", "confidence"] == "stated"
    # drafting count agrees with the per-municipality rows ...
    assert sum(d == "drafting" for d in _ks_depth().values()) == claimed["strategy-drafting-claimed"]
    # ... the own-strategy count does not, and the data says so
    described = _int(obs.loc["t004:obs:own-strategy-described", "value"])
    assert described == 6 != claimed["own-strategy-claimed"]
    assert obs.loc["t004:obs:own-strategy-described", "confidence"] == "derived"
    assert "Contradiction" in obs.loc["t004:obs:own-strategy-claimed", "note"]
    # no municipality is modelled as "no strategy focus": the thesis does not say which two
    assert "none" not in _ks_depth().values()


def test_coordination_structures_claimed_two_described_three():
    obs = t004("observations").set_index("id")
    assert _int(obs.loc["t004:obs:coordination-claimed", "value"]) == 2
    assert _int(obs.loc["t004:obs:coordination-absent-claimed", "value"]) == 8
    assert _int(obs.loc["t004:obs:coordination-described", "value"]) == 3
    inn = t004("innovations")
    org = inn[inn["domain"].isin(["coordination of digitalisation", "financing of digitalisation"])]
    dev = t004("relations").query("type == 'DEVELOPED'")
    owners = {name_of(dev[dev["to_id"] == i]["from_id"].iloc[0]) for i in org["id"]}
    assert owners == {"Porsgrunn", "Tønsberg", "Sandnes"}


# ---------------------------------------------------------------------------
# kommuneplan (samfunnsdel) anchoring
# ---------------------------------------------------------------------------

def test_samfunnsdel_anchoring():
    da = t004("adoptions").query("innovation_id == @DA")
    depth = {name_of(r.adopter_id): r.depth for r in da.itertuples()}
    assert len(depth) == 10
    assert {m for m, d in depth.items() if d == "none"} == {"Haugesund", "Larvik", "Porsgrunn", "Skien"}
    assert {m for m, d in depth.items() if d == "integrated"} == {"Karmøy", "Sandefjord", "Sandnes", "Sola", "Stavanger"}
    assert depth["Tønsberg"] == "elements"
    # the thesis's "half" without digitalisation in the kommuneplan = 4 with no trace + Tønsberg's sector-only goal
    obs = t004("observations").set_index("id")
    assert _int(obs.loc["t004:obs:no-digital-kommuneplan-claimed", "value"]) == 5
    assert sum(d in ("none", "elements") for d in depth.values()) == 5
    # the two examples of the kommuneplan route (Karmøy, Sola) are both integrated
    assert _int(obs.loc["t004:obs:kommuneplan-route-claimed", "value"]) == 2
    assert depth["Karmøy"] == depth["Sola"] == "integrated"


# ---------------------------------------------------------------------------
# Digi Rogaland and other networks
# ---------------------------------------------------------------------------

def test_digi_rogaland_membership_among_the_ten():
    rel = tables()["relations"]
    members = set(rel.query("type == 'MEMBER_OF' and to_id == 'net:digi-rogaland'")["from_id"])
    ten_members = {name_of(m) for m in members if m in TEN.values()}
    assert ten_members == ROGALAND
    assert not ten_members & VT
    # every member among the ten lies in Rogaland (county:11) in the reference data
    located = rel.query("type == 'LOCATED_IN' and source == 'ref:municipalities-2025'").set_index("from_id")["to_id"]
    assert all(located[TEN[m]] == "county:11" for m in ten_members)
    assert all(located[TEN[m]] != "county:11" for m in VT)
    # Stavanger hosts the network; Sola funds its participation; the County Governor funded it
    assert len(rel.query("type == 'ORGANISES' and from_id == 'm:1103' and to_id == 'net:digi-rogaland'")) == 1
    funders = set(rel.query("type == 'FUNDS' and to_id == 'net:digi-rogaland'")["from_id"])
    assert funders == {"m:1124", "t004:fylkesmannen"}
    obs = t004("observations").set_index("id")
    assert _int(obs.loc["t004:obs:digi-rogaland-sample-members", "value"]) == len(ten_members) == 5
    # Sola's and Stavanger's strategies predate the network, so it is not part of them
    drs = t004("adoptions").query("innovation_id == 't004:inn:digi-rogaland-strategi'")
    assert set(drs["adopter_id"]) == {TEN[m] for m in ROGALAND}
    assert set(drs.loc[drs["depth"] == "none", "adopter_id"]) == {TEN["Sola"], TEN["Stavanger"]}


def test_other_networks():
    rel = t004("relations")
    assert len(rel.query("from_id == 'm:1106' and type == 'MEMBER_OF' and to_id == 't004:haugaland-samarbeidet'")) == 1
    assert len(rel.query("from_id == 'm:1108' and type == 'MEMBER_OF' and to_id == 't004:smartbyene'")) == 1
    assert len(rel.query("from_id == 'm:1149' and type == 'PARTICIPATES_IN' and to_id == 't004:proj:digifin'")) == 1
    assert len(rel.query("from_id == 't004:jarlsberg-ikt' and type == 'LOCATED_IN' and to_id == 't004:vestfold-og-telemark'")) == 1
    region = t004("actors").set_index("id").loc["t004:vestfold-og-telemark"]
    assert region["kind"] == "Region" and region["region_type"] == "former_county"
    vt = set(rel.query("type == 'LOCATED_IN' and to_id == 't004:vestfold-og-telemark'")["from_id"])
    assert {name_of(m) for m in vt if m in TEN.values()} == VT


# ---------------------------------------------------------------------------
# national documents
# ---------------------------------------------------------------------------

def test_central_national_documents_and_issuers():
    inn = t004("innovations").set_index("id")
    assert inn.loc[DA, "launched"] == "2016" and inn.loc[DA, "innovation_type"] == "policy"
    assert (inn.loc[KS, "launched"], inn.loc[KS, "ended"]) == ("2017", "2020")
    assert (inn.loc[EDOS, "launched"], inn.loc[EDOS, "ended"]) == ("2019", "2025")
    issued = t004("relations").query("type == 'ISSUED'")
    by = lambda i: set(issued[issued["to_id"] == i]["from_id"])  # noqa: E731
    assert by(DA) == {"kmd"}
    assert by(KS) == {"ks"}
    assert by(EDOS) == {"kmd", "ks"}
    assert by("t004:inn:prosjektveiviseren") == {"digdir"}
    # both the KS strategy and the 2019 strategy build on the white paper
    insp = t004("relations").query("type == 'INSPIRED_BY' and to_id == @DA")
    assert {KS, EDOS} <= set(insp["from_id"])
    types = set(inn["innovation_type"][inn.index.isin([DA, KS, EDOS, "t004:inn:digitaliseringsrundskrivet",
                                                       "t004:inn:veileder-statlig-styring"])])
    assert types <= {"policy", "strategy", "guideline"}


# ---------------------------------------------------------------------------
# provenance
# ---------------------------------------------------------------------------

def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"-\s*\n\s*", "", text)).casefold()


def test_every_t004_row_cites_lines_that_mention_it():
    lines = thesis_text(SEED).splitlines()
    nodes = pd.concat([tables()["actors"], tables()["innovations"]]).drop_duplicates("id").set_index("id")

    def names(i):
        if i not in nodes.index:
            return []
        return [nodes.loc[i, "name"]] + [a.strip() for a in nodes.loc[i, "aliases"].split(";") if a.strip()]

    cols = {"actors": ["id"], "innovations": ["id"], "relations": ["from_id", "to_id"],
            "activities": ["actor_id"], "adoptions": ["adopter_id", "innovation_id"],
            "process": ["innovation_id", "actor_id"], "observations": ["subject_id"]}
    bad, n = [], 0
    for table, idcols in cols.items():
        for r in t004(table).to_dict("records"):
            n += 1
            assert r["confidence"] in ("stated", "derived", "interpreted"), r
            text = []
            for part in r["lines"].split(";"):
                lo, _, hi = part.partition("-")
                assert 1 <= int(lo) <= int(hi or lo) <= len(lines), r
                text.append("\n".join(lines[int(lo) - 1:int(hi or lo)]))
            cited = _norm("\n".join(text))
            words = [r["keyword"]] if r["keyword"] else [w for c in idcols for w in names(r[c])]
            if not any(_norm(w) in cited for w in words):
                bad.append((table, r.get("id") or r.get("from_id") or r.get("adopter_id"), r["lines"]))
    assert n > 200
    assert not bad, bad


@pytest.mark.parametrize("table", ["relations", "adoptions"])
def test_interpreted_rows_explain_themselves(table):
    df = t004(table)
    interp = df[df["confidence"] == "interpreted"]
    assert len(interp) > 0
    assert (interp["description"].str.len() > 0).all()
    # copy findings are readings of the thesis, never stated: each carries a note or a keyword
    copies = df[df.get("type", pd.Series("", index=df.index)).eq("COPIED_FROM") | df.get("depth", pd.Series("", index=df.index)).eq("copied")]
    assert len(copies) >= 2
    assert (copies["confidence"] == "interpreted").all()
    assert ((copies["note"].str.len() > 0) | (copies["keyword"].str.len() > 0)).all()
