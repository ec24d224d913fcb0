"""Study 000 — Lørenskog's digitalisation strategy 2016–2020.

Research question: where did Lørenskog's strategy come from (its inspiration network), what drove
and hindered it in each innovation phase, and how would it spread to neighbouring municipalities?

Prints: the inspiration network (KS, Digi Viken, the national agenda, the neighbours Lillestrøm and
Rælingen); a phase × aspect table of drivers, barriers, handling and milestones with the drivers and
barriers listed per phase; the simulated spread targets of the strategy in Akershus.
Writes: ``ego_network.html`` (explorer of the strategy's ego network), ``playback.html``
(the spread to the neighbours), ``results/t000_lorenskog_neighbours/``.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pandas as pd  # noqa: E402
from _common import Check, date_at, main_wrapper, name_of, neo4j_step, scenario, start, unit_outcomes  # noqa: E402

STUDY = "t000_lorenskog"
QUESTION = ("Where did Lørenskog's digitalisation strategy come from, what drove and hindered it in each "
            "innovation phase, and how would it spread to neighbouring municipalities?")
LORENSKOG = "m:3222"
STRATEGY = "t000:lorenskog-digistrategi"
#: relations that carry inspiration, membership of inspiring networks, and talks to others
INSPIRATION = ("INSPIRED_BY", "COPIED_FROM")
CONTACT = ("MEMBER_OF", "PRESENTED_TO", "VISITED")


def _relation_row(G, u, v, d, via: str = "") -> dict:
    return {"from": name_of(G, u), "relation": d.get("type"), "to": name_of(G, v), "via": via,
            "role": d.get("role") or "", "confidence": d.get("confidence") or "",
            "source": f"{d.get('source', '')} L{d.get('lines', '')}".strip()}


def inspiration_network(G) -> pd.DataFrame:
    """Who inspired Lørenskog's strategy, through which networks and talks, and whom it inspired."""
    people = {u for u, v, t in G.in_edges(LORENSKOG, data="type") if t in ("PART_OF", "EMPLOYED_BY")
              and G.nodes[u].get("kind") == "Person"}
    focus = {STRATEGY, LORENSKOG}
    rows = []
    for u, v, d in G.edges(data=True):
        t = d.get("type")
        if t in INSPIRATION and (u in focus or v in focus):
            rows.append(_relation_row(G, u, v, d))
            # who stands behind an inspiring document (e.g. KS behind its strategy)
            if u == STRATEGY:
                for w, _, e in G.in_edges(v, data=True):
                    if e.get("type") in ("ISSUED", "DEVELOPED"):
                        rows.append(_relation_row(G, w, v, e, via="issuer of an inspiring document"))
        elif t in CONTACT and (u in focus or u in people):
            rows.append(_relation_row(G, u, v, d, via="" if u in focus else f"staff of {name_of(G, LORENSKOG)}"))
    df = pd.DataFrame(rows, columns=["from", "relation", "to", "via", "role", "confidence", "source"])
    return df.drop_duplicates().sort_values(["relation", "from", "to"], kind="stable").reset_index(drop=True)


def process_records(G) -> pd.DataFrame:
    from innosys import schema

    recs = [r for r in G.graph.get("process", []) if r.get("innovation_id") == STRATEGY]
    df = pd.DataFrame([{"phase": r.get("phase") or "(no phase)", "aspect": r.get("aspect"), "label": r.get("label"),
                        "actor": name_of(G, r["actor_id"]) if r.get("actor_id") else "",
                        "source": f"{r.get('source', '')} L{r.get('lines', '')}"} for r in recs],
                      columns=["phase", "aspect", "label", "actor", "source"])
    order = {p: i for i, p in enumerate((*schema.INNOVATION_PHASES, "(no phase)"))}
    df["_o"] = df["phase"].map(order)
    return df.sort_values(["_o"], kind="stable").drop(columns="_o").reset_index(drop=True)


def phase_aspect_table(proc: pd.DataFrame) -> pd.DataFrame:
    from innosys import schema

    aspects = ["driver", "barrier", "handling", "milestone"]
    sub = proc[proc["aspect"].isin(aspects)]
    table = pd.crosstab(sub["phase"], sub["aspect"]).reindex(columns=aspects, fill_value=0)
    phases = [p for p in (*schema.INNOVATION_PHASES, "(no phase)") if p in table.index]
    table = table.reindex(phases)
    table.loc["total"] = table.sum()
    return table.rename_axis(index="phase", columns=None)


