"""Thesis 001 (Walseth, MPA, Høgskolen i Lillehammer; search for and spread of innovations in
nine anonymised municipalities): the thesis's own counts and key facts, reproduced from the data.

The facts come from the thesis text (see data/t001/sources.csv); the rows are in data/t001/.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from innosys import schema

from .thesis_data import shipped_tables as _read_tables
from .thesis_data import thesis_part

REPO = Path(__file__).parents[2]
DATA = REPO / "data"
SRC = "t001"
LETTERS = "ABCDEFGHI"
MUNI = {c: f"t001:kommune-{c.lower()}" for c in LETTERS}
CASE = set(MUNI.values())


def _problems_in_my_part() -> list[str]:
    from innosys.io import ValidationError, load_dataset

    try:
        load_dataset(DATA)
    except ValidationError as e:
        return [str(p) for p in e.problems if f"{SRC}/" in p.file or f"{SRC}\\" in p.file]
    return []


@pytest.fixture(scope="module")
def everything() -> dict[str, pd.DataFrame]:
    return _read_tables()


@pytest.fixture(scope="module")
def t(everything) -> dict[str, pd.DataFrame]:
    return thesis_part(everything, SRC)


def rels(t, typ, frm=None, to=None):
    r = t["relations"]
    r = r[r["type"] == typ]
    if frm is not None:
        r = r[r["from_id"].isin([frm] if isinstance(frm, str) else frm)]
    if to is not None:
        r = r[r["to_id"].isin([to] if isinstance(to, str) else to)]
    return r


def obs_value(t, oid):
    row = t["observations"].set_index("id").loc[oid]
    return float(row["value"])


def performers(t, activity, confidence=None):
    a = t["activities"]
    a = a[a["activity"].astype(float).astype(int) == activity]
    if confidence:
        a = a[a["confidence"] == confidence]
    return set(a["actor_id"])


# ---------------------------------------------------------------------------


def test_my_part_validates():
    assert _problems_in_my_part() == []


def test_source_row(t):
    s = t["sources"]
    assert len(s) == 1
    row = s.iloc[0]
    assert row["file"] == "001_6ab57aa3bce000a4.txt"
    assert int(float(row["line_count"])) == 5937
    assert row["author"] == "Eli Margrethe Walseth"


def test_nine_anonymised_case_municipalities(t):
    a = t["actors"].set_index("id")
    for c, mid in MUNI.items():
        assert a.loc[mid, "kind"] == "Municipality"
        assert a.loc[mid, "name"] == f"Kommune {c}"
        assert a.loc[mid, "anonymised"].lower() == "true"
        assert a.loc[mid, "municipality_number"] == ""  # never de-anonymised
    assert obs_value(t, "t001:obs:case-municipalities") == 9


def test_nine_municipalities_in_seven_counties(t, everything):
    actors = everything["actors"].set_index("id")
    loc = rels(t, "LOCATED_IN", frm=list(CASE))
    loc = loc[loc["to_id"].map(lambda i: actors.loc[i, "region_type"] if i in actors.index else "") == "former_county"]
    per_muni = loc.groupby("from_id")["to_id"].nunique()
    assert set(per_muni.index) == CASE and (per_muni == 1).all()
    assert loc["to_id"].nunique() == 7 == obs_value(t, "t001:obs:counties")
    by = dict(zip(loc["from_id"], loc["to_id"]))
    assert by[MUNI["D"]] == by[MUNI["E"]] == "t001:region:akershus"
    assert by[MUNI["F"]] == by[MUNI["I"]] == "t001:region:oppland"


def test_anonymity_kept_for_g_and_oppland(t):
    # G's county is G itself and Oppland was split: neither may be mapped to a current county.
    for region in ("t001:region:fylke-g", "t001:region:oppland"):
        out = t["relations"][(t["relations"]["from_id"] == region)
                             & t["relations"]["type"].isin(["PART_OF", "LOCATED_IN"])]
        assert out.empty, region


def test_populations_as_stated(t):
    a = t["actors"].set_index("id")
    pop = {c: int(float(a.loc[m, "population"])) for c, m in MUNI.items()}
    assert pop["A"] == 500 and pop["G"] == 679900
    assert min(pop, key=pop.get) == "A" and max(pop, key=pop.get) == "G"
    assert obs_value(t, "t001:obs:population-d") == 61400


def test_projects_23_claimed_22_described(t):
    inn = t["innovations"]
    projects = inn[inn["id"].str.startswith("t001:proj:")]
    assert (projects["kind"] == "Project").all()
    assert len(projects) == 22 == obs_value(t, "t001:obs:projects-described")
    assert obs_value(t, "t001:obs:projects-claimed") == 23
    dev = rels(t, "DEVELOPED", frm=list(CASE), to=list(projects["id"]))
    assert dev.groupby("to_id")["from_id"].nunique().eq(1).all()
    assert set(dev["to_id"]) == set(projects["id"])
    per = dev.groupby("from_id").size().rename(lambda m: m[-1].upper()).to_dict()
    assert per == {"A": 1, "B": 3, "C": 3, "D": 3, "E": 3, "F": 3, "G": 3, "H": 2, "I": 1}


def test_activity_5_by_all_nine(t):
    assert CASE <= performers(t, 5)


def test_activities_3_8_9_by_none_of_the_nine(t):
    for n in (3, 8, 9):
        assert not (performers(t, n) & CASE), n


def test_stated_advisory_and_demand_side_cells(t):
    assert performers(t, 10, "stated") & CASE == {MUNI["A"], MUNI["B"], MUNI["F"]}
    assert performers(t, 4, "stated") & CASE == {MUNI["D"], MUNI["G"]}
    assert {MUNI["A"], MUNI["B"], MUNI["D"]} <= performers(t, 1, "stated")


def test_kominn_contributors_and_users(t):
    assert obs_value(t, "t001:obs:kominn-contributors") == 36
    assert (obs_value(t, "t001:obs:kominn-county-authorities")
            + obs_value(t, "t001:obs:kominn-municipalities")) == 36
    ad = t["adoptions"]
    kominn = ad[(ad["innovation_id"] == "inn:kominn") & ad["adopter_id"].isin(CASE)]
    assert set(kominn[kominn["status"] == "adopted"]["adopter_id"]) == {MUNI["F"]}
    assert len(kominn) == 9
    assert obs_value(t, "t001:obs:kominn-case-users") == 1


def test_nobody_used_veikart(t):
    ad = t["adoptions"]
    veikart = ad[(ad["innovation_id"] == "inn:samveis") & ad["adopter_id"].isin(CASE)]
    assert set(veikart["adopter_id"]) == CASE
    assert (veikart["status"] == "not_adopted").all()
    assert obs_value(t, "t001:obs:veikart-users") == 0


def test_ten_interviews_nine_municipalities_plus_ks(t, everything):
    actors = everything["actors"].set_index("id")
    informants = [i for i in t["actors"]["id"] if "informant" in actors.loc[i, "role"]]
    emp = rels(t, "EMPLOYED_BY", frm=informants)
    assert len(informants) == 10 == obs_value(t, "t001:obs:interviews")
    assert set(emp["to_id"]) == CASE | {"ks"}


def test_diffusion_events(t):
    a_proj = "t001:proj:a-utviklingsprosjektet"
    assert len(rels(t, "PICKED_UP_BY", frm=a_proj, to="t001:fylkeskommune-a")) == 1
    assert len(rels(t, "COPIED_FROM", frm="t001:inn:kud-kopiprosjekt", to=MUNI["A"])) == 1
    visited = set(rels(t, "VISITED", frm="t001:andre-kommuner")["to_id"])
    assert visited == {MUNI["A"], MUNI["C"], MUNI["D"]}
    presented = set(rels(t, "PRESENTED_TO", frm=MUNI["C"])["to_id"])
    assert {"t001:region:hordaland", "t001:region:sor-rogaland"} <= presented
    ad = t["adoptions"]
    pick = ad[(ad["adopter_id"] == "t001:fylkeskommune-a") & (ad["innovation_id"] == a_proj)]
    assert list(pick["channel"]) == ["vertical_pickup"]


def test_husbanken_partners(t):
    partners = set(rels(t, "COLLABORATES_WITH", frm="husbanken")["to_id"])
    assert partners == {MUNI["A"], MUNI["B"], MUNI["D"]}
    o = t["observations"]
    assert float(o[(o["subject_id"] == "husbanken")]["value"].iloc[0]) == len(partners)


def test_d_network_three_plus_three(t):
    o = t["observations"]
    net = o[o["subject_id"] == "t001:net:d-regionalt-innovasjonsnettverk"]
    assert set(net["value"].astype(float)) == {3.0}
    assert len(net[net["metric"] == "member_county_authorities"]) == 2  # both wordings kept


def test_contradictions_kept(t):
    assert obs_value(t, "t001:obs:procurement-stated") == 2
    assert obs_value(t, "t001:obs:procurement-derived") == 3
    ad = t["adoptions"]
    proc = ad[ad["innovation_id"] == "t001:inn:innovative-anskaffelser"]
    assert set(proc["adopter_id"]) == {MUNI["D"], MUNI["G"], MUNI["H"]}
    assert obs_value(t, "t001:obs:master-plan-i") == obs_value(t, "t001:obs:master-plan-a") == 1


def test_counts_from_the_text(t):
    o = t["observations"].copy()
    o["value"] = o["value"].astype(float)
    got = {(r.subject_id, r.metric): r.value for r in o.itertuples()}
    assert got[(MUNI["F"], "certified_innovation_agents")] == 35
    assert got[(MUNI["B"], "team_leaders_trained")] == 200
    assert got[(MUNI["C"], "staff_at_innovasjonsskolen")] == 4
    assert got[(MUNI["E"], "staff_in_innovation_course")] == 2
    assert got[("t001:kulturdepartementet", "case_municipalities_cooperating")] == 2


def test_provenance_of_every_row(t):
    for name, df in t.items():
        if name == "sources" or df.empty:
            continue
        assert (df["lines"] != "").all(), name
        assert df["confidence"].isin(schema.CONFIDENCE_LEVELS).all(), name
        interp = df[df["confidence"] == "interpreted"]
        assert (interp["note"] != "").all(), f"{name}: interpreted rows must say why in 'note'"


def test_canonical_rows_owned(t):
    ids = set(t["actors"]["id"])
    assert {"ks", "husbanken", "innovasjon-norge", "hil"} <= ids
    assert not ids & {"kmd", "difi", "inn:kominn"}  # owned by other theses, only referenced
