"""Nationwide study — one innovation, all 357 municipalities, several channel mixes.

Research question: if KS's sharing portal komINN is pushed to every municipality through different
mixes of channels (mixed channels; peers and opinion leaders only; a KS-coordinated push), how far and
how fast does it spread, through which channels, and which municipalities lag — by county and by
size class?

Prints: the scenario comparison (final share, time to 10/50/90 %), adoptions per channel, and the
laggards: adoption probability and median adoption date per county and per size class in every
scenario, and the latest municipalities in the mixed-channel scenario.
Writes: ``report.html`` (scenario report), ``playback.html`` (mixed channels), ``map.html``
(municipalities and counties on the map), ``results/<scenario>/``.

The scenarios are the shipped ``nationwide*.toml`` files (also used by ``innosys demo``).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from _common import (  # noqa: E402
    Check,
    channel_table,
    comparison_table,
    date_at,
    main_wrapper,
    name_of,
    neo4j_step,
    scenario,
    start,
    unit_outcomes,
)

STUDY = "nationwide"
QUESTION = ("How far and how fast does komINN spread to all municipalities under different channel mixes, through "
            "which channels, and which municipalities lag, by county and by size class?")
SCENARIOS = ("nationwide", "nationwide_peer_only", "nationwide_ks_push")


def municipalities(G, units: pd.DataFrame) -> pd.DataFrame:
    """Only the real municipalities (``m:NNNN``) with their county name; anonymised thesis units left out."""
    u = units[units["unit_id"].str.match(r"^m:\d{4}$") & units["county"].notna()].copy()
    u["county_name"] = [name_of(G, c) for c in u["county"]]
    return u


def group_table(res, u: pd.DataFrame, by: str) -> pd.DataFrame:
    """Per group: municipalities, mean adoption probability, median of the municipalities' median dates."""
    rows = []
    for key, grp in u.groupby(by):
        med = grp["median_step"].astype("Float64").to_numpy(dtype=float, na_value=np.inf)
        mid = np.sort(med)[(len(med) - 1) // 2]
        rows.append({by: key, "municipalities": len(grp),
                     "mean P(adopt)": round(float(grp["adoption_probability"].mean()), 3),
                     "adopt in < half the runs": f"{(grp['adoption_probability'] < 0.5).mean():.0%}",
                     "typical median date": date_at(res, mid) if np.isfinite(mid) else "after the horizon"})
    return pd.DataFrame(rows).sort_values(["mean P(adopt)", by]).reset_index(drop=True)


def main(argv: list[str] | None = None) -> int:
    from innosys.diffusion import compare
    from innosys.viz import diffusion_playback, network_explorer, scenario_report

    s = start(STUDY, QUESTION, argv, default_runs=200, steps=4)
    G = s.G

    s.progress(f"simulating {len(SCENARIOS)} nationwide channel mixes on common random numbers")
    s.heading("1. One innovation, three channel mixes (simulation)")
    cmp = compare([scenario(n) for n in SCENARIOS], G, runs=s.runs, seed=s.seed)
    n_real = sum(1 for u in cmp.results[0].adoption_times(wide=True).index if str(u).startswith("m:"))
    extra = cmp.results[0].n - n_real
    s.table(f"Scenario comparison ({cmp.results[0].n} adopting units: {n_real} municipalities"
            f"{f' and {extra} anonymised ones' if extra else ''}; {cmp.results[0].runs} runs each, quarterly steps from "
            f"{cmp.results[0].curves()['date'].iloc[0]})",
            comparison_table(cmp))
    s.table("Mean adoptions per run by channel", channel_table(cmp), index=True)
    finals = {sc.name: r.final_share()["mean"] for sc, r in zip(cmp.scenarios, cmp.results)}
    s.answer("Final adopted share per scenario", [f"{k} {v:.1%}" for k, v in finals.items()])

    s.progress("finding the laggards by county and size class")
    s.heading("2. Who lags")
    outcomes = {sc.name: municipalities(G, unit_outcomes(r)) for sc, r in zip(cmp.scenarios, cmp.results)}
    base_name, base_res = cmp.scenarios[0].name, cmp.results[0]
    base = outcomes[base_name]
    s.table(f"Counties, most lagging first ({base_name})", group_table(base_res, base, "county_name"))
    s.table(f"Size classes, most lagging first ({base_name})", group_table(base_res, base, "size_class"))
    prob = pd.DataFrame({name: u.groupby("county_name")["adoption_probability"].mean().round(3)
                         for name, u in outcomes.items()})
    prob = prob.sort_values(base_name)
    s.table("Mean adoption probability per county in every scenario", prob.rename_axis(None), index=True)
    size = pd.DataFrame({name: u.groupby("size_class")["adoption_probability"].mean().round(3)
                         for name, u in outcomes.items()})
    s.table("Mean adoption probability per size class in every scenario", size.rename_axis(None), index=True)
    late = base.assign(_m=base["median_step"].astype("Float64").fillna(np.inf)) \
               .sort_values(["adoption_probability", "_m", "unit_id"], ascending=[True, False, True]).head(15)
    late = late[["unit_id", "name", "county_name", "size_class", "adoption_probability", "median_date", "main_channel"]]
    late["adoption_probability"] = late["adoption_probability"].round(3)
    s.table(f"The 15 most lagging municipalities ({base_name}: lowest adoption probability, then latest median)",
            late)
    county_rank = group_table(base_res, base, "county_name")
    size_rank = group_table(base_res, base, "size_class")
    s.answer(f"Most lagging county ({base_name})", county_rank["county_name"].iloc[0])
    s.answer(f"Most lagging size class ({base_name})", size_rank["size_class"].iloc[0])
    best = max(finals, key=finals.get)
    gain = (outcomes[best]["adoption_probability"].to_numpy() - base["adoption_probability"].to_numpy())
    s.answer(f"Municipalities gaining most from {best} vs {base_name}",
             ", ".join(outcomes[best].assign(g=gain).sort_values("g", ascending=False)["name"].head(5)))

    dirs = [s.write_result(r) for r in cmp.results]
    s.progress("writing the report, the playback and the map")
    s.write_page(scenario_report(dirs, title="komINN nationwide: three channel mixes"), "report.html")
    s.write_page(diffusion_playback(dirs[0], title="komINN nationwide: mixed channels"), "playback.html")
    s.write_page(network_explorer(G, kind=["Municipality", "County"], geo=True,
                                  title="All municipalities and counties"), "map.html")

    neo4j_step(s, [Check("komINN in the data: municipalities per county", "county-adoption",
                         {"innovation": "inn:kominn"})], dirs)
    s.finish()
    return 0


if __name__ == "__main__":
    main_wrapper(main)