def km(G, a: str, b: str) -> float | None:
    pa, pb = G.nodes[a], G.nodes[b]
    if None in (pa.get("latitude"), pa.get("longitude"), pb.get("latitude"), pb.get("longitude")):
        return None
    la1, lo1, la2, lo2 = map(math.radians, (pa["latitude"], pa["longitude"], pb["latitude"], pb["longitude"]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def main(argv: list[str] | None = None) -> int:
    from innosys.diffusion import simulate
    from innosys.graph import ego_network
    from innosys.viz import diffusion_playback, network_explorer

    s = start(STUDY, QUESTION, argv, default_runs=200, steps=4)
    G = s.G
    for needed in (LORENSKOG, STRATEGY):
        if needed not in G:
            raise ValueError(f"the data has no node {needed!r}; study 000 needs the t000 part of the dataset")

    # 1. The inspiration network --------------------------------------------------------------
    s.progress("tracing the strategy's inspiration network")
    s.heading("1. Where the strategy came from")
    net = inspiration_network(G)
    s.table("Inspiration network of Lørenskog's digitalisation strategy", net,
            note="INSPIRED_BY/COPIED_FROM relations of the strategy and of Lørenskog, who stands behind the "
                 "documents it drew on, and the networks and talks that connected Lørenskog to others.")
    sources = sorted(set(net.loc[(net["relation"].isin(INSPIRATION)) & (net["from"].isin(
        [name_of(G, STRATEGY), name_of(G, LORENSKOG)])), "to"]))
    behind = sorted(set(net.loc[net["via"] == "issuer of an inspiring document", "from"]))
    followers = sorted(set(net.loc[(net["relation"].isin(INSPIRATION)) & (net["to"] == name_of(G, STRATEGY))
                                   & (net["from"] != name_of(G, LORENSKOG)), "from"]))
    contacts = sorted(set(net.loc[net["relation"].isin(CONTACT), "to"]))
    s.answer("Lørenskog and its strategy drew on", sources)
    s.answer("Actors behind those documents", behind)
    s.answer("Networks and talks connecting Lørenskog", contacts)
    s.answer("Municipalities inspired by the strategy (thesis)", followers)
    ego = ego_network(G, STRATEGY, radius=2)
    s.write_page(network_explorer(ego, title="Ego network of Lørenskog's digitalisation strategy (radius 2)"),
                 "ego_network.html")

    # 2. Drivers and barriers per phase ---------------------------------------------------------
    s.progress("tabulating drivers and barriers per innovation phase")
    s.heading("2. Drivers and barriers per innovation phase")
    proc = process_records(G)
    s.table("Phase × aspect (number of process records)", phase_aspect_table(proc), index=True)
    db = proc[proc["aspect"].isin(["driver", "barrier"])][["phase", "aspect", "label", "actor", "source"]]
    s.table("Drivers and barriers by phase", db)
    counts = db.groupby("aspect").size()
    s.answer("Drivers / barriers recorded", f"{int(counts.get('driver', 0))} / {int(counts.get('barrier', 0))}")

    # 3. Spread to the neighbours -----------------------------------------------------------------
    s.progress("simulating the spread to neighbouring municipalities")
    s.heading("3. Spread to neighbouring municipalities (simulation)")
    res = simulate(scenario("t000_lorenskog_neighbours"), G, runs=s.runs, seed=s.seed)
    units = unit_outcomes(res)
    observed = {u for u, v, t in G.in_edges(STRATEGY, data="type") if t in ("INSPIRED_BY", "ADOPTED", "COPIED_FROM")}
    units["km_from_lorenskog"] = [round(km(G, LORENSKOG, u), 1) if km(G, LORENSKOG, u) is not None else None
                                  for u in units["unit_id"]]
    units["follower_in_thesis"] = ["yes" if u in observed and u != LORENSKOG else "" for u in units["unit_id"]]
    targets = (units[units["unit_id"] != LORENSKOG]
               .sort_values(["adoption_probability", "km_from_lorenskog", "unit_id"], ascending=[False, True, True])
               .reset_index(drop=True))
    top = targets.head(10).copy()
    top["adoption_probability"] = top["adoption_probability"].map("{:.0%}".format)
    top["mean_date_if_adopted"] = [date_at(res, round(m)) if pd.notna(m) else None for m in top["mean_step"]]
    s.table(f"Most likely spread targets by {res.curves()['date'].iloc[-1]} ({res.runs} runs, {res.n} municipalities "
            f"of Akershus)", top[["unit_id", "name", "km_from_lorenskog", "adoption_probability", "median_date",
                                 "mean_date_if_adopted", "main_channel", "follower_in_thesis"]])
    fs = res.final_share()
    s.answer("Most likely spread targets (top 5)", list(targets["name"].head(5)))
    s.answer("Thesis followers among the top 5",
             list(targets.loc[targets.index < 5].query("follower_in_thesis == 'yes'")["name"]))
    s.answer("Final adopted share in Akershus", f"{fs['mean']:.1%} (5–95 %: {fs['p05']:.1%}–{fs['p95']:.1%})")
    result_dir = s.write_result(res)
    s.write_page(diffusion_playback(result_dir, title="Lørenskog's strategy spreading to its neighbours"),
                 "playback.html")

    neo4j_step(s, [Check("Drivers, barriers and milestones of the strategy", "process", {"innovation": STRATEGY},
                         show=("aspect", "phase", "label", "actor_name", "source", "lines")),
                   Check("Direct relations of the strategy", "ego-network", {"actor": STRATEGY})], [result_dir])
    s.finish()
    return 0


if __name__ == "__main__":
    main_wrapper(main)
