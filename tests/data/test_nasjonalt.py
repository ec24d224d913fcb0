"""The nationwide cooperation structure (data/nasjonalt/): validity, coverage, provenance, sampled facts.

The part links all 357 municipalities to the regional digitalisation networks, inter-municipal ICT
cooperations and regional councils that public pages document.  ``FACTS`` below is the table of
facts the compilers checked against each page (one or more per source); the test asserts that the
data says exactly that, so a later edit that drifts from a page fails here.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from innosys.graph import load_graph
from innosys.io import load_dataset
from innosys.queries import run_query

DATA = Path(__file__).parents[2] / "data"
PART = DATA / "nasjonalt"
MEMBERSHIP = ("MEMBER_OF", "OWNS")


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(DATA)


@pytest.fixture(scope="module")
def part() -> dict[str, pd.DataFrame]:
    return {p.stem: pd.read_csv(p, dtype=str, keep_default_na=False) for p in PART.glob("*.csv")}


@pytest.fixture(scope="module")
def coverage():
    return run_query("network-coverage", G=load_graph(DATA))


def _ids(names_by_county: dict[str, list[str]]) -> set[str]:
    """Municipality ids from (county number -> names) using the reference table."""
    ref = pd.read_csv(DATA / "norway" / "actors.csv", dtype=str)
    ref = ref[ref["kind"] == "Municipality"]
    out = set()
    for county, names in names_by_county.items():
        hits = ref[ref["municipality_number"].str[:2] == county].set_index("name")["id"]
        out |= {hits[n] for n in names}
    return out


# (source id, group id, the members the page names or counts) — checked by hand against each page
MEMBER_FACTS = [
    ("web:digirogaland-2020-12", "net:digi-rogaland", 23),
    ("web:digiviken-alle-er-med", "net:digi-viken", 51),
    ("web:digiviken-skjonnsmidler-2021", "net:digiviken-ost", 12),
    ("web:diginordland-om-oss", "net:digi-nordland", 41),
    ("web:diginordland-vesteralen", "net:digi-vesteralen", 6),
    ("web:mrfylke-digi-more-og-romsdal", "net:digi-more-og-romsdal", 27),
    ("web:agderfk-digi-agder-organisering", "net:digi-agder", 25),
    ("web:vigga-2021-digi-innlandet", "net:digi-innlandet", 46),
    ("web:porsgrunn-digi-tv", "net:digi-tv", 23),
    ("web:digivestland-styringsgruppe-2024-03",
     "t004:digi-vestland", _ids({"46": ["Bergen", "Alver", "Askøy", "Bjørnafjorden", "Bremanger", "Stord",
                                        "Øygarden", "Solund"]})),
    ("web:nordreisa-digitrofi", "net:digi-troms-og-finnmark", _ids({"55": ["Nordreisa"]})),
    ("web:digitrofi-digivekst", "net:digi-troms-og-finnmark",
     _ids({"55": ["Harstad", "Bardu", "Gáivuotna", "Sørreisa"],  # Dielddanuorri: interpreted (co-applicant only)
           "56": ["Lebesby", "Alta", "Hammerfest", "Nordkapp"]})),
    ("web:levanger-2018-digitrondelag", "net:digi-trondelag", _ids({"50": ["Levanger"]})),
    ("web:hedmark-ikt-historie", "ict:hedmark-ikt",
     _ids({"34": ["Hamar", "Stange", "Løten", "Kongsvinger", "Grue", "Nord-Odal", "Sør-Odal"]})),
    ("web:iktorkide-arsmelding-2023", "ict:ikt-orkide",
     _ids({"15": ["Aure", "Averøy", "Gjemnes", "Kristiansund", "Smøla", "Sunndal", "Surnadal", "Tingvoll"],
           "50": ["Rindal"]})),
    ("web:agderposten-ikt-agder", "t003:ikt-agder", _ids({"42": ["Arendal", "Grimstad", "Froland"]})),
    ("web:ostreagder-2017-ikt-merger", "t003:ikt-agder",
     _ids({"42": ["Risør", "Tvedestrand", "Vegårshei", "Gjerstad", "Åmli"]})),
    ("web:ddo-evaluering-2015", "ict:ddo", _ids({"42": ["Risør", "Tvedestrand", "Vegårshei", "Gjerstad", "Åmli"]})),
    ("web:vaf-2019-ikt-agder", "t003:ikt-agder", _ids({"42": ["Vennesla"]})),
    ("web:ikt-agder-arsmelding-2022", "t003:ikt-agder",
     _ids({"42": ["Evje og Hornnes", "Bygland", "Valle", "Iveland", "Bykle"]})),
    ("web:agendakaupang-2014-d-ikt", "ict:d-ikt", _ids({"33": ["Drammen"], "39": ["Holmestrand"], "32": ["Asker"]})),
    ("web:fagbladet-iktnh", "ict:ikt-nordhordland", _ids({"46": ["Osterøy", "Austrheim"]})),
    ("web:namdalregionrad-stiftet", "net:rr-namdal", 11),
    ("web:innherredregionrad-2023", "net:rr-innherred",
     _ids({"50": ["Levanger", "Verdal", "Inderøy", "Steinkjer", "Snåase"]})),
    ("web:wikipedia-vaernesregionen", "net:vaernesregionen",
     _ids({"50": ["Stjørdal", "Frosta", "Meråker", "Malvik", "Selbu", "Tydal"]})),
    ("web:harstadregionen-sor-troms", "net:rr-sor-troms",
     _ids({"55": ["Harstad", "Gratangen", "Loabák", "Kvæfjord", "Ibestad", "Salangen", "Dielddanuorri"]})),
    ("web:kragero-grenlandssamarbeidet", "net:grenlandssamarbeidet",
     _ids({"40": ["Bamble", "Drangedal", "Kragerø", "Porsgrunn", "Siljan", "Skien"]})),
    ("web:ostreagder-notat-2017-11", "net:ostre-agder",
     _ids({"42": ["Risør", "Vegårshei", "Arendal", "Grimstad", "Åmli", "Tvedestrand", "Froland", "Gjerstad"]})),
    ("web:stange-hamarregionen", "net:hamarregionen", _ids({"34": ["Hamar", "Løten", "Stange"]})),  # Ringsaker: interpreted
    ("web:kongsbergregionen-2014", "net:kongsbergregionen",
     _ids({"33": ["Kongsberg", "Flesberg", "Rollag", "Nore og Uvdal"], "40": ["Notodden", "Hjartdal", "Tinn"]})),
    ("web:meland-nordhordland", "net:rr-nordhordland",
     _ids({"46": ["Alver", "Austrheim", "Fedje", "Masfjorden", "Osterøy", "Modalen", "Gulen"]})),
    ("web:digivestland-styringsgruppe-2024-03", "t004:digi-vestland", 8),
    ("web:hallingdal-regionradet", "net:rr-hallingdal", _ids({"33": ["Flå", "Nesbyen", "Gol", "Hemsedal", "Ål", "Hol"]})),
    ("web:salten-om", "net:rr-salten",
     _ids({"18": ["Beiarn", "Bodø", "Fauske", "Gildeskål", "Hábmer", "Meløy", "Saltdal", "Steigen", "Sørfold"]})),
    ("web:kulingen-rodoy-salten", "net:rr-salten", _ids({"18": ["Rødøy"]})),
    ("web:lofotradet-om", "net:lofotradet", _ids({"18": ["Røst", "Værøy", "Moskenes", "Flakstad", "Vestvågøy", "Vågan"]})),
    ("web:lund-listerradet", "net:listerradet",
     _ids({"42": ["Farsund", "Flekkefjord", "Hægebostad", "Kvinesdal", "Lyngdal", "Sirdal"]})),
    ("web:gjovikregionen-ipr", "net:gjovikregionen",
     _ids({"34": ["Gjøvik", "Nordre Land", "Søndre Land", "Vestre Toten", "Østre Toten"]})),
    ("web:fosenregionen-om", "net:fosenregionen", _ids({"50": ["Indre Fosen", "Osen", "Ørland", "Åfjord"]})),
    ("web:trondelagsorvest-orland", "net:trondelag-sorvest",
     _ids({"50": ["Rennebu", "Orkland", "Heim", "Hitra", "Frøya", "Skaun", "Rindal", "Ørland"], "15": ["Aure"]})),
    # second round (issue 13 follow-up): member lists that firm up or add to the structure
    ("web:trondelagfylke-digut-organisering", "net:digi-trondelag",
     _ids({"50": ["Trondheim", "Overhalla", "Indre Fosen", "Orkland"]})),  # Rissa -> Indre Fosen, Meldal -> Orkland
    ("web:haugalandvekst-regionrad", "net:haugaland-regionrad",
     _ids({"11": ["Haugesund", "Tysvær", "Karmøy", "Utsira", "Bokn", "Vindafjord", "Suldal", "Sauda"],
           "46": ["Sveio", "Etne"]})),
    ("web:regionsunnhordland-radet", "net:sunnhordlandsradet",
     _ids({"46": ["Austevoll", "Bømlo", "Etne", "Fitjar", "Kvinnherad", "Stord", "Sveio", "Tysnes"]})),
    ("web:midt-troms-radet", "net:midt-tromsradet",
     _ids({"55": ["Senja", "Bardu", "Dyrøy", "Målselv", "Salangen", "Sørreisa"]})),
    ("web:vfrr-medlemskommuner", "net:vest-finnmark-radet",
     _ids({"56": ["Alta", "Hammerfest", "Hasvik", "Loppa", "Måsøy", "Nordkapp", "Porsanger"]})),
    ("web:fjt-2019-nordfjordradet", "net:nordfjordradet", _ids({"46": ["Stryn", "Gloppen", "Stad"]})),  # Eid+Selje -> Stad
    ("web:fjordabladet-2020-nordfjordradet", "net:nordfjordradet", _ids({"46": ["Kinn"]})),
    ("web:esunnmore-plan", "ict:ekommune-sunnmore", _ids({"15": ["Haram"]})),  # the other 2013 members: see below
    ("web:alesund-interkommunale-samarbeid", "ict:ekommune-sunnmore", _ids({"15": ["Fjord", "Giske", "Sula", "Ålesund"]})),
    ("web:iktorkide-arsmelding-2018", "ict:ikt-orkide", _ids({"15": ["Hustadvika", "Molde"]})),  # Eide+Fræna, Nesset
    ("web:vikebladet-2018-ssikt", "ict:ssikt",
     _ids({"15": ["Ulstein", "Hareid", "Herøy", "Sande", "Ørsta", "Volda", "Vanylven"]})),
    ("web:cisco-2005-dgi", "ict:dgi", _ids({"32": ["Eidsvoll", "Gjerdrum", "Hurdal", "Nannestad", "Nes", "Ullensaker"]})),
    ("web:gardermoregionen-ipr", "net:gardermoregionen",
     _ids({"32": ["Eidsvoll", "Gjerdrum", "Hurdal", "Nannestad", "Nes", "Ullensaker"]})),
    ("web:dolen-2017-gudbrandsdalstinget", "net:gudbrandsdalstinget",
     _ids({"34": ["Lillehammer", "Gausdal", "Øyer", "Ringebu", "Sør-Fron", "Nord-Fron", "Sel", "Vågå", "Lom", "Skjåk",
                  "Dovre", "Lesja"]})),
    ("web:trondheimsregionen-vedtekter", "net:trondheimsregionen",  # Klæbu -> Trondheim, Orkdal -> Orkland,
     _ids({"50": ["Stjørdal", "Malvik", "Trondheim", "Melhus", "Skaun", "Midtre Gauldal", "Orkland",  # Rissa and
                  "Indre Fosen"]})),  # Leksvik -> Indre Fosen
    ("web:vest-telemark-om-radet", "net:vest-telemarkradet",
     _ids({"40": ["Fyresdal", "Kviteseid", "Nissedal", "Seljord", "Tokke", "Vinje"]})),
    ("web:hedmark-kongsvingerregionen", "net:kongsvingerregionen",
     _ids({"34": ["Eidskog", "Grue", "Kongsvinger", "Nord-Odal", "Sør-Odal", "Åsnes"]})),
    ("web:skjervoy-nord-troms-regionrad", "net:nord-tromsradet",
     _ids({"55": ["Skjervøy", "Kvænangen", "Nordreisa", "Lyngen", "Gáivuotna", "Storfjord"]})),  # Kåfjord = Gáivuotna
    ("web:ofr-2018", "net:ost-finnmark-regionrad",  # Nesseby = Unjárga, Tana = Deatnu
     _ids({"56": ["Lebesby", "Gamvik", "Berlevåg", "Båtsfjord", "Vardø", "Vadsø", "Sør-Varanger", "Unjárga", "Deatnu"]})),
    ("web:banett-2020-helgelandsradet", "net:helgelandsradet", 12),
    ("web:avisahemnes-2023-polarsirkelradet", "net:polarsirkelradet",
     _ids({"18": ["Træna", "Lurøy", "Nesna", "Rana", "Hemnes", "Aarborte"]})),  # Hattfjelldal = Aarborte
    ("web:sunnmoreregionrad-selskapsavtale", "net:sunnmore-regionrad",
     _ids({"15": ["Fjord", "Giske", "Haram", "Hareid", "Herøy", "Sande", "Stranda", "Sula", "Sykkylven", "Ulstein",
                  "Vanylven", "Volda", "Vestnes", "Ørsta", "Ålesund"]})),
    ("web:aukra-2023-romsdal-ipr", "net:romsdal-ipr", _ids({"15": ["Molde", "Rauma", "Vestnes", "Aukra", "Hustadvika"]})),
    ("web:aurland-sogn-regionrad", "net:sogn-regionrad",  # Balestrand and Leikanger -> Sogndal; Høyanger and
     _ids({"46": ["Vik", "Sogndal", "Luster", "Lærdal", "Aurland"]})),  # Årdal: rows with dated periods below
    ("web:allkunne-sogn-regionrad", "net:sogn-regionrad", _ids({"46": ["Høyanger", "Årdal"]})),  # founders who left
    ("web:sognregionrad-om-oss", "net:sogn-regionrad", _ids({"46": ["Årdal"]})),  # back, deputy chair
    ("web:nrk-hoyanger-sogn-regionrad", "net:sogn-regionrad", _ids({"46": ["Høyanger"]})),  # joined again
    ("web:wikipedia-setesdal-regionrad", "net:setesdal-regionrad",
     _ids({"42": ["Bykle", "Valle", "Bygland", "Evje og Hornnes", "Åseral", "Iveland"]})),
    ("web:venneslatidende-region-kristiansand", "net:region-kristiansand",
     _ids({"42": ["Vennesla", "Kristiansand", "Lillesand", "Birkenes", "Lindesnes", "Iveland"]})),
    ("web:indre24-2021-indre-ostfold-regionrad", "net:indre-ostfold-regionrad",
     _ids({"31": ["Indre Østfold", "Marker", "Skiptvet", "Rakkestad"]})),
    ("web:follo-ipr-stromkostnader", "net:folloregionen",
     _ids({"32": ["Enebakk", "Frogn", "Nesodden", "Nordre Follo", "Vestby", "Ås"]})),
    ("web:nord-gudbrandsdal-ipr", "net:nord-gudbrandsdal-ipr",
     _ids({"34": ["Skjåk", "Lom", "Vågå", "Sel", "Dovre", "Lesja"]})),
    ("web:dalane-regionrad", "net:dalane-regionrad", _ids({"11": ["Eigersund", "Sokndal", "Lund", "Bjerkreim"]})),
    ("web:jevnaker-interkommunale-rad", "net:hadeland-regionrad", _ids({"34": ["Gran"], "32": ["Lunner", "Jevnaker"]})),
    ("web:hole-ringeriksregionen", "net:ringeriksregionen",
     _ids({"33": ["Ringerike", "Hole", "Krødsherad", "Modum"], "32": ["Jevnaker"]})),
    ("web:fjellregionen-regionradet", "net:fjellregionen",
     _ids({"34": ["Os", "Tolga", "Tynset", "Folldal", "Alvdal", "Rendalen"]})),
    ("web:elverumvekst-soipr", "net:sor-osterdal-ipr", _ids({"34": ["Åmot", "Engerdal", "Trysil", "Våler", "Elverum"]})),
    ("web:wikipedia-vaernesregionen", "ict:varit",
     _ids({"50": ["Stjørdal", "Frosta", "Meråker", "Malvik", "Selbu", "Tydal"]})),
    ("web:allkunne-sogn-regionrad", "ict:alav", _ids({"46": ["Årdal", "Lærdal", "Aurland", "Vik"]})),
    ("web:fagbladet-2007-ddo", "t003:setesdal-ikt", 5),  # all five interpreted (see the rows' note)
]

# (source id, observation id, value the page states)
FIGURE_FACTS = [
    ("web:digirogaland-2020-12", "nasj:digi-rogaland-members-2020", 23),
    ("web:digirogaland-organisering", "nasj:digi-rogaland-steering-2018", 7),
    ("web:digiviken-hilsen-digivestland", "nasj:digi-vestland-members", 41),
    ("web:digiviken-hilsen-digivestland", "nasj:digi-vestland-founded", 2017),
    ("web:ks-regionale-nettverk", "nasj:first-network-2017", 2017),
    ("web:digiviken-formelt-etablert", "nasj:digi-viken-founded", 2021),
    ("web:digiviken-hvor-er-vi-na", "nasj:digi-viken-decision", 2020),
    ("web:mrfylke-2022-digi-mr", "nasj:digi-mr-founded", 2020),
    ("web:fyresdal-digi-tv", "nasj:digi-tv-prestudy", 2019),
    ("web:nrk-namdal-13-kommuner", "nasj:region-namdal-2016", 13),
    ("web:namdalregionrad-stiftet", "nasj:namdal-founding-boards", 14),
    ("web:hedmark-ikt-historie", "nasj:hedmark-ikt-owners", 7),
    ("web:iktorkide-arsmelding-2023", "nasj:ikt-orkide-members", 9),
    ("web:ikt-agder-arsmelding-2022", "nasj:ikt-agder-new-2022", 5),
    ("web:digivestland-sakspapir-2025", "nasj:digi-vestland-members-2024", 40),
    ("web:digivestland-sakspapir-2025", "nasj:digi-vestland-renamed", 2020),
    ("web:digivestland-ny-avtale-2024", "nasj:digi-vestland-members-2024-07", 40),
    ("web:ta-2023-digitv-siljan-skien", "nasj:digitv-agreement-2023", 2023),
    ("web:haugalandvekst-regionrad", "nasj:haugaland-rr-since", 2014),
    ("web:esunnmore-opphorer-2018", "nasj:ekommune-sunnmore-end", 2018),
    ("web:nrk-2017-ssikt", "nasj:ssikt-founded", 2005),
    ("web:rb-2019-ullensaker-vil-ut", "nasj:dgi-ullensaker-exit", 2022),
    ("web:cisco-2005-dgi", "nasj:dgi-members-2005", 6),
    ("web:iktorkide-arsmelding-2018", "nasj:ikt-orkide-members-2018", 13),
    ("web:banett-2020-helgelandsradet", "nasj:helgelandsradet-members-2020", 12),
    ("web:rkrs-2018-nye-kommuner", "nasj:region-kristiansand-lindesnes-joined", 2018),
    ("web:sognregionrad-radsmote-9-desember", "nasj:hoyanger-leaves-sogn-rr", 2023),
]

# (source id, actor id, column, value)
ACTOR_FACTS = [
    ("web:agderfk-digi-agder-bakgrunn", "net:digi-agder", "founded", "2021"),
    ("web:hedmark-ikt-historie", "ict:hedmark-ikt", "founded", "2006"),
    ("web:ddo-evaluering-2015", "ict:ddo", "founded", "2009"),
    ("web:iktorkide-arsmelding-2023", "ict:ikt-orkide", "founded", "1997"),
    ("web:agendakaupang-2014-d-ikt", "ict:d-ikt", "founded", "2005"),
    ("web:innherredregionrad-2023", "net:rr-innherred", "founded", "2021"),
    ("web:wikipedia-vaernesregionen", "net:vaernesregionen", "founded", "2003"),
    ("web:namdalregionrad-stiftet", "net:rr-namdal", "founded", "2017"),
    ("web:diginordland-vesteralen", "net:digi-vesteralen", "founded", "2021"),
    ("web:vigga-2021-digi-innlandet", "net:digi-innlandet", "founded", "2021"),
    ("web:etrondelag-2017-12-digut", "net:digi-trondelag", "aliases", "DiguT;Digitaliseringsutvalg Trøndelag;Digi Trøndelag"),
    ("web:digitrofi-om", "net:digi-troms-og-finnmark", "aliases", "DigiTroFi"),
    ("web:digitrofi-om", "net:ks-samstyring", "kind", "Network"),
    ("web:porsgrunn-digi-tv", "net:digi-tv", "name", "Digi-TV"),
    ("web:hallingdal-regionradet", "net:rr-hallingdal", "founded", "1952"),
    ("web:regionsunnhordland-radet", "net:sunnhordlandsradet", "founded", "1981"),
    ("web:alesund-interkommunale-samarbeid", "ict:ekommune-sunnmore", "founded", "2013"),
    ("web:alesund-interkommunale-samarbeid", "ict:ekommune-sunnmore", "member_count", "4"),
    ("web:rb-2019-ullensaker-ut-av-dgi", "ict:dgi", "founded", "2004"),
    ("web:vikebladet-2018-ssikt", "ict:ssikt", "member_count", "7"),
    ("web:gardermoregionen-ipr", "net:gardermoregionen", "founded", "2019"),
    ("web:dolen-2017-gudbrandsdalstinget", "net:gudbrandsdalstinget", "founded", "2017"),
    ("web:allkunne-sogn-regionrad", "net:sogn-regionrad", "founded", "1992"),
    ("web:wikipedia-setesdal-regionrad", "net:setesdal-regionrad", "founded", "1995"),
    ("web:dalane-regionrad", "net:dalane-regionrad", "founded", "2014"),
    ("web:hole-ringeriksregionen", "net:ringeriksregionen", "founded", "2021"),
    ("web:nord-gudbrandsdal-ipr", "net:nord-gudbrandsdal-ipr", "founded", "2021"),
    ("web:midt-troms-radet", "net:midt-tromsradet", "kind", "Network"),
    ("web:vfrr-medlemskommuner", "net:vest-finnmark-radet", "name", "Vest-Finnmark Rådet"),
]

# (source id, from, type, to, year)
RELATION_FACTS = [
    ("web:ostreagder-2017-ikt-merger", "ict:ddo", "MERGED_INTO", "t003:ikt-agder", "2018"),
    ("web:grenland-digitv", "net:grenlandssamarbeidet", "FUNDS", "net:digi-tv", ""),
    ("web:ks-regionale-nettverk", "net:ks-samstyring", "PART_OF", "ks", ""),
    ("web:hedmark-ikt-historie", _ids({"34": ["Sør-Odal"]}).pop(), "OWNS", "ict:hedmark-ikt", "2018"),
    ("web:vaf-2019-ikt-agder", _ids({"42": ["Vennesla"]}).pop(), "MEMBER_OF", "t003:ikt-agder", "2019"),
    ("web:cisco-2005-dgi", _ids({"32": ["Ullensaker"]}).pop(), "MEMBER_OF", "ict:dgi", "2004"),
    ("web:alesund-interkommunale-samarbeid", _ids({"15": ["Giske"]}).pop(), "MEMBER_OF", "ict:ekommune-sunnmore", "2013"),
    ("web:avisahemnes-2023-polarsirkelradet", _ids({"18": ["Træna"]}).pop(), "MEMBER_OF", "net:polarsirkelradet", "2023"),
    ("web:wikipedia-setesdal-regionrad", _ids({"42": ["Åseral"]}).pop(), "MEMBER_OF", "net:setesdal-regionrad", "2019"),
]


def test_the_shipped_data_with_the_part_validates(dataset):
    assert (dataset.tables["sources"]["id"].str.startswith("web:")).sum() >= 40


def test_a_web_source_without_url_or_date_seen_is_rejected(tmp_path):
    import shutil

    from innosys.io.dataset import ValidationError

    shutil.copytree(DATA, tmp_path / "data")
    path = tmp_path / "data" / "nasjonalt" / "sources.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df.loc[0, "url"] = ""
    df.loc[1, "date_seen"] = ""
    df.to_csv(path, index=False)
    with pytest.raises(ValidationError) as err:
        load_dataset(tmp_path / "data")
    text = str(err.value)
    assert "nasjonalt/sources.csv:2: url: required for a web source" in text
    assert "nasjonalt/sources.csv:3: date_seen: required for a web source" in text


def test_every_row_of_the_part_cites_a_web_source_with_url_and_date(part):
    sources = part["sources"].set_index("id")
    assert (sources["source_kind"] == "web").all()
    assert sources["url"].str.match(r"^https?://\S+$").all()
    assert sources["date_seen"].str.match(r"^\d{4}-\d{2}-\d{2}$").all()
    for table in ("actors", "relations", "observations"):
        df = part[table]
        assert len(df) > 0
        assert df["source"].isin(sources.index).all(), table
        assert df["confidence"].isin(["stated", "derived", "interpreted"]).all(), table
    # a derived or interpreted membership always says why
    rel = part["relations"]
    unsure = rel[rel["confidence"] != "stated"]
    assert (unsure["note"].str.len() > 0).all(), unsure[unsure["note"] == ""].head()


def test_every_source_is_cited_and_sampled(part):
    cited = set(pd.concat([part[t]["source"] for t in ("actors", "relations", "observations")]))
    sampled = {f[0] for f in MEMBER_FACTS + FIGURE_FACTS + ACTOR_FACTS + RELATION_FACTS}
    assert set(part["sources"]["id"]) == cited
    assert set(part["sources"]["id"]) == sampled


@pytest.mark.parametrize("source, group, expected", MEMBER_FACTS, ids=[f"{f[0]}->{f[1]}" for f in MEMBER_FACTS])
def test_members_per_source(part, source, group, expected):
    rel = part["relations"]
    got = set(rel[(rel["source"] == source) & (rel["to_id"] == group) & rel["type"].isin(MEMBERSHIP)]["from_id"])
    if isinstance(expected, int):  # the page gives a count (or says "all" of a county of that size)
        assert len(got) == expected
    else:  # the page names the members; rows it only supports by interpretation are not among them
        named = rel[(rel["source"] == source) & (rel["to_id"] == group) & rel["type"].isin(MEMBERSHIP)
                    & (rel["confidence"] != "interpreted")]
        assert set(named["from_id"]) == expected


@pytest.mark.parametrize("source, obs_id, value", FIGURE_FACTS, ids=[f[1] for f in FIGURE_FACTS])
def test_figures_per_source(part, source, obs_id, value):
    obs = part["observations"].set_index("id")
    assert obs.loc[obs_id, "source"] == source
    assert float(obs.loc[obs_id, "value"]) == value


@pytest.mark.parametrize("source, actor, column, value", ACTOR_FACTS, ids=[f"{f[1]}.{f[2]}" for f in ACTOR_FACTS])
def test_actor_facts_per_source(part, source, actor, column, value):
    a = part["actors"].set_index("id")
    assert a.loc[actor, "source"] == source
    assert a.loc[actor, column] == value


@pytest.mark.parametrize("source, frm, rtype, to, year", RELATION_FACTS, ids=[f"{f[1]}-{f[2]}" for f in RELATION_FACTS])
def test_relation_facts_per_source(part, source, frm, rtype, to, year):
    rel = part["relations"]
    hit = rel[(rel["from_id"] == frm) & (rel["type"] == rtype) & (rel["to_id"] == to) & (rel["source"] == source)]
    assert len(hit) == 1
    assert hit["year"].iloc[0] == year


def test_coverage_of_regional_networks_is_at_least_90_percent(coverage, part):
    """Issue 13's target: >= 90 % of the 357 municipalities in their county's regional digitalisation network.

    The share counts links of every confidence (stated, derived and interpreted).  Interpreted links can overcount
    where a network gives a member count but not the names: DigiVestland has 40 of 43 members and names 8, so its
    35 unnamed municipalities are linked as probable members, 3 of them wrongly.  The target is therefore also
    checked with each network capped at its latest documented member count, and the part resting on stated or
    derived rows alone is pinned and must stay above half.
    """
    assert len(coverage) == 15
    assert coverage["municipalities"].sum() == 357
    assert coverage["members"].sum() / 357 >= 0.9
    by_county = coverage.set_index("county_name")
    assert by_county.loc["Oslo", "members"] == 0          # no network seen for Oslo
    assert by_county.loc["Rogaland", "members_stated_or_derived"] == 23
    assert by_county.loc["Vestland", "members"] == 43
    assert by_county.loc["Vestland", "members_stated_or_derived"] == 8   # 40 of 43 members, 8 named
    assert by_county.loc["Agder", "members_stated_or_derived"] == 0     # the page names representatives only
    assert by_county.loc["Trøndelag", "members_stated_or_derived"] == 5
    assert coverage["members_stated_or_derived"].sum() == 187
    assert (coverage["members_stated_or_derived"] <= coverage["members"]).all()
    assert coverage["members_stated_or_derived"].sum() / 357 >= 0.5
    # capped at the documented member counts (the latest figure per network)
    rel, obs = part["relations"], part["observations"]
    regional = set(rel[(rel["type"] == "PART_OF") & (rel["to_id"] == "net:ks-samstyring")]["from_id"])
    counts = obs[(obs["metric"] == "member_municipalities") & obs["subject_id"].isin(regional)]
    latest = counts.sort_values("year").groupby("subject_id")["value"].last().astype(int)
    linked = rel[(rel["type"] == "MEMBER_OF") & rel["to_id"].isin(regional)].groupby("to_id")["from_id"].nunique()
    overcount = sum(max(0, linked[n] - latest[n]) for n in latest.index)
    assert latest["t004:digi-vestland"] == 40 and overcount == 3
    assert (coverage["members"].sum() - overcount) / 357 >= 0.9


def test_memberships_the_pages_only_imply_are_not_stated(part):
    """Audit findings 2, 4 and 5: rows resting on an inference say so in their confidence and note."""
    rel = part["relations"].set_index(["from_id", "to_id"])
    tjeldsund, ringsaker = _ids({"55": ["Dielddanuorri"]}).pop(), _ids({"34": ["Ringsaker"]}).pop()
    assert rel.loc[(tjeldsund, "net:digi-troms-og-finnmark"), "confidence"] == "interpreted"
    assert rel.loc[(ringsaker, "net:hamarregionen"), "confidence"] == "interpreted"
    r = part["relations"]
    agder = r[(r["to_id"] == "net:digi-agder") & (r["type"] == "MEMBER_OF")]
    assert len(agder) == 25 and (agder["confidence"] == "interpreted").all()
    vest = r[(r["to_id"] == "t004:digi-vestland") & (r["confidence"] == "interpreted")]
    assert len(vest) == 35 and (vest["role"] == "probable member").all()
    assert vest["note"].str.contains("32 of the 35 unnamed").all()
    # DDØ: set up in December 2009 (2015 evaluation), not the 2007 coordination
    ddo = r[(r["to_id"] == "ict:ddo") & (r["type"] == "MEMBER_OF")]
    assert set(ddo["source"]) == {"web:ddo-evaluering-2015"} and set(ddo["year"]) == {"2009"}
    # Digi-TV: autumn 2019 is a pre-study steering group, not a founding
    assert part["actors"].set_index("id").loc["net:digi-tv", "founded"] == ""
    assert part["observations"].set_index("id").loc["nasj:digi-tv-prestudy", "metric"] == "prestudy_steering_group_year"
    tv = r[(r["to_id"] == "net:digi-tv") & (r["type"] == "MEMBER_OF")]
    assert (tv["year"] == "").all()


def test_sources_cite_the_real_address_and_exact_figures(part):
    """Audit finding 6: no proxy mirror as a source address; a page's exact "41" is not marked approximate."""
    src = part["sources"].set_index("id")
    assert src.loc["web:wikipedia-setesdal-regionrad", "url"] == "https://no.wikipedia.org/wiki/Setesdal_Regionr%C3%A5d"
    assert not src["url"].str.contains("wonilvalve").any()
    assert part["observations"].set_index("id").loc["nasj:digi-vestland-members", "qualifier"] == "exact"


