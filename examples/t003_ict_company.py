"""Study 003 — an inter-municipal ICT company and its members of different sizes.

Research question: who are the company's members, what have they adopted through it, and how
does a collective roll-out with limited onboarding capacity and members' right to wait play out
for large and small members — and would a two-tier company (large members on a fast track, small
members later and optional) or more onboarding capacity serve them better?

Prints: the members by size; their adoption states (members and member groups × innovations); the
comparison of three roll-out scenarios, overall and per size class.
Writes: ``report.html`` (scenario report), ``playback.html`` (two-tier roll-out), ``results/<scenario>/``.
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
    channel_table,
    comparison_table,
    main_wrapper,
    name_of,
    neo4j_step,
    scenario,
    start,
    unit_outcomes,
)

STUDY = "t003_ict_company"
QUESTION = ("Who are the ICT company's members and what have they adopted through it; how does a collective roll-out "
            "with limited capacity and deferral play out for large and small members; would a two-tier company or "
            "more onboarding capacity serve them better?")
COMPANY = "t003:ikt-selskapet"
MEMBER_RELATIONS = ("MEMBER_OF", "OWNS")
SCENARIOS = ("ict_company_rollout", "t003_two_tier", "t003_double_capacity")


def members_table(G) -> pd.DataFrame:
    rels: dict[str, set] = {}
    for u, _, t in G.in_edges(COMPANY, data="type"):
        if t in MEMBER_RELATIONS:
            rels.setdefault(u, set()).add(t)
    rows = []
    for u, ts in rels.items():
        d = G.nodes[u]
        groups = sorted(name_of(G, v) for _, v, t in G.out_edges(u, data="type")
                        if t == "PART_OF" and G.nodes[v].get("kind") == "Network")
        rows.append({"member_id": u, "member": name_of(G, u), "kind": d.get("kind"),
                     "population": d.get("population"), "size_class": d.get("size_class") or "",
                     "relations": ", ".join(sorted(ts)), "groups": ", ".join(groups)})
    df = pd.DataFrame(rows, columns=["member_id", "member", "kind", "population", "size_class", "relations", "groups"])
    df["_p"] = df["population"].fillna(-1)
    df["_k"] = (df["kind"] != "Municipality").astype(int)
    return df.sort_values(["_k", "_p", "member_id"], ascending=[True, False, True]).drop(columns=["_p", "_k"]) \
             .reset_index(drop=True)


def adoption_matrix(G, members: pd.DataFrame) -> pd.DataFrame:
    adopters = set(members["member_id"]) | {COMPANY}
    todo = list(adopters)
    while todo:  # member groups: networks the members belong to (PART_OF), and the groups above them
        for _, v, t in G.out_edges(todo.pop(), data="type"):
            if t == "PART_OF" and G.nodes[v].get("kind") == "Network" and v not in adopters:
                adopters.add(v)
                todo.append(v)
    innovations = {v for u, v, t in G.edges(data="type") if t == "ADOPTED" and u in adopters}
    rows = adoption_rows(G, innovations, adopters)
    if rows.empty:
        return rows
    rows["state"] = [s + (f"/{d}" if isinstance(d, str) else "") + (f" via {v}" if isinstance(v, str) and v != COMPANY
                                                                     else "")
                     for s, d, v in zip(rows["status"], rows["depth"], rows["via"])]
    m = rows.pivot_table(index="adopter", columns="innovation", values="state", aggfunc=lambda x: "; ".join(x))
    order = [name_of(G, u) for u in members["member_id"]]
    m = m.reindex([*[o for o in order if o in m.index], *sorted(set(m.index) - set(order))])
    return m.fillna("-").rename_axis(index="adopter (member or member group)", columns=None)


def size_class_table(comparison) -> pd.DataFrame:
    rows = []
    for sc, res in zip(comparison.scenarios, comparison.results):
        u = unit_outcomes(res)
        wide = res.adoption_times(wide=True)
        for size, grp in u.groupby("size_class"):
            w = wide.loc[grp["unit_id"]].to_numpy(dtype=float)
            rows.append({"scenario": sc.name, "size_class": size, "members": len(grp),
                         "adopted by end": f"{np.isfinite(w).mean():.0%}",
                         "mean months to adoption": round(float(np.nanmean(w)), 1) if np.isfinite(w).any() else None,
                         "month by which 90 % had adopted": (round(float(np.nanquantile(w, 0.9)), 1)
                                                   if np.isfinite(w).mean() >= 0.9 else "not reached")})
    df = pd.DataFrame(rows)
    order = {"large": 0, "medium": 1, "small": 2}
    return df.sort_values("size_class", key=lambda c: c.map(order), kind="stable").reset_index(drop=True)


def main(argv: list[str] | None = None) -> int:
    from innosys.diffusion import compare
    from innosys.viz import diffusion_playback, scenario_report

    s = start(STUDY, QUESTION, argv, default_runs=500, steps=4)
    G = s.G
    if COMPANY not in G:
        raise ValueError(f"the data has no node {COMPANY!r}; study 003 needs the t003 part of the dataset")

    # 1. Members by size and their adoption states ------------------------------------------------
    s.progress("listing the company's members and their adoption states")
    s.heading(f"1. {name_of(G, COMPANY)}: members and what they adopted (data)")
    members = members_table(G)
    s.table("Members by size (MEMBER_OF / OWNS the company; groups = member groups they belong to)", members)
    munis = members[members["kind"] == "Municipality"]
    counts = munis["size_class"].value_counts()
    s.answer("Member municipalities by size class", ", ".join(f"{k} {int(counts.get(k, 0))}"
                                                              for k in ("large", "medium", "small")))
    s.table("Adoption states (status/depth; rows are members and the member groups the thesis speaks of)",
            adoption_matrix(G, members), index=True)

    # 2. Roll-out scenarios ------------------------------------------------------------------------
    s.progress(f"simulating {len(SCENARIOS)} roll-out scenarios on common random numbers")
    s.heading("2. Collective roll-out: one tier vs two tiers vs more capacity (simulation)")
    cmp = compare([scenario(n) for n in SCENARIOS], G, runs=s.runs, seed=s.seed)
    s.table(f"Scenario comparison ({cmp.results[0].n} member municipalities, {cmp.results[0].runs} runs each, "
            "monthly steps, common random numbers)", comparison_table(cmp))
    by_size = size_class_table(cmp)
    s.table("By size class (months counted from the start, January 2022)", by_size)
    s.table("Mean adoptions per run by channel", channel_table(cmp), index=True)
    per_unit = {}
    for sc, res in zip(cmp.scenarios, cmp.results):
        u = unit_outcomes(res).set_index("unit_id")
        per_unit[sc.name] = u["mean_step"].round(1)
    pu = pd.DataFrame(per_unit)
    pu.insert(0, "size_class", [G.nodes[u].get("size_class") for u in pu.index])
    pu.insert(0, "member", [name_of(G, u) for u in pu.index])
    s.table("Mean months to adoption per member (runs where it adopted)", pu.reset_index(drop=True))
    # the thesis's 50 000 member is medium by the dataset's classes (up to 60,000): no large member
    for size in ("medium", "small"):
        sub = by_size[by_size["size_class"] == size]
        s.answer(f"Mean months to adoption, {size} members",
                 ", ".join(f"{r['scenario']} {r['mean months to adoption']}" for r in sub.to_dict("records")))
    dirs = [s.write_result(r) for r in cmp.results]
    s.progress("writing the scenario report and the playback")
    s.write_page(scenario_report(dirs, title="Thesis 003: collective roll-out in an ICT company"), "report.html")
    s.write_page(diffusion_playback(dirs[1], title="Two-tier roll-out: large members first, small members later"),
                 "playback.html")

    def only_company(df: pd.DataFrame) -> pd.DataFrame:
        return df[df["group_id"] == COMPANY].reset_index(drop=True)

    neo4j_step(s, [Check("Members of the ICT company", "group-members",
                         {"kinds": "IntermunicipalCompany", "relations": ",".join(MEMBER_RELATIONS)}, only_company)],
               dirs)
    s.finish()
    return 0


if __name__ == "__main__":
    main_wrapper(main)
