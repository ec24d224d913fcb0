"""Study 002 — KS's innovation tools in ten municipalities (Kommune A–J).

Research question: which KS tools did the ten municipalities take up, how deeply, when and through
which channel; and does the national welfare-technology programme explain why Samveis reached 200+
municipalities while SLIK, with no programme behind it, found no users?

Prints: the adoption matrix of KS tools × Kommune A–J (status/depth/period/channel); the thesis's
facts from the data; a calibration of the Samveis/SLIK scenarios against the thesis's observations
(fitted values, goodness of fit, simulated national Samveis count vs ≥ 200, SLIK adopters ≈ 0).
Writes: ``report.html`` (Samveis vs SLIK), ``playback.html`` (Samveis), ``results/<scenario>/``.

Calibration (documented fit).  Two parameters are fitted:
``channels.programme.recruit`` (how fast the welfare-technology programme recruits municipalities,
Samveis only) and ``channels.peers.adoption`` (peer persuasion, shared by both tools).  Observations,
all read from the data: (a) Samveis used by at least 200 municipalities nationally in 2018 (the
observation's lower bound is used as the target, as ``innosys calibrate`` does); (b) which of the ten
sample municipalities used Samveis 2015–2018 (all small and medium ones, none of the large ones);
(c) no SLIK user among the ten.  Objective, evaluated at 2018-12 on common random numbers:
``z²/2 + NLL_samveis + NLL_slik`` with ``z = (mean national count − 200) / sd over runs`` and
NLL the Bernoulli negative log-likelihood of the ten municipalities' outcomes (probabilities clipped
to 1–99 %).  Step 1 searches a grid of both parameters with the engine's ``sweep``; step 2 refines the
recruitment rate with ``innosys.diffusion.calibrate`` (Nelder–Mead, parametric bootstrap) on the
national count, with peer persuasion held at the grid optimum.  Both scenarios then run with the
fitted values.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from _common import (  # noqa: E402
    Check,
    adopted_by,
    adoption_rows,
    comparison_table,
    count_by,
    main_wrapper,
    name_of,
    neo4j_step,
    period,
    scenario,
    start,
)

STUDY = "t002_ks_tools"
QUESTION = ("Which KS tools did Kommune A-J take up, how, when and through which channel; and does the national "
            "welfare-technology programme explain why Samveis reached 200+ municipalities while SLIK found no users?")
TEN = tuple(f"t002:kommune-{c}" for c in "abcdefghij")
SAMVEIS, SLIK = "inn:samveis", "inn:slik"
USED = ("adopted", "piloted")
AT = "2018-12"  # the thesis's interviews and the national count are from 2018
GRID = {"channels.programme.recruit": [0.02, 0.04, 0.07, 0.1, 0.15, 0.22],
        "channels.peers.adoption": [0.01, 0.03, 0.06, 0.12, 0.24]}


def ks_tools(G, sample) -> list[str]:
    """Innovations KS developed that the sample has adoption records for (plus komINN if present)."""
    developed = {v for _, v, t in G.out_edges("ks", data="type") if t == "DEVELOPED"} if "ks" in G else set()
    used = {v for u, v, t in G.edges(data="type") if t == "ADOPTED" and u in sample}
    tools = sorted(developed & used)
    return tools + (["inn:kominn"] if "inn:kominn" in G and "inn:kominn" not in tools else [])


def adoption_matrix(G, rows: pd.DataFrame, tools, sample) -> pd.DataFrame:
    def cell(df):
        parts = []
        for r in df.itertuples():
            text = r.status + (f"/{r.depth}" if isinstance(r.depth, str) else "")
            p = period(r.year_start, r.year_end)
            text += f" {p}" if p else ""
            if isinstance(r.channel, str):
                text += f" ({r.channel})"
            parts.append(text)
        return "; ".join(parts)

    out = []
    for u in sample:
        rec = {"municipality": name_of(G, u), "size": G.nodes[u].get("size_class")}
        for t in tools:
            rec[name_of(G, t)] = cell(rows[(rows.adopter_id == u) & (rows.innovation_id == t)]) or "-"
        out.append(rec)
    return pd.DataFrame(out)


def sample_outcomes(G, rows: pd.DataFrame, innovation: str, sample, by_year: int) -> pd.Series:
    """1 where the data shows the municipality using the innovation (adopted/piloted) by ``by_year``."""
    r = rows[(rows.innovation_id == innovation) & rows.status.isin(USED)]
    r = r[r.year_start.isna() | (r.year_start.astype(float) <= by_year)]
    return pd.Series({u: int(u in set(r.adopter_id)) for u in sample}, name=innovation)


def national_target(G) -> dict:
    for rec in G.graph.get("observations", []):
        if rec.get("innovation_id") == SAMVEIS and str(rec.get("metric", "")).startswith("adopting_municipalities"):
            return rec
    raise ValueError("the data has no observation of the number of municipalities using Samveis "
                     "(metric adopting_municipalities_*); study 002 needs the t002 part of the dataset")


def nll(y: pd.Series, p: pd.Series) -> float:
    p = p.reindex(y.index).fillna(0.0).clip(0.01, 0.99)
    return float(-(y * np.log(p) + (1 - y) * np.log(1 - p)).sum())


def main(argv: list[str] | None = None) -> int:
    from innosys.diffusion import calibrate, compare, load_scenario, run_settings, sweep
    from innosys.viz import diffusion_playback, scenario_report

    s = start(STUDY, QUESTION, argv, default_runs=100, steps=6)
    G = s.G
    sample = [u for u in TEN if u in G]
    if len(sample) < len(TEN) or SAMVEIS not in G or SLIK not in G:
        raise ValueError("study 002 needs Kommune A-J, Samveis and SLIK (the t002 part of the dataset)")

    # 1. The adoption matrix ---------------------------------------------------------------------
    s.progress("building the adoption matrix of KS tools × Kommune A–J")
    s.heading("1. KS tools in Kommune A–J (data)")
    tools = ks_tools(G, sample)
    rows = adoption_rows(G, tools, sample)
    long = rows.assign(size=[G.nodes[u].get("size_class") for u in rows.adopter_id],
                       period=[period(a, b) for a, b in zip(rows.year_start, rows.year_end)])
    s.table("Adoption matrix (status/depth period (channel); '-' = no record)",
            adoption_matrix(G, rows, tools, sample))
    s.table("The same records, one per row", long[["adopter", "size", "innovation", "status", "depth", "period",
                                                   "channel", "via", "confidence", "source", "lines"]])
    y_sam = sample_outcomes(G, rows, SAMVEIS, sample, 2018)
    y_slik = sample_outcomes(G, rows, SLIK, sample, 2018)
    size = pd.Series({u: G.nodes[u].get("size_class") for u in sample})
    sm = [u for u in sample if size[u] in ("small", "medium")]
    large = [u for u in sample if size[u] == "large"]
    s.answer("Samveis users 2015–2018 among the small/medium sample municipalities (data)",
             f"{int(y_sam[sm].sum())} of {len(sm)} ({', '.join(name_of(G, u) for u in sm if y_sam[u])})")
    s.answer("Samveis users 2015–2018 among the large sample municipalities (data)",
             f"{int(y_sam[large].sum())} of {len(large)}")
    s.answer("SLIK users among the ten (data)", f"{int(y_slik.sum())} of {len(sample)}")
    obs = pd.DataFrame([r for r in G.graph.get("observations", [])
                        if r.get("innovation_id") in (SAMVEIS, SLIK) or r.get("subject_id") in (SAMVEIS, SLIK)])
    if len(obs):
        s.table("The thesis's figures on Samveis and SLIK (observations)",
                obs[["id", "metric", "value", "qualifier", "year", "source", "lines"]])
    target = national_target(G)
    goal = float(target["value"])

    # 2. Calibration -----------------------------------------------------------------------------
    s.progress(f"calibrating: grid of {len(GRID['channels.programme.recruit']) * len(GRID['channels.peers.adoption'])} "
               "parameter pairs on common random numbers")
    s.heading("2. Calibration against the thesis's observations")
    sam = load_scenario(scenario("t002_samveis_programme"))
    slik = load_scenario(scenario("t002_slik_no_programme"))
    _, seed = run_settings(sam, seed=s.seed)     # both scenarios share Samveis's seed (common random numbers)
    grid_sam = sweep(sam, GRID, G, runs=s.runs, seed=seed)
    grid_slik = sweep(slik, {"channels.peers.adoption": GRID["channels.peers.adoption"]}, G, runs=s.runs, seed=seed)
    slik_p = {c["channels.peers.adoption"]: adopted_by(r, AT, sample).mean() for c, r in zip(grid_slik.combos,
                                                                                          grid_slik.results)}
    fit_rows = []
    for c, r in zip(grid_sam.combos, grid_sam.results):
        n = count_by(r, AT)
        z = (n.mean() - goal) / max(float(n.std()), 1.0)
        p = adopted_by(r, AT, sample).mean()
        terms = {"z2/2": z * z / 2, "nll_samveis": nll(y_sam, p), "nll_slik": nll(y_slik, slik_p[c["channels.peers.adoption"]])}
        fit_rows.append({**c, f"samveis_by_{AT}": round(float(n.mean()), 1), **{k: round(v, 3) for k, v in terms.items()},
                         "objective": round(sum(terms.values()), 3)})
    fits = pd.DataFrame(fit_rows).sort_values(["objective", "channels.programme.recruit"]).reset_index(drop=True)
    s.table("Grid search (best 8 of the grid; lower objective = better fit)", fits.head(8))
    best = fits.iloc[0]
    peers = float(best["channels.peers.adoption"])

    s.progress("refining the programme's recruitment rate with innosys.diffusion.calibrate")
    observed = pd.DataFrame({"date": [AT], "count": [goal]})
    cal = calibrate(sam.with_params({"channels.peers.adoption": peers,
                                     "channels.programme.recruit": float(best["channels.programme.recruit"])}),
                    observed, G, params=["channels.programme.recruit"], runs=s.runs, seed=seed,
                    bootstrap=4, maxiter=20)
    s.table("calibrate(): programme recruitment fitted to the national count (peers held at the grid optimum)",
            cal.params.round(4))
    s.table("calibrate(): fit at the observed date", cal.fit.round(2))
    s.answer("calibrate() goodness of fit", ", ".join(f"{k}={v:.3g}" if isinstance(v, float) else f"{k}={v}"
                                                     for k, v in cal.gof.items() if v is not None))
    recruit = float(cal.params.loc[0, "value"])
    fitted = {"channels.programme.recruit": recruit, "channels.peers.adoption": peers}
    s.answer("Fitted values", ", ".join(f"{k} = {v:.4f}" for k, v in fitted.items()))

    # 3. Fitted model vs the observations ---------------------------------------------------------
    s.progress("simulating Samveis and SLIK with the fitted values")
    s.heading("3. The fitted model against every observation")
    cmp = compare([sam.with_params(fitted), slik.with_params({"channels.peers.adoption": peers})], G,
                  runs=s.runs, seed=seed)
    r_sam, r_slik = cmp.results
    n_sam, n_slik = count_by(r_sam, AT), count_by(r_slik, AT)
    p_sam, p_slik = adopted_by(r_sam, AT, sample).mean(), adopted_by(r_slik, AT, sample).mean()

    def band(a):
        return f"{a.mean():.1f} ({np.quantile(a, 0.05):.0f}–{np.quantile(a, 0.95):.0f})"

    gof = pd.DataFrame([
        {"observation": f"Samveis: municipalities using it nationally by {AT}", "thesis": f"at least {goal:.0f}",
         "simulated mean (5–95 %)": band(n_sam)},
        {"observation": "Samveis: small/medium sample municipalities using it 2015–2018",
         "thesis": f"{int(y_sam[sm].sum())} of {len(sm)}", "simulated mean (5–95 %)": f"{p_sam[sm].sum():.1f} expected"},
        {"observation": "Samveis: large sample municipalities using it 2015–2018",
         "thesis": f"{int(y_sam[large].sum())} of {len(large)}",
         "simulated mean (5–95 %)": f"{p_sam[large].sum():.1f} expected"},
        {"observation": "SLIK: sample municipalities using it", "thesis": f"{int(y_slik.sum())} of {len(sample)}",
         "simulated mean (5–95 %)": f"{p_slik.sum():.2f} expected"},
        {"observation": f"SLIK: municipalities using it nationally by {AT}", "thesis": "no users found (sample)",
         "simulated mean (5–95 %)": band(n_slik)},
    ])
    s.table("Goodness of fit: thesis observations vs the fitted model", gof)
    brier = float(((p_sam - y_sam) ** 2).mean() + ((p_slik - y_slik) ** 2).mean()) / 2
    s.answer("Brier score of the sample outcomes (0 = perfect, 0.25 = coin toss)", f"{brier:.3f}")
    per = pd.DataFrame({"municipality": [name_of(G, u) for u in sample], "size": size.values,
                        "Samveis (data)": y_sam.values, f"P(Samveis by {AT})": p_sam.reindex(sample).round(2).values,
                        "SLIK (data)": y_slik.values, f"P(SLIK by {AT})": p_slik.reindex(sample).round(2).values})
    s.table("The ten sample municipalities: data vs simulated probability", per)
    s.answer(f"Simulated national Samveis adopters by {AT}", f"{n_sam.mean():.1f} (5–95 %: {np.quantile(n_sam, 0.05):.0f}"
             f"–{np.quantile(n_sam, 0.95):.0f}); thesis: at least {goal:.0f}")
    s.answer(f"Simulated national SLIK adopters by {AT}", f"{n_slik.mean():.1f} (5–95 %: {np.quantile(n_slik, 0.05):.0f}"
             f"–{np.quantile(n_slik, 0.95):.0f}); thesis: no users in the sample")
    s.table("Samveis through the programme vs SLIK without a channel (whole horizon)", comparison_table(cmp))
    dirs = [s.write_result(r) for r in cmp.results]
    s.progress("writing the report and the playback")
    s.write_page(scenario_report(dirs, title="Thesis 002: Samveis with the programme vs SLIK without (calibrated)"),
                 "report.html")
    s.write_page(diffusion_playback(dirs[0], title="Samveis through the welfare-technology programme (calibrated)"),
                 "playback.html")

    def only_ten(df: pd.DataFrame) -> pd.DataFrame:
        return df[df["adopter_id"].isin(sample)].reset_index(drop=True)

    neo4j_step(s, [Check("Samveis in Kommune A–J", "adopters", {"innovation": SAMVEIS}, only_ten),
                   Check("SLIK in Kommune A–J", "adopters", {"innovation": SLIK}, only_ten)], dirs)
    s.finish()
    return 0


if __name__ == "__main__":
    main_wrapper(main)
