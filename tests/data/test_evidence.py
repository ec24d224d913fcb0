"""A sample of rows whose cited lines must carry the row's claim, not only its names.

``test_citations.py`` checks that every citation mentions a name or keyword of its row; a row can
pass that and still claim more than its lines say.  Here a hand-checked sample of rows, spread over
the five theses and all tables, lists the thesis's own words that carry each row's claim (in the
thesis's language, as they occur in the text): every one must occur in the row's cited lines.  The
sample includes every row the data audits found weak, and every finding they found missing.
"""

from __future__ import annotations

import pandas as pd
import pytest

from innosys.io.values import parse_lines

from .theses import cited_text, normalise, require_theses
from .thesis_data import shipped_tables

#: (thesis, table, the row's key cells, the words that carry its claim)
SAMPLE = [
    # 000
    ("t000", "adoptions", {"adopter_id": "m:3222", "innovation_id": "t000:lorenskog-digistrategi"},
     ["digitaliseringsstrategi 2016", "IT-ansvarlige", "kom opp med ideen"]),
    ("t000", "actors", {"id": "t000:lorenskog-helse-og-omsorg"}, ["samme problem", "samarbeid"]),
    ("t000", "activities", {"actor_id": "ks", "activity": "7"}, ["strategi", "digitalisering i offentlig sektor"]),
    ("t000", "observations", {"id": "t000:obs:ks-period-start"}, ["2017-2020"]),
    ("t000", "relations", {"from_id": "t000:ib", "type": "EMPLOYED_BY"}, ["IT-ansvarlige"]),
    ("t000", "innovations", {"id": "inn:en-innovativ-offentlig-sektor"}, ["Meld. St. 30 (2019–2020)"]),
    ("t000", "process", {"label": "Meld. St. 30 (2019–2020) En innovativ offentlig sektor"},
     ["En innovativ offentlig sektor", "digitaliseringens fordeler", "publisert i senere tid"]),
    # 001
    ("t001", "adoptions", {"adopter_id": "t001:kommune-a", "innovation_id": "inn:kominn"},
     ["bare en informant i kommune F", "KomINN"]),
    ("t001", "relations", {"from_id": "t001:eurocities", "type": "ADVISES"},
     ["faglig og teknisk kunnskap", "EU-systemet"]),
    ("t001", "innovations", {"id": "t001:proj:h-velferdsteknologi-hjemmeboende"},
     ["plattform for mottak", "trygghetsskapende teknologi"]),
    ("t001", "actors", {"id": "t001:region:sor-rogaland"}, ["alle kommuner i Sør-Rogaland", "nettverk for velferdsteknologi"]),
    ("t001", "observations", {"id": "t001:obs:34"}, ["mellom 12 og 25 år"]),
    ("t001", "observations", {"id": "t001:obs:copying-outside-solutions"}, ["inspirasjon", "nesten ingen", "kopiert"]),
    ("t001", "observations", {"id": "t001:obs:own-employees-main-idea-channel"}, ["fremste kanalen", "egne ansatte"]),
    ("t001", "observations", {"id": "t001:obs:spread-between-units-most-common"},
     ["andre enheter", "vanligste spredningsmekanismen"]),
    ("t001", "process", {"label": "competence brokering proposed"}, ["kompetansemegling som egen aktivitet"]),
    ("t001", "process", {"label": "centralised coordination by KS"},
     ["personavhengig og tilfeldig", "sentralisert koordinering i regi av KS"]),
    # 002
    ("t002", "process", {"innovation_id": "inn:kominn", "aspect": "milestone"}, ["lansert i juni 2017"]),
    ("t002", "relations", {"from_id": "t002:monica-maeland", "type": "EMPLOYED_BY"}, ["moderniseringsminister"]),
    ("t002", "actors", {"id": "difi"}, ["utviklet i samarbeid med kommuner"]),
    ("t002", "relations", {"from_id": "t002:leverandorer", "type": "SUPPLIES"},
     ["utviklingsavtaler", "oppdatert kompetanse", "de store kommunene"]),
    ("t002", "innovations", {"id": "t002:proj:samhandling-sosiale-entreprenorer"},
     ["en av de største kommunene", "sosiale entreprenører", "påvirket flere sektorer"]),
    ("t002", "process", {"innovation_id": "t002:proj:samhandling-sosiale-entreprenorer"}, ["floker", "tenke nytt"]),
    # 003
    ("t003", "observations", {"id": "t003:obs:06"}, ["alle 5 utvalgte kommuner"]),
    ("t003", "relations", {"from_id": "t003:kommune-1800", "type": "PARTICIPATES_IN", "to_id": "t003:forvaltningsgrupper"},
     ["forvaltningsgrupper", "HR-området"]),
    ("t003", "adoptions", {"status": "declined"}, ["vært med i samarbeidet lenge", "valgte å ikke"]),
    ("t003", "actors", {"id": "t003:kommune-50000"}, ["Kommune 50 000", "satt i styret", "siden oppstarten"]),
    ("t003", "observations", {"id": "t003:obs:respondents-cooperation-pools-competence"},
     ["samtlige av respondentene", "samlet ha nok digital kompetanse"]),
    ("t003", "process", {"label": "size limits capacity, not competence"},
     ["ulike muligheter til å utnytte sine ressurser", "ikke er dårligere i små kommunene"]),
    ("t003", "process", {"label": "security members could not handle alone"}, ["sikkerhet", "håndtere godt nok selv"]),
    ("t003", "process", {"label": "ordering competence"}, ["bestillerkompetanse", "riktige digitale verktøy"]),
    # 004
    ("t004", "relations", {"from_id": "m:3907", "type": "ISSUED", "to_id": "t004:inn:sandefjord-naeringsplan"},
     ["september 2018", "strategisk næringsplan"]),
    ("t004", "activities", {"actor_id": "m:1108", "activity": "9"}, ["digitaliseringsfond"]),
    ("t004", "process", {"innovation_id": "inn:en-digital-offentlig-sektor", "aspect": "milestone"},
     ["forpliktende samarbeid"]),
    ("t004", "actors", {"id": "digdir"}, ["medfinansieringsordningen", "Prosjektveiviseren", "felleskomponenter"]),
    ("t004", "adoptions", {"adopter_id": "m:3907", "innovation_id": "inn:ks-digistrategi-2017"},
     ["2018 – 2020", "tilpasset kopi av KS"]),
    ("t004", "adoptions", {"adopter_id": "m:1124", "innovation_id": "inn:ks-digistrategi-2017"},
     ["2018 – 2021", "tilpasset kopi av KS"]),
    ("t004", "process", {"label": "state guidance incorporated only to a small degree"},
     ["i liten grad har innarbeidet de statlige føringene"]),
    ("t004", "process", {"label": "close cooperation with volunteers"}, ["samarbeider tett med frivilligheten"]),
    ("t004", "observations", {"id": "t004:obs:benefit-realisation-named"},
     ["Gevinstrealisering nevnes av alle kommunene", "hvordan dette arbeidet skal gjennomføres"]),
    ("t004", "observations", {"id": "t004:obs:welfare-technology-and-school"}, ["Alle kommunene", "velferdsteknologi og skole"]),
]

