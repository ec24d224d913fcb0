"""Thesis 000 (Lørenskog's digitalisation strategy 2016-2020): key facts reproduced from the data.

The facts come from the thesis text (see data/t000/sources.csv); the rows are in data/t000/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from innosys import schema

from .theses import thesis_text
from .thesis_data import shipped_tables as _read_tables
from .thesis_data import thesis_part

REPO = Path(__file__).parents[2]
DATA = REPO / "data"
SEED = "000_6d6b6bae0194b493.txt"  # the thesis text, found as tests/data/theses.py says
SRC = "t000"
STRAT = "t000:lorenskog-digistrategi"
LOR = "m:3222"


@pytest.fixture(scope="module")
def t() -> dict[str, pd.DataFrame]:
    tables = _read_tables()
    mine = thesis_part(tables, SRC)
    mine["all_actors"] = tables["actors"]
    return mine


def _obs(t, metric, subject=STRAT) -> pd.Series:
    o = t["observations"]
    hit = o[(o["metric"] == metric) & (o["subject_id"] == subject)]
    assert len(hit) == 1, f"expected one observation {metric} for {subject}, got {len(hit)}"
    return hit.iloc[0]


def test_source_row(t):
    s = t["sources"]
    assert len(s) == 1
    row = s.iloc[0]
    assert row["source_kind"] == "thesis"
    assert row["file"] == "000_6d6b6bae0194b493.txt"
    assert int(float(row["line_count"])) == 2902
    # splitlines(): the file ends in one unterminated, whitespace-only line (wc -l says 2901)
    lines = thesis_text(SEED).splitlines()
    assert len(lines) == int(float(row["line_count"]))
    assert not lines[-1].strip()


def test_strategy_period_2016_2020(t):
    inn = t["innovations"].set_index("id")
    row = inn.loc[STRAT]
    assert row["innovation_type"] == "strategy"
    assert str(row["launched"]).startswith("2016")
    assert str(row["ended"]).startswith("2020")
    assert float(_obs(t, "strategy_period_start")["value"]) == 2016
    assert float(_obs(t, "strategy_period_end")["value"]) == 2020
    adopt = t["adoptions"]
    own = adopt[(adopt["adopter_id"] == LOR) & (adopt["innovation_id"] == STRAT)]
    assert len(own) == 1 and own.iloc[0]["status"] == "adopted"
    assert (int(float(own.iloc[0]["year_start"])), int(float(own.iloc[0]["year_end"]))) == (2016, 2020)


def test_lorenskog_is_referenced_not_recreated(t):
    assert not t["actors"]["id"].str.startswith("m:").any()
    assert (t["all_actors"]["id"] == LOR).sum() == 1
    ids = set(t["actors"]["id"]) | set(t["innovations"]["id"])
    # own ids carry the prefix; shared ones are the canonical ids this thesis owns
    assert all(i.startswith("t000:") or i in ("net:digi-viken", "regjeringen", "inn:en-innovativ-offentlig-sektor")
               for i in ids)


def test_five_phases_of_torfings_cycle(t):
    p = t["process"]
    phases = p[p["aspect"] == "phase"]
    assert list(phases["phase"]) == [
        "problem_definition", "idea_generation", "selection", "implementation", "diffusion"]
    assert float(_obs(t, "innovation_phases")["value"]) == len(phases)
    impl = phases[phases["phase"] == "implementation"].iloc[0]
    assert (int(float(impl["year_start"])), int(float(impl["year_end"]))) == (2016, 2020)


def test_six_informants_and_interviews(t):
    persons = t["actors"][t["actors"]["kind"] == "Person"]
    informants = persons[persons["name"].str.fullmatch(r"I[A-F]")]
    assert sorted(informants["name"]) == ["IA", "IB", "IC", "ID", "IE", "IF"]
    assert set(informants["anonymised"].str.lower()) == {"true"}
    assert float(_obs(t, "informants")["value"]) == len(informants) == 6
    assert float(_obs(t, "in_depth_interviews")["value"]) == 6
    wanted = _obs(t, "informants_wanted")
    assert float(wanted["value"]) == 10 and wanted["qualifier"] == "at_most"
    # IE is the politician, IB the former politician
    roles = informants.set_index("name")["role"]
    assert "politician" in roles["IE"] and "former politician" in roles["IB"]


def test_two_entrepreneurs_developed_the_strategy(t):
    r = t["relations"]
    devs = r[(r["type"] == "DEVELOPED") & (r["to_id"] == STRAT)]
    names = t["actors"].set_index("id")["name"]
    people = sorted(names[i] for i in devs["from_id"] if i in names.index and i.startswith("t000:i"))
    assert people == ["IA", "IB"]
    assert float(_obs(t, "entrepreneurs")["value"]) == len(people)


def test_inspiration_in(t):
    r = t["relations"]
    insp = r[(r["type"] == "INSPIRED_BY") & (r["from_id"] == STRAT)].set_index("to_id")
    assert "inn:ks-digistrategi-2017" in set(insp.index)
    # the informants speak of public documents in general, never of the 2016 digital agenda
    assert "inn:digital-agenda-2016" not in set(insp.index)
    assert "main" in insp.loc["inn:ks-digistrategi-2017", "role"]
    assert insp.loc["inn:ks-digistrategi-2017", "confidence"] == "stated"
    # Digi Viken: Lørenskog is a member (the network is owned by t000)
    assert ((r["from_id"] == LOR) & (r["type"] == "MEMBER_OF") & (r["to_id"] == "net:digi-viken")).any()
    dv = t["actors"].set_index("id").loc["net:digi-viken"]
    assert dv["kind"] == "Network" and dv["name"] == "Digi Viken"
    ad = t["adoptions"]
    ks = ad[(ad["adopter_id"] == LOR) & (ad["innovation_id"] == "inn:ks-digistrategi-2017")]
    assert len(ks) == 1 and ks.iloc[0]["depth"] == "inspiration" and ks.iloc[0]["via_id"] == "ks"


def test_spread_out_to_lillestrom_and_raelingen(t):
    ad = t["adoptions"]
    others = ad[(ad["innovation_id"] == STRAT) & (ad["adopter_id"] != LOR)]
    assert sorted(others["adopter_id"]) == ["m:3205", "m:3224"]
    assert set(others["status"]) == {"adopted"}
    # the similarity claim is the authors' framing, so not 'stated'
    assert set(others["confidence"]) == {"interpreted"}
    names = t["all_actors"].set_index("id")["name"]
    assert sorted(names[i] for i in others["adopter_id"]) == ["Lillestrøm", "Rælingen"]
    r = t["relations"]
    assert ((r["type"] == "PRESENTED_TO") & (r["from_id"] == "t000:ia") & (r["to_id"] == "ks")).any()
    assert float(_obs(t, "named_municipalities_with_similar_moves")["value"]) == len(others)


def test_drivers_barriers_handling(t):
    p = t["process"]
    for aspect in ("driver", "barrier", "handling"):
        rows = p[p["aspect"] == aspect]
        assert len(rows) >= 5, aspect
        assert set(rows["phase"]) <= set(schema.INNOVATION_PHASES) | {""}
    drivers = " ".join(p[p["aspect"] == "driver"]["label"]).lower()
    for word in ("need for change", "external pressure", "internal pressure", "ks"):
        assert word in drivers
    barriers = " ".join(p[p["aspect"] == "barrier"]["label"]).lower()
    for word in ("resistance", "digital inertia", "language", "competence gap"):
        assert word in barriers
    # drivers weigh early, barriers late (L2801, L2809-2813)
    early = {"problem_definition", "idea_generation", "selection"}
    d = p[p["aspect"] == "driver"]
    assert (d["phase"] == "problem_definition").sum() >= 3
    b = p[p["aspect"] == "barrier"]
    assert (b["phase"].isin({"implementation", "diffusion"})).sum() > (b["phase"].isin(early)).sum() - 2
    # unions: fear of job loss handled by information and involvement
    unions = p[p["actor_id"] == "t000:fagforeninger"]
    assert set(unions["aspect"]) == {"barrier", "handling"}
    proposed = p[(p["aspect"] == "handling") & p["label"].str.startswith("Proposed")]
    assert len(proposed) >= 5 and proposed["note"].str.contains("not carried out").all()


def test_pressure_contradiction_kept(t):
    p = t["process"]
    rows = p[(p["aspect"] == "driver") & p["note"].str.contains("contradiction", case=False)]
    assert len(rows) >= 2
    lines = set(rows["lines"])
    assert "2565-2575" in lines and "1908-1922" in lines


def test_lorenskog_size_2016(t):
    emp = _obs(t, "employees", LOR)
    assert float(emp["value"]) == 2200 and emp["qualifier"] == "about" and int(float(emp["year"])) == 2016
    pop = _obs(t, "population", LOR)
    assert float(pop["value"]) == 36000 and pop["qualifier"] == "at_least"


def test_ks_timing_conflict_recorded(t):
    start = _obs(t, "strategy_period_start", "inn:ks-digistrategi-2017")
    assert float(start["value"]) == 2017
    assert float(_obs(t, "decision_year", "inn:ks-digistrategi-2017")["value"]) == 2015
    assert "Contradiction" in start["note"]
    # the Lørenskog strategy starts before the KS strategy it drew on
    assert float(_obs(t, "strategy_period_start")["value"]) < float(start["value"])


def _cited_text(lines: str, seed: list[str]) -> str:
    parts = []
    for part in lines.split(";"):
        a, _, b = part.partition("-")
        a, b = int(a), int(b or a)
        assert 1 <= a <= b <= len(seed), part
        parts.append("\n".join(seed[a - 1:b]))
    return "\n".join(parts).lower()


def test_every_row_cites_lines_with_its_keyword(t):
    seed = thesis_text(SEED).splitlines()
    for name in ("actors", "innovations", "relations", "adoptions", "process", "activities", "observations"):
        for _, row in t[name].iterrows():
            assert row["lines"], (name, row.to_dict())
            assert row["confidence"] in schema.CONFIDENCE_LEVELS
            text = _cited_text(row["lines"], seed)
            kw = row.get("keyword", "")
            if kw:
                assert kw.lower() in text, (name, kw, row["lines"])
                if len(kw) <= 3:  # informant codes: whole word, case-sensitive
                    raw = "\n".join("\n".join(seed[int(p.split("-")[0]) - 1:int(p.split("-")[-1])])
                                    for p in row["lines"].split(";"))
                    assert re.search(rf"\b{re.escape(kw)}\b", raw), (name, kw, row["lines"])