def test_sources_that_disagree_are_noted(part):
    """Where a later page contradicts a membership, the row keeps it and says so in its note."""
    rel = part["relations"].set_index(["from_id", "to_id"])
    siljan, salangen = _ids({"40": ["Siljan"]}).pop(), _ids({"55": ["Salangen"]}).pop()
    assert "web:ta-2023-digitv-siljan-skien" in rel.loc[(siljan, "net:digi-tv"), "note"]
    assert "web:midt-troms-radet" in rel.loc[(salangen, "net:rr-sor-troms"), "note"]
    obs = part["observations"].set_index("id")
    assert "41" in obs.loc["nasj:digi-vestland-members-2024", "note"]      # 41 (2021) against 40 (2024)
    assert "web:esunnmore-opphorer-2018" in part["actors"].set_index("id").loc["ict:ekommune-sunnmore", "note"]
    vest = part["relations"][part["relations"]["to_id"] == "t004:digi-vestland"]
    assert (vest[vest["confidence"] == "interpreted"]["note"].str.contains("40 of 43")).all()


def _periods(part, municipality, group):
    rel = part["relations"]
    hit = rel[(rel["from_id"] == municipality) & (rel["to_id"] == group) & (rel["type"] == "MEMBER_OF")]
    return sorted((r.year, r.year_end, r.source, r.confidence) for r in hit.itertuples())