#: findings the audits found missing, as (thesis, table, key cells, line ranges the row must cite)
LISTED_FINDINGS = [
    ("t001", "observations", {"id": "t001:obs:copying-outside-solutions"}, "5663-5669"),
    ("t001", "process", {"label": "competence brokering proposed"}, "5669-5673"),
    ("t001", "observations", {"id": "t001:obs:own-employees-main-idea-channel"}, "4739-4741"),
    ("t001", "observations", {"id": "t001:obs:spread-between-units-most-common"}, "4760-4762"),
    ("t003", "observations", {"id": "t003:obs:respondents-cooperation-pools-competence"}, "1636-1648;1666-1668"),
    ("t003", "process", {"label": "size limits capacity, not competence"}, "1662-1664;1737"),
    ("t003", "process", {"label": "ordering competence"}, "1489-1501"),
    ("t003", "process", {"label": "security members could not handle alone"}, "1749-1754"),
    ("t004", "process", {"label": "state guidance incorporated only to a small degree"}, "3767-3769"),
    ("t004", "observations", {"id": "t004:obs:benefit-realisation-named"}, "2548-2550"),
    ("t004", "observations", {"id": "t004:obs:welfare-technology-and-school"}, "2932-2934"),
    ("t000", "process", {"label": "Meld. St. 30 (2019–2020) En innovativ offentlig sektor"}, "635-647"),
    ("t001", "process", {"label": "centralised coordination by KS"}, "5350-5352"),
    ("t002", "relations", {"from_id": "t002:leverandorer", "type": "SUPPLIES"}, "2677-2679"),
    ("t002", "innovations", {"id": "t002:proj:samhandling-sosiale-entreprenorer"}, "2984-2988"),
    ("t004", "process", {"label": "close cooperation with volunteers"}, "1702"),
]


def _row(part: str, table: str, key: dict) -> pd.Series:
    df = shipped_tables()[table]
    hit = df[df["source"] == part]
    for col, value in key.items():
        hit = hit[hit[col] == value]
    assert len(hit) == 1, f"{part}/{table}.csv: {len(hit)} rows match {key}"
    return hit.iloc[0]


def _file(part: str) -> str:
    sources = shipped_tables()["sources"].set_index("id")
    return sources.loc[part, "file"]


def test_the_sample_covers_every_thesis_and_table():
    assert {p for p, *_ in SAMPLE} == {"t000", "t001", "t002", "t003", "t004"}
    assert {t for _, t, *_ in SAMPLE} == {"actors", "innovations", "relations", "activities", "adoptions",
                                          "process", "observations"}
    assert len(SAMPLE) >= 40


@pytest.mark.parametrize("part,table,key,words", SAMPLE,
                         ids=[f"{p}-{t}-{'-'.join(k.values())}" for p, t, k, _ in SAMPLE])
def test_cited_lines_carry_the_rows_evidence(part, table, key, words):
    require_theses()
    row = _row(part, table, key)
    cited = cited_text(_file(part), row["lines"])
    missing = [w for w in words if normalise(w) not in cited]
    assert not missing, f"{part}/{table}.csv {key}: {missing} not in lines {row['lines']}"


@pytest.mark.parametrize("part,table,key,lines", LISTED_FINDINGS,
                         ids=[f"{p}-{t}-{lines}" for p, t, _, lines in LISTED_FINDINGS])
def test_listed_findings_are_rows_citing_their_lines(part, table, key, lines):
    row = _row(part, table, key)
    cited = {n for lo, hi in parse_lines(row["lines"]) for n in range(lo, hi + 1)}
    wanted = {n for lo, hi in parse_lines(lines) for n in range(lo, hi + 1)}
    assert wanted <= cited, f"{part}/{table}.csv {key} cites {row['lines']}, not all of {lines}"
