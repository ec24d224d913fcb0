"""Study 001 — the municipal innovation system of nine municipalities (Kommune A–I).

Research question: which of Edquist's ten innovation-system activities do the municipalities
perform themselves, which does nobody perform, who brokers between KS and the municipalities, and
would a strengthened komINN portal or pick-up by KS and the county authorities (the thesis's
recommendation) spread a municipal innovation better than today's person-dependent networks?

Prints: the coverage matrix (Kommune A–I × activities 1–10), the activities performed by none and by
all nine, who else performs the uncovered activities, the brokers between KS and the municipalities,
and the comparison of three diffusion scenarios.
Writes: ``network.html`` (explorer of the nine and their partners), ``report.html`` (scenario
report), ``results/<scenario>/`` for each scenario.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pandas as pd  # noqa: E402
from _common import (  # noqa: E402
    Check,
    channel_table,
    comparison_table,
    main_wrapper,
    neo4j_step,
    scenario,
    start,
)

STUDY = "t001_innovation_system"
QUESTION = ("Which Edquist activities do the nine municipalities perform, which does nobody perform, who "
            "brokers between KS and the municipalities, and would a stronger komINN portal or pick-up by KS "
            "and the counties spread innovations better than today's person-dependent networks?")
NINE = tuple(f"t001:kommune-{c}" for c in "abcdefghi")
SCENARIOS = ("t001_person_dependent", "t001_kominn_portal", "t001_ks_county_pickup")


def main(argv: list[str] | None = None) -> int:
    from innosys import schema
    from innosys.diffusion import compare
    from innosys.graph import activities_performed_by_none, activity_coverage, actors_per_activity, brokers
    from innosys.viz import network_explorer, scenario_report

    s = start(STUDY, QUESTION, argv, default_runs=200, steps=5)
    G = s.G
    nine = [n for n in NINE if n in G]
    if len(nine) < len(NINE):
        missing = sorted(set(NINE) - set(nine))
        raise ValueError(f"the data lacks {', '.join(missing)}; study 001 needs the t001 part of the dataset")

    # 1. Edquist coverage ------------------------------------------------------------------------
    s.progress("computing Edquist coverage of Kommune A–I")
    s.heading("1. Who performs which Edquist activity")
    legend = pd.DataFrame([{"activity": a.number, "name": a.name, "group": a.group} for a in schema.EDQUIST_ACTIVITIES])
    s.table("Edquist's ten activities", legend)
    cov = activity_coverage(G, nine, only_active=False)
    nums = [a.number for a in schema.EDQUIST_ACTIVITIES]
    matrix = cov.set_index("name")[nums].replace({True: "x", False: "."})
    matrix.loc["municipalities"] = cov[nums].sum().astype(int).astype(str)
    s.table("Coverage matrix (x = the municipality performs the activity)", matrix.rename_axis(None), index=True)
    none = activities_performed_by_none(G, nine)
    everyone = [a for a in nums if bool(cov[a].all())]
    s.answer("Activities performed by none of Kommune A–I", none)
    s.answer("Activities performed by all nine", everyone)

    per = actors_per_activity(G)
    gaps = per[per["activity"].isin(none) & ~per["actor_id"].isin(nine)]
    gaps = gaps[["activity", "activity_name", "actor_id", "actor_name", "actor_kind", "confidence", "source", "lines"]]
    s.table("Who else performs the activities none of the nine performs", gaps,
            note="Actors anywhere in the dataset (other theses included) recorded as performing activities "
                 f"{', '.join(map(str, none)) or '-'}.")

    # 2. Brokers ----------------------------------------------------------------------------------
    s.progress("finding brokers between KS and the municipalities")
    s.heading("2. Brokers between KS and the municipalities")
    b9 = brokers(G, "ks", nine)
    b9["brokerage"] = b9["brokerage"].round(3)
    s.table("Brokers between KS and Kommune A–I (betweenness restricted to KS → the nine)", b9)
    ball = brokers(G, "ks", "Municipality", top=10)
    ball["brokerage"] = ball["brokerage"].round(3)
    s.table("Brokers between KS and all municipalities in the dataset (top 10)", ball)
    s.answer("Main broker between KS and Kommune A–I", b9["name"].iloc[0] if len(b9) else "none")
    keep = set(nine) | {"ks"}
    for n in list(keep):
        keep |= {v for _, v in G.out_edges(n)} | {u for u, _ in G.in_edges(n)}
    sub = G.subgraph([n for n in keep if G.nodes[n].get("kind") in schema.ACTOR_KINDS]).copy()
    s.write_page(network_explorer(sub, title="Kommune A–I, KS and their direct partners"), "network.html")

    # 3. Scenarios --------------------------------------------------------------------------------
    s.progress(f"simulating {len(SCENARIOS)} scenarios on common random numbers")
    s.heading("3. Person-dependent spread vs komINN vs pick-up by KS and the counties (simulation)")
    cmp = compare([scenario(n) for n in SCENARIOS], G, runs=s.runs, seed=s.seed)
    table = comparison_table(cmp)
    s.table(f"Scenario comparison ({cmp.results[0].n} municipalities, {cmp.results[0].runs} runs each, "
            "common random numbers; 'vs first' = paired difference in final adopted share)", table)
    s.table("Mean adoptions per run by channel", channel_table(cmp), index=True)
    finals = {sc.name: r.final_share()["mean"] for sc, r in zip(cmp.scenarios, cmp.results)}
    best = max(finals, key=finals.get)
    s.answer("Final adopted share per scenario", [f"{k} {v:.1%}" for k, v in finals.items()])
    s.answer("Scenario with the widest spread", best)
    dirs = [s.write_result(r) for r in cmp.results]
    s.progress("writing the scenario report")
    s.write_page(scenario_report(dirs, title="Thesis 001: how a municipal innovation spreads"), "report.html")

    def only_nine(df: pd.DataFrame) -> pd.DataFrame:
        return df[df["id"].isin(nine)].reset_index(drop=True)

    neo4j_step(s, [Check("Edquist coverage of Kommune A–I", "activity-coverage", {"kind": "Municipality"}, only_nine),
                   Check("Brokers between KS and the municipalities", "brokers",
                         {"source": "ks", "target": "Municipality"})], dirs)
    s.finish()
    return 0


if __name__ == "__main__":
    main_wrapper(main)