def test_hoyanger_and_ardal_left_sogn_regionrad_and_came_back():
    """Audit finding 1: the encyclopaedia's exits (2006, 2009) are end years, not lost; the returns are separate rows."""
    part = {p.stem: pd.read_csv(p, dtype=str, keep_default_na=False) for p in PART.glob("*.csv")}
    hoyanger, ardal = _ids({"46": ["Høyanger"]}).pop(), _ids({"46": ["Årdal"]}).pop()
    assert _periods(part, hoyanger, "net:sogn-regionrad") == [
        ("", "2022", "web:nrk-hoyanger-sogn-regionrad", "derived"),
        ("1992", "2006", "web:allkunne-sogn-regionrad", "stated")]
    assert _periods(part, ardal, "net:sogn-regionrad") == [
        ("", "", "web:sognregionrad-om-oss", "stated"),
        ("1992", "2009", "web:allkunne-sogn-regionrad", "stated")]
    # no membership of either rests on the out-of-date Aurland page any more
    rel = part["relations"]
    assert not ((rel["source"] == "web:aurland-sogn-regionrad") & rel["from_id"].isin([hoyanger, ardal])).any()


def test_gjerstad_is_in_ostre_agder_from_the_memo_copy_that_names_it(part):
    """Audit finding 3: the docplayer copy of the 2017 memo gives Gjerstad; the source cites that copy."""
    gjerstad = _ids({"42": ["Gjerstad"]}).pop()
    assert _periods(part, gjerstad, "net:ostre-agder") == [("", "", "web:ostreagder-notat-2017-11", "stated")]
    url = part["sources"].set_index("id").loc["web:ostreagder-notat-2017-11", "url"]
    assert url.startswith("http://docplayer.me/108010456-")
    assert not part["relations"]["note"].str.contains("Gjerstad is not linked").any()


