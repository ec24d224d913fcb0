"""Study 004 — national digitalisation strategies in ten municipalities.

Research question: how far had ten municipalities over 25,000 inhabitants (five in Rogaland, five in
Vestfold og Telemark) taken the national digitalisation strategies into their own steering documents
by 2020, and does the regional network Digi Rogaland make the national strategy reach its members
sooner than municipalities without such a network?

Prints: the graded adoption of the ten (own strategy against the KS template, the national line in the
municipal master plan, Digi Rogaland's common strategy); Digi Rogaland's members among the ten; the
simulated time to adoption of the Rogaland five and the Vestfold/Telemark five, with and without the
network.
Writes: ``network.html`` (the ten, their counties, networks and strategies), ``report.html``
(with vs without Digi Rogaland), ``results/<scenario>/``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from _common import (  # noqa: E402
    Check,
    adoption_rows,
    comparison_table,
    date_at,
    main_wrapper,
    name_of,
    neo4j_step,
    period,
    scenario,
    start,
    step_of,
)

from innosys.graph import county_of  # noqa: E402

STUDY = "t004_strategies"
QUESTION = ("How far had ten municipalities in Rogaland and Vestfold og Telemark taken the national digitalisation "
            "strategies into their steering documents by 2020, and does the regional network Digi Rogaland make the "
            "national strategy reach its members sooner?")
TEN = ("m:1103", "m:1106", "m:1108", "m:1124", "m:1149", "m:3905", "m:3907", "m:3909", "m:4001", "m:4003")
ROGALAND = "county:11"
KS_STRATEGY, AGENDA = "inn:ks-digistrategi-2017", "inn:digital-agenda-2016"
NETWORK = "net:digi-rogaland"
#: the thesis's grades, best first (see data/t004/NOTES.md)
GRADES = ("integrated", "adapted", "copied", "elements", "lapsed", "drafting", "none")
SCENARIOS = ("t004_with_digi_rogaland", "t004_without_digi_rogaland")
OBSERVED_BY = "2020-09"  # documents were collected June–September 2020


def grade_cell(rows: pd.DataFrame) -> str:
    """``status/depth period`` of each record, e.g. ``adopted/integrated 2019–``."""
    parts = []
    for r in rows.itertuples():
        text = r.status + (f"/{r.depth}" if isinstance(r.depth, str) else "")
        p = period(r.year_start, r.year_end)
        parts.append(text + (f" {p}" if p else ""))
    return "; ".join(parts) or "-"


def graded_table(G, ten) -> pd.DataFrame:
    members = {u for u, _, t in G.in_edges(NETWORK, data="type") if t == "MEMBER_OF"} if NETWORK in G else set()
    shared = [v for v in G.nodes if str(v).startswith("t004:inn:digi-rogaland")]
    rows = adoption_rows(G, [KS_STRATEGY, AGENDA, *shared], ten)
    out = []
    for u in ten:
        mine = rows[rows.adopter_id == u]
        ks = mine[mine.innovation_id == KS_STRATEGY]
        grade = next((g for g in GRADES if g in set(ks.depth.dropna())), "")
        out.append({"municipality": name_of(G, u), "county": name_of(G, county_of(G, u) or ""),
                    "population": G.nodes[u].get("population"),
                    "own strategy vs KS template": grade_cell(ks),
                    "national line in master plan": grade_cell(mine[mine.innovation_id == AGENDA]),
                    "Digi Rogaland strategy": grade_cell(mine[mine.innovation_id.isin(shared)]),
                    "Digi Rogaland member": "yes" if u in members else "", "grade": grade,
                    "_rank": GRADES.index(grade) if grade else len(GRADES)})
    df = pd.DataFrame(out)
    return df.sort_values(["county", "_rank", "municipality"]).drop(columns="_rank").reset_index(drop=True)


def timing(comparison, groups: dict[str, list[str]], by: str) -> pd.DataFrame:
    rows = []
    for sc, res in zip(comparison.scenarios, comparison.results):
        wide = res.adoption_times(wide=True)
        cut = step_of(res, by)
        for label, ids in groups.items():
            w = wide.loc[ids].to_numpy(dtype=float)
            pooled = np.sort(np.where(np.isfinite(w), w, np.inf).ravel())
            med = pooled[(len(pooled) - 1) // 2]
            rows.append({"scenario": sc.name, "group": label,
                         f"adopted by {by}": f"{(w <= cut).mean():.0%}",
                         "adopted by end": f"{np.isfinite(w).mean():.0%}",
                         "median adoption date": date_at(res, med) if np.isfinite(med) else "after the horizon",
                         "mean date if adopted": date_at(res, round(float(np.nanmean(w)))) if np.isfinite(w).any()
                         else "never",
                         "_median_step": float(med)})
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> int:
    from innosys.diffusion import compare
    from innosys.graph import ego_network
    from innosys.viz import network_explorer, scenario_report

    s = start(STUDY, QUESTION, argv, default_runs=300, steps=4)
    G = s.G
    ten = [u for u in TEN if u in G]
    if len(ten) < len(TEN) or KS_STRATEGY not in G or NETWORK not in G:
        raise ValueError("study 004 needs the ten municipalities, the KS strategy and Digi Rogaland in the data")

    # 1. Graded adoption -------------------------------------------------------------------------
    s.progress("grading the ten municipalities")
    s.heading("1. Graded adoption of the national strategies (data, as the thesis grades them in 2020)")
    graded = graded_table(G, ten)
    s.table("The ten municipalities (status/depth and period per record; grade of the own strategy: integrated > "
            "adapted > copied > elements > lapsed > drafting > none, see data/t004/NOTES.md)", graded)
    counts = graded["grade"].value_counts()
    s.answer("Own digitalisation strategy by grade", ", ".join(f"{g} {int(counts[g])}" for g in GRADES if g in counts))
    # a set: several sources may each record the same membership (one row per source)
    members = sorted({name_of(G, u) for u, _, t in G.in_edges(NETWORK, data="type") if t == "MEMBER_OF" and u in ten})
    rogaland = sorted(name_of(G, u) for u in ten if county_of(G, u) == ROGALAND)
    others = [u for u in ten if county_of(G, u) != ROGALAND]
    s.answer("Digi Rogaland members among the ten", members)
    s.answer("Rogaland municipalities among the ten", rogaland)
    s.answer("Digi Rogaland members are exactly the Rogaland five", "yes" if members == rogaland else "no")
    nodes = set(ten) | {NETWORK, KS_STRATEGY}
    for u in ten:
        nodes |= set(ego_network(G, u).nodes)
    sub = G.subgraph(nodes).copy()
    s.write_page(network_explorer(sub, title="Thesis 004: the ten municipalities, their networks and strategies"),
                 "network.html")

    # 2. With and without Digi Rogaland ------------------------------------------------------------
    s.progress("simulating the national strategy with and without Digi Rogaland")
    s.heading("2. The national strategy with and without Digi Rogaland (simulation)")
    cmp = compare([scenario(n) for n in SCENARIOS], G, runs=s.runs, seed=s.seed)
    s.table(f"Scenario comparison (all {cmp.results[0].n} municipalities of Rogaland, Vestfold and Telemark, "
            f"{cmp.results[0].runs} runs each, common random numbers)", comparison_table(cmp))
    groups = {"Rogaland five": [u for u in ten if county_of(G, u) == ROGALAND], "Vestfold/Telemark five": others}
    t = timing(cmp, groups, OBSERVED_BY)
    s.table("Time to adoption: the Rogaland five vs the Vestfold/Telemark five",
            t.drop(columns="_median_step"),
            note="Median over all municipality-runs of the group (never adopting counts as later than the horizon).")
    observed = adoption_rows(G, [KS_STRATEGY], ten)
    observed = observed[observed.status == "adopted"]
    for label, ids in groups.items():
        have = observed[observed.adopter_id.isin(ids)]
        s.answer(f"Data: {label} with an adopted own strategy by 2020", f"{have.adopter_id.nunique()} of {len(ids)}")
    for label in groups:
        sub_t = t[t.group == label].set_index("scenario")
        s.answer(f"Median adoption date, {label}",
                 ", ".join(f"{sc} {sub_t.at[sc, 'median adoption date']}" for sc in SCENARIOS))
    with_, without = (t[(t.scenario == sc) & (t.group == "Rogaland five")]["_median_step"].iloc[0] for sc in SCENARIOS)
    gain = without - with_
    s.answer("Digi Rogaland brings the Rogaland five's median adoption forward by",
             f"{gain:.0f} quarter(s)" if np.isfinite(gain) else "an undefined time (a median lies beyond the horizon)")
    per = []
    for sc, res in zip(cmp.scenarios, cmp.results):
        wide = res.adoption_times(wide=True)
        for u in ten:
            w = wide.loc[u].to_numpy(dtype=float)
            per.append({"municipality": name_of(G, u), "scenario": sc.name,
                        f"P(adopted by {OBSERVED_BY})": round(float((w <= step_of(res, OBSERVED_BY)).mean()), 2)})
    per = pd.DataFrame(per).pivot(index="municipality", columns="scenario", values=f"P(adopted by {OBSERVED_BY})")
    per.insert(0, "data: grade (2020)", [graded.set_index("municipality").at[m, "grade"] for m in per.index])
    s.table(f"Per municipality: the thesis's grade vs the simulated probability of adoption by {OBSERVED_BY}",
            per.rename_axis(columns=None), index=True)
    dirs = [s.write_result(r) for r in cmp.results]
    s.progress("writing the scenario report")
    s.write_page(scenario_report(dirs, title="Thesis 004: the KS strategy with and without Digi Rogaland"),
                 "report.html")

    def only_ten(df: pd.DataFrame) -> pd.DataFrame:
        return df[df["adopter_id"].isin(ten)].reset_index(drop=True)

    def only_network(df: pd.DataFrame) -> pd.DataFrame:
        return df[df["group_id"] == NETWORK].reset_index(drop=True)

    neo4j_step(s, [Check("The KS strategy in the ten municipalities", "adopters", {"innovation": KS_STRATEGY}, only_ten),
                   Check("Members of Digi Rogaland", "group-members", {"kinds": "Network", "relations": "MEMBER_OF"},
                         only_network)], dirs)
    s.finish()
    return 0


if __name__ == "__main__":
    main_wrapper(main)