def test_every_county_level_network_stays_inside_its_former_county(part):
    """A county-wide network's derived members all lie in the county (or former county) the source names."""
    ref = pd.read_csv(DATA / "norway" / "actors.csv", dtype=str)
    county_of = dict(zip(ref["id"], ref["municipality_number"].str[:2]))
    expected = {"net:digi-rogaland": {"11"}, "net:digi-viken": {"31", "32", "33"}, "net:digi-nordland": {"18"},
                "net:digi-more-og-romsdal": {"15"}, "net:digi-agder": {"42"}, "net:digi-innlandet": {"34"},
                "net:digi-tv": {"39", "40"}, "net:digi-troms-og-finnmark": {"55", "56"},
                "net:digi-trondelag": {"50"}, "t004:digi-vestland": {"46"}}
    rel = part["relations"]
    for net, counties in expected.items():
        members = rel[(rel["to_id"] == net) & (rel["type"] == "MEMBER_OF")]["from_id"]
        assert {county_of[m] for m in members} == counties, net
    regional = set(rel[(rel["type"] == "PART_OF") & (rel["to_id"] == "net:ks-samstyring")]["from_id"])
    assert regional == set(expected)


SCENARIOS = Path(__file__).parents[2] / "examples" / "scenarios"
NATIONWIDE = ("nationwide", "nationwide_ks_push", "nationwide_peer_only")


@pytest.mark.parametrize("name", NATIONWIDE)
def test_nationwide_scenarios_say_what_is_calibrated(name):
    text = (SCENARIOS / f"{name}.toml").read_text(encoding="utf-8")
    assert "# Calibration: no rate in this file is calibrated yet." in text
    assert "data/nasjonalt" in text


def test_nationwide_influence_runs_mainly_through_documented_networks():
    """The playback's ties per layer: documented networks dominate; no county layer (issue 13, item 5)."""
    from innosys.diffusion import load_scenario, simulate

    G = load_graph(DATA)
    res = simulate(load_scenario(SCENARIOS / "nationwide.toml"), G, runs=2, seed=1)
    edges = res.edges()
    pairs = edges.assign(a=edges[["source", "target"]].min(axis=1), b=edges[["source", "target"]].max(axis=1))
    counts = pairs.drop_duplicates(["a", "b", "layer"])["layer"].value_counts().to_dict()
    assert "county" not in counts
    assert counts["network"] == max(counts.values())
    assert counts["network"] > 5 * counts["proximity"]
    assert counts["ict_company"] >= 100
