"""The diffusion model: compile a scenario over a population, then run vectorised ensembles.

State per unit and run (units × runs matrices, runs as columns)::

    0 unaware -> 1 aware (knowledge, undecided) -> 2 adopted -> 4 discontinued
                         \\-> 3 rejected (deferred/declined) -> 1 (reconsider)

Each step, from the state at the end of the previous step:

1. channels update their own state (pick-ups, collective decisions, events);
2. unaware units become aware with probability 1 - exp(-sum of awareness hazards);
3. aware units adopt with probability 1 - exp(-m * (sum of adoption hazards + own initiative)),
   where m = attribute multiplier × exp(effect × latent innovativeness); under the
   ``threshold`` rule interpersonal channels instead trigger adoption when the
   exposure reaches the unit's threshold; collective channels onboard members;
4. aware units may reject, rejecting units may reconsider, adopters may discontinue.

The channel that caused each awareness and adoption is drawn in proportion
to the hazards (competing risks) and recorded.

Randomness: runs are grouped into blocks of :data:`RUN_BLOCK`; each block
and each purpose (latent scores, awareness, adoption, ..., each channel) has
its own stream ``SeedSequence(seed, spawn_key=(block, purpose))``.  Workers
and batches are unions of whole blocks, so the numbers never depend on
``workers``; scenarios that share a seed share their streams (common random
numbers).
"""

from __future__ import annotations

import math
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

import numpy as np
from scipy.special import ndtr, ndtri

from innosys import schema
from innosys.diffusion.channels import CHANNEL_CLASSES, THRESHOLD_EPS, hazards, step_prob
from innosys.diffusion.population import Population, build_population, unit_adoptions
from innosys.diffusion.scenario import Scenario, ScenarioError, ScenarioProblem, check_ids
from innosys.diffusion.state import (
    ADOPTED,
    AWARE,
    CAUSES,
    CODE_OWN,
    CODE_SEED,
    DISCONTINUED,
    FIRST_CHANNEL,
    REJECTED,
    UNAWARE,
)
from innosys.diffusion.timeline import STEP_MONTHS, step_dates, to_step

#: runs per random stream block (fixed: changing it changes the numbers)
RUN_BLOCK = 32
#: event-driven threshold kernel: one sparse product instead of gathering once the new adopters'
#: ties exceed nnz / DENSE_DIVISOR
DENSE_DIVISOR = 16
#: target number of unit×run cells per computing batch
BATCH_CELLS = 40_000

P_LATENT, P_AWARE, P_ADOPT, P_OTHER, P_SEEDS = 1, 2, 3, 4, 5



@dataclass
class Regime:
    """Numeric parameters in force during some steps (interventions switch regimes)."""

    M: np.ndarray          # attribute multiplier per unit
    gamma: float           # innovativeness effect
    own: np.ndarray        # own-initiative adoption hazard per unit
    rej: np.ndarray        # per-step probabilities per unit
    recon: np.ndarray
    disc: np.ndarray
    ch: list[dict]


@dataclass
class Model:
    """A scenario compiled over a population (see :func:`build_model`)."""

    scenario: Scenario
    population: Population
    steps: int
    start: str
    step: str
    rule: str
    rate_scale: float
    require_awareness: bool
    notes: list[str] = field(default_factory=list)
    channels: list = field(default_factory=list)
    regimes: list[Regime] = field(default_factory=list)
    regime_at: np.ndarray | None = None
    z_shift: np.ndarray | None = None
    theta: np.ndarray | None = None          # fixed thresholds (nan = from latent score)
    seed_adopt: np.ndarray | None = None
    seed_aware: np.ndarray | None = None
    random_adopters: int = 0
    random_aware: int = 0
    pulses: dict = field(default_factory=dict)   # step -> (adopt mask, aware mask)
    innovation_id: str | None = None
    innovation_name: str = ""
    attributes: dict = field(default_factory=dict)

    # -- helpers used while compiling ------------------------------------------------------------
    def note(self, msg: str) -> None:
        if msg not in self.notes:
            self.notes.append(msg)

    def to_step(self, value) -> int:
        return min(to_step(value, self.start, self.step), self.steps + 1)

    def by_size(self, value, fallback: float = 0.0) -> np.ndarray:
        """Per-unit values of a number or a {small, medium, large, default} table."""
        n = self.population.n
        if not isinstance(value, dict):
            return np.full(n, float(value))
        d = value.get("default", fallback)
        return np.array([value.get(s, d) if s else d for s in self.population.attribute("size_class")],
                        dtype=float)

    @property
    def n(self) -> int:
        return self.population.n

    @property
    def dates(self) -> list[str]:
        return step_dates(self.start, self.step, self.steps)

    @property
    def codes(self) -> list[tuple[str, str]]:
        """(name, schema channel label) of every attribution code."""
        return [(c, c) for c in CAUSES] + [(c.name, c.label) for c in self.channels]

    @property
    def quiet_stop(self) -> bool:
        """True when a step without change means nothing can change any more."""
        v = self.__dict__.get("_quiet")
        if v is None:
            v = self.__dict__["_quiet"] = self._quiet_stop()
        return v

    def _quiet_stop(self) -> bool:
        if self.rule != "threshold" or len(self.regimes) != 1 or self.pulses:
            return False
        r = self.regimes[0]
        if r.own.any() or r.rej.any() or r.recon.any() or r.disc.any():
            return False
        for c, p in zip(self.channels, r.ch):
            if not c.influence or c.start > 1 or c.end < self.steps:
                return False
            if p["aw"] > 0 and not isinstance(self.seed_aware, str):
                return False
        return True

    @property
    def event_driven(self) -> bool:
        """A pure linear-threshold configuration that the event-driven kernel can run: one
        interpersonal channel over direct ties only, nothing random after step 0.  It gives the
        same numbers as the general kernel, with work proportional to the ties of new adopters."""
        v = self.__dict__.get("_event")
        if v is None:
            v = self.__dict__["_event"] = self._event_driven()
        return v

    def _event_driven(self) -> bool:
        if not self.quiet_stop or len(self.channels) != 1:
            return False
        c = self.channels[0]
        return (c.type in ("interpersonal", "homophily") and c.P is not None and c.B is None and c.w_all == 0
                and c.targets is None and c.src is None)


# ---------------------------------------------------------------------------
# Compiling
# ---------------------------------------------------------------------------

def build_model(scenario: Scenario, data=None) -> Model:
    """Compile ``scenario`` over ``data``: the innosys graph (default: the shipped data),
    a :class:`Population`, or any networkx graph (every node a unit, layer ``graph``).

    Raises :class:`ScenarioError` naming file and key for ids missing from the data.
    """
    import networkx as nx

    d = scenario.data
    if data is None:
        from innosys.graph import load_graph

        data = load_graph()
    if isinstance(data, Population):
        pop = data
    elif isinstance(data, nx.Graph) and any(k in schema.ACTOR_KINDS for _, k in data.nodes(data="kind")):
        check_ids(scenario, data)
        p = d["population"]
        pop = build_population(data, p["kinds"], p.get("include", []), p.get("exclude", []), p.get("counties"),
                               p.get("members_of"), anonymised=p.get("anonymised", True))
    elif isinstance(data, nx.Graph):
        pop = Population.from_networkx(data)
    else:
        raise TypeError("data must be an innosys graph, a networkx graph or a Population")
    check_ids(scenario, pop.nodes if pop.graph is None else pop.graph, units=set(pop.index)
              if not hasattr(pop.index, "n") else None)
    if pop.n == 0:
        raise ScenarioError([ScenarioProblem(scenario.file, "population.kinds",
                                             "no adopting units of these kinds in the data")])

    inn = d["innovation"]
    node = {}
    if "id" in inn and pop.graph is not None and inn["id"] in pop.graph:
        node = pop.graph.nodes[inn["id"]]
    start = d["time"].get("start")
    if start is None:
        launched = node.get("launched")
        if not launched:
            raise ScenarioError([ScenarioProblem(scenario.file, "time.start",
                                                 "is required (the innovation has no launch date in the data)")])
        start = f"{str(launched)[:4]}-{str(launched)[5:7] or '01'}" if len(str(launched)) >= 7 else f"{launched}-01"
    model = Model(
        scenario=scenario, population=pop, steps=d["time"]["steps"], start=start, step=d["time"]["step"],
        rule=d["adoption"]["rule"],
        rate_scale=(STEP_MONTHS[d["time"]["step"]] / 12.0) if d["time"]["rates"] == "per_year" else 1.0,
        require_awareness=d["adoption"]["require_awareness"],
        innovation_id=inn.get("id"), innovation_name=inn.get("name") or str(node.get("name", inn.get("id", ""))),
    )
    model.attributes = {a: (inn[a] if a in inn else node.get(a, 0.5)) for a in schema.INNOVATION_ATTRIBUTES}
    for a in schema.INNOVATION_ATTRIBUTES:
        if a not in inn and a not in node:
            model.note(f"innovation.{a}: not in the data or the scenario; neutral 0.5 used")

    for code, (name, spec) in enumerate(d["channels"].items(), start=FIRST_CHANNEL):
        model.channels.append(CHANNEL_CLASSES[spec["type"]](name, spec, model, code))

    _compile_latent(model)
    _compile_seeds(model)
    _compile_regimes(model)
    return model


def _compile_latent(model: Model) -> None:
    pop, spec = model.population, model.scenario.data["innovativeness"]
    n = pop.n
    z = model.by_size(spec.get("size_class", {}), fallback=0.0) if spec.get("size_class") else np.zeros(n)
    if spec.get("log_population") and pop.population is not None:
        lp = np.log10(np.where(pop.population > 0, pop.population, np.nan))
        if np.isfinite(lp).any():
            z = z + spec["log_population"] * np.nan_to_num(lp - np.nanmean(lp), nan=0.0)
    if spec.get("network_membership"):
        z = z + spec["network_membership"] * np.log1p(pop.memberships())
    if spec.get("absorptive_capacity"):
        k = getattr(pop, "knowledge_ties", np.zeros(n))
        z = z + spec["absorptive_capacity"] * np.log1p(k)
    for u, s in spec.get("units", {}).items():
        z[pop.index[u]] += s
    model.z_shift = z
    ad = model.scenario.data["adoption"]
    theta = np.full(n, np.nan)
    if "theta" in ad:
        theta[:] = ad["theta"]
    for u, v in ad.get("thresholds", {}).items():
        theta[pop.index[u]] = v
    model.theta = theta


def _compile_seeds(model: Model) -> None:
    pop, s = model.population, model.scenario.data["seeds"]
    model.seed_adopt = pop.unit_mask(s.get("adopters", []))
    model.seed_aware = "all" if s.get("aware") == "all" else pop.unit_mask(s.get("aware", []))
    model.random_adopters = s.get("random_adopters", 0)
    model.random_aware = s.get("random_aware", 0)
    if model.innovation_id and pop.graph is not None and model.innovation_id in pop.graph:
        G = pop.graph
        y0 = int(model.start[:4])
        if s.get("from_data"):
            for row in unit_adoptions(G, pop, model.innovation_id):
                ys = row.get("year_start")
                if ys is not None and int(ys) > y0:
                    continue
                if row.get("status") in ("adopted", "piloted"):
                    model.seed_adopt[pop.index[row["unit"]]] = True
                elif row.get("status") == "aware" and not isinstance(model.seed_aware, str):
                    model.seed_aware[pop.index[row["unit"]]] = True
        if s.get("developers", "none") != "none":
            for u, _, t in G.in_edges(model.innovation_id, data="type"):
                if t == "DEVELOPED" and u in pop.index:
                    if s["developers"] == "adopted":
                        model.seed_adopt[pop.index[u]] = True
                    elif not isinstance(model.seed_aware, str):
                        model.seed_aware[pop.index[u]] = True
    for iv in model.scenario.data.get("interventions", []):
        if iv.get("add_adopters") or iv.get("add_aware"):
            t = max(1, model.to_step(iv["start"]))
            a, w = model.pulses.get(t, (np.zeros(pop.n, bool), np.zeros(pop.n, bool)))
            model.pulses[t] = (a | pop.unit_mask(iv.get("add_adopters", [])), w | pop.unit_mask(iv.get("add_aware", [])))


def _numeric(model: Model, data: dict) -> Regime:
    inn, ad = data["innovation"], data["adoption"]
    weights = ad.get("attribute_weights", {})
    expo = np.zeros(model.n)
    for a in schema.INNOVATION_ATTRIBUTES:
        base = model.attributes[a]
        default = base.get("default", 0.5) if isinstance(base, dict) else base
        v = inn.get(a, model.attributes[a])
        x = model.by_size(v, fallback=default if default is not None else 0.5)
        sign = -1.0 if a == "complexity" else 1.0
        expo += weights.get(a, 1.0) * sign * (x - 0.5)
    sc = model.rate_scale
    chans = []
    for c in model.channels:
        chans.append(c.numeric(data["channels"][c.name], model))
    return Regime(
        M=np.exp(expo), gamma=data["innovativeness"]["effect"],
        own=hazards(model.by_size(ad["own_initiative"]), sc),
        rej=step_prob(model.by_size(ad["rejection"]), sc), recon=step_prob(model.by_size(ad["reconsider"]), sc),
        disc=step_prob(model.by_size(ad["discontinuance"]), sc), ch=chans,
    )


def _compile_regimes(model: Model) -> None:
    sc = model.scenario
    ivs = sc.data.get("interventions", [])
    spans = [(model.to_step(iv["start"]), model.to_step(iv["end"]) if "end" in iv else model.steps) for iv in ivs]
    keys = []
    at = np.zeros(model.steps + 1, dtype=np.int32)
    for t in range(model.steps + 1):
        active = tuple(i for i, (a, b) in enumerate(spans) if a <= t <= b and ivs[i].get("set"))
        if active not in keys:
            keys.append(active)
        at[t] = keys.index(active)
    for active in keys:
        params = {}
        for i in active:
            params.update(ivs[i]["set"])
        data = sc.with_params(params).data if params else sc.data
        model.regimes.append(_numeric(model, data))
    model.regime_at = at


# ---------------------------------------------------------------------------
# Running
# ---------------------------------------------------------------------------

class Batch:
    """The state of a batch of runs (whole stream blocks) while it is simulated."""

    def __init__(self, model: Model, blocks: list[int], widths: list[int], seed: int):
        self.model = model
        self.n = model.n
        self.R = int(sum(widths))
        self.blocks, self.widths, self.seed = blocks, widths, seed
        self._gens: dict[int, list[np.random.Generator]] = {}
        self.state: dict = {}

    def _generators(self, purpose: int) -> list[np.random.Generator]:
        g = self._gens.get(purpose)
        if g is None:
            g = [np.random.Generator(np.random.PCG64(np.random.SeedSequence(self.seed, spawn_key=(b, purpose))))
                 for b in self.blocks]
            self._gens[purpose] = g
        return g

    def random(self, purpose: int, rows: int, dtype=np.float64) -> np.ndarray:
        return self._fill(purpose, rows, lambda g, shape: g.random(shape, dtype=dtype), dtype)

    def _fill(self, purpose: int, rows: int, draw, dtype=np.float64) -> np.ndarray:
        gens = self._generators(purpose)
        if len(gens) == 1:
            return draw(gens[0], (rows, self.widths[0]))
        out = np.empty((rows, self.R), dtype=dtype)
        k = 0
        for g, w in zip(gens, self.widths):
            out[:, k:k + w] = draw(g, (rows, w))
            k += w
        return out

    def normal(self, purpose: int, rows: int) -> np.ndarray:
        return self._fill(purpose, rows, lambda g, shape: g.standard_normal(shape))

    def exponential(self, purpose: int, rows: int) -> np.ndarray:
        return self._fill(purpose, rows, lambda g, shape: g.standard_exponential(shape))


def _sum_parts(parts):
    """Sum hazards, adding the (n, 1) columns first (cheap) and the full matrices after."""
    cols = [h for _, h in parts if h.ndim == 2 and h.shape[1] == 1]
    full = [h for _, h in parts if not (h.ndim == 2 and h.shape[1] == 1)]
    col = None
    for h in cols:
        col = h if col is None else col + h
    tot = None
    for h in full:
        tot = h if tot is None else tot + h
    if tot is None:
        return col
    return tot if col is None else tot + col


def _take(h, rows, flat):
    """Values of hazard ``h`` ((n, 1) column or C-contiguous (n, R) matrix) at the event cells."""
    if h.shape[1] == 1:
        return h[rows, 0]
    return h.ravel()[flat] if h.flags.c_contiguous else h[rows, flat % h.shape[1]]


def _attribute(E, lam, rows, flat, parts, scale=None):
    """Channel code of each event whose exponential clock passed its threshold in this step.

    The uniform v = (1 - exp(-(E - before))) / (1 - exp(-h)) is independent of which part caused
    the event; the code is the part whose cumulative hazard share first exceeds v.
    """
    k = len(parts)
    cum = np.empty((k, len(rows)))
    for i, (_, h) in enumerate(parts):
        cum[i] = _take(h, rows, flat)
        if i:
            cum[i] += cum[i - 1]
    h = cum[-1] if scale is None else cum[-1] * _take(scale, rows, flat)
    before = lam.ravel()[flat] - h
    v = np.expm1(before - E.ravel()[flat])
    v /= np.expm1(-h)
    np.minimum(v, 1.0 - 1e-12, out=v)
    v *= cum[-1]
    which = (cum <= v).sum(axis=0)
    np.minimum(which, k - 1, out=which)
    return np.array([c for c, _ in parts], dtype=np.int8)[which]


def _choose_random(b: Batch, k: int, pool: np.ndarray, purpose: int) -> np.ndarray:
    """(n, R) mask of k units per run drawn uniformly from ``pool``."""
    n, R = b.n, b.R
    key = b.random(purpose, n)
    key[~pool] = 2.0
    k = min(k, int(pool.sum()))
    out = np.zeros((n, R), dtype=bool)
    if k <= 0:
        return out
    part = np.argpartition(key, k - 1, axis=0)[:k]
    np.put_along_axis(out, part, True, axis=0)
    return out


def run_batch(model: Model, blocks: list[int], widths: list[int], seed: int) -> dict:
    """Simulate the runs of ``blocks`` (each of ``widths`` runs); returns units × runs arrays.

    Awareness and adoption use exponential clocks: each unit and run draws one Exp(1)
    threshold per transition; the transition happens in the step where the accumulated
    hazard passes it.  This is the same law as independent per-step draws with probability
    1 - exp(-hazard), and it couples runs of different scenarios monotonically.
    """
    b = Batch(model, blocks, widths, seed)
    n, R, T = b.n, b.R, model.steps
    S = np.zeros((n, R), dtype=np.int8)
    aware_step = np.full((n, R), -1, dtype=np.int16)
    adopted_step = np.full((n, R), -1, dtype=np.int16)
    rejected_step = np.full((n, R), -1, dtype=np.int16)
    disc_step = np.full((n, R), -1, dtype=np.int16)
    aware_ch = np.full((n, R), -1, dtype=np.int8)
    adopted_ch = np.full((n, R), -1, dtype=np.int8)
    b.S = S

    # latent innovativeness: z = shift + Phi^-1(1 - u), u uniform (one stream), so that the
    # threshold Phi(-z) is u itself when there is no shift (the standard random linear threshold)
    z = u = None
    theta = None
    if model.rule == "threshold":
        fixed = ~np.isnan(model.theta)
        if fixed.all():
            theta = np.broadcast_to(model.theta[:, None], (n, R))
        else:
            u = b.random(P_LATENT, n)
            if model.z_shift.any():
                z = model.z_shift[:, None] + ndtri(1.0 - np.clip(u, 1e-16, 1 - 1e-16))
                theta = ndtr(-z)
            else:
                theta = u
            if fixed.any():
                theta = np.where(fixed[:, None], model.theta[:, None], theta)
    if z is None and not model.event_driven:
        if u is None:
            u = b.random(P_LATENT, n)
        z = model.z_shift[:, None] + ndtri(1.0 - np.clip(u, 1e-16, 1 - 1e-16))

    # step 0: seeds
    adopt0 = np.repeat(model.seed_adopt[:, None], R, axis=1)
    if model.random_adopters:
        adopt0 |= _choose_random(b, model.random_adopters, ~model.seed_adopt, P_SEEDS)
    if isinstance(model.seed_aware, str):
        aware0 = np.ones((n, R), dtype=bool)
    else:
        aware0 = np.repeat(model.seed_aware[:, None], R, axis=1)
    if model.random_aware:
        aware0 |= _choose_random(b, model.random_aware, ~model.seed_adopt, P_SEEDS + 100)
    S[aware0] = AWARE
    S[adopt0] = ADOPTED
    aware_step[aware0 | adopt0] = 0
    aware_ch[aware0 | adopt0] = CODE_SEED
    adopted_step[adopt0] = 0
    adopted_ch[adopt0] = CODE_SEED

    chans = model.channels
    if theta is not None and model.event_driven:
        _threshold_events(model, b, theta, S, aware_step, adopted_step, aware_ch, adopted_ch)
        out = {"aware_step": aware_step, "adopted_step": adopted_step, "rejected_step": rejected_step,
               "discontinued_step": disc_step, "aware_channel": aware_ch, "adopted_channel": adopted_ch}
        if z is not None:
            out["latent"] = z.astype(np.float32)
        return out
    b.A = adopt0.astype(np.float64)
    for c in chans:
        c.begin(b)
    infl = [c for c in chans if c.influence]
    E_aw = E_ad = lam_aw = lam_ad = None
    ME_cache: dict[int, np.ndarray] = {}
    quiet = model.quiet_stop
    for t in range(1, T + 1):
        ri = int(model.regime_at[t])
        reg = model.regimes[ri]
        act = [(c, reg.ch[i]) for i, c in enumerate(chans) if c.active(t)]
        for c, p in act:
            c.update(b, t, p)
        unaware = S == UNAWARE
        aware = S == AWARE
        changed = False

        # -- awareness: exponential clocks
        newA = None
        parts = []
        if unaware.any():
            for c, p in act:
                h = c.awareness(b, t, p)
                if h is not None:
                    parts.append((c.code, h))
        if parts:
            if E_aw is None:
                E_aw = b.exponential(P_AWARE, n)
                lam_aw = np.zeros((n, R))
            for _, h in parts:
                lam_aw += h
            newA = unaware & (lam_aw > E_aw)
            if newA.any():
                rows, cols = np.nonzero(newA)
                flat = rows * R + cols
                aware_ch[rows, cols] = _attribute(E_aw, lam_aw, rows, flat, parts)
                aware_step[rows, cols] = t
                changed = True
            else:
                newA = None

        # -- forced transitions (collective decisions) and intervention pulses
        f_adopt = f_reject = None
        f_code_adopt = None
        for c, p in act:
            f = c.forced(b, t, p)
            if f is None:
                continue
            _, fa, fr = f
            if fa is not None and fa.any():
                if f_adopt is None:
                    f_adopt, f_code_adopt = fa.copy(), np.where(fa, c.code, -1).astype(np.int8)
                else:
                    f_code_adopt[fa & ~f_adopt] = c.code
                    f_adopt |= fa
            if fr is not None and fr.any():
                f_reject = fr if f_reject is None else (f_reject | fr)
        pulse = model.pulses.get(t)
        if pulse is not None:
            pa = pulse[0][:, None] & ((S <= AWARE) | (S == REJECTED))   # a mandate: rejecters too
            if f_adopt is None:
                f_adopt, f_code_adopt = pa.copy(), np.where(pa, CODE_SEED, -1).astype(np.int8)
            else:
                f_code_adopt[pa & ~f_adopt] = CODE_SEED
                f_adopt |= pa
            pw = pulse[1][:, None] & (S == UNAWARE) & (aware_step < 0)
            if pw.any():
                aware_step[pw] = t
                aware_ch[pw] = CODE_SEED
                S[pw] = AWARE
                changed = True

        # -- adoption
        cand = aware if model.require_awareness else (aware | unaware)
        newD = None
        if cand.any():
            parts = []
            for c, p in act:
                h = c.adoption(b, t, p)
                if h is not None:
                    parts.append((c.code, h))
            if reg.own.any():
                parts.append((CODE_OWN, reg.own[:, None]))
            if parts:
                ME = ME_cache.get(ri)
                if ME is None:
                    E = np.exp(reg.gamma * z) if reg.gamma else np.ones((n, R))
                    ME = ME_cache[ri] = reg.M[:, None] * E
                H = _sum_parts(parts) * ME
                H *= cand
                if E_ad is None:
                    E_ad = b.exponential(P_ADOPT, n)
                    lam_ad = np.zeros((n, R))
                lam_ad += H
                newD = cand & (lam_ad > E_ad)
                if newD.any():
                    rows, cols = np.nonzero(newD)
                    flat = rows * R + cols
                    adopted_ch[rows, cols] = _attribute(E_ad, lam_ad, rows, flat, parts, scale=ME)
                else:
                    newD = None
            if theta is not None and infl:
                F = infl[0].exposure(b) if len(infl) == 1 else sum(c.exposure(b) for c in infl)
                trig = cand & (F + THRESHOLD_EPS >= theta)
                if newD is not None:
                    trig &= ~newD
                if trig.any():
                    idx = np.nonzero(trig)
                    if len(infl) == 1:
                        adopted_ch[idx] = infl[0].code
                    else:  # the interpersonal-type channel with the largest exposure
                        ex = np.stack([c.exposure(b)[idx] for c in infl])
                        adopted_ch[idx] = np.array([c.code for c in infl], dtype=np.int8)[ex.argmax(axis=0)]
                    newD = trig if newD is None else (newD | trig)
        if f_adopt is not None:
            fa = f_adopt & ((S <= AWARE) | (S == REJECTED))
            fa_only = fa & ~newD if newD is not None else fa
            newD = fa if newD is None else (newD | fa)
            adopted_ch[fa] = f_code_adopt[fa]
            # adopting through a collective decision implies awareness of it
            nw = fa_only & (aware_step < 0)
            if nw.any():
                aware_step[nw] = t
                aware_ch[nw] = f_code_adopt[nw]
        if newD is not None and newD.any():
            changed = True
            adopted_step[newD] = t
            nw = newD & (aware_step < 0)
            if nw.any():
                aware_step[nw] = t
                aware_ch[nw] = adopted_ch[nw]
        else:
            newD = None

        # -- rejection, reconsideration, discontinuance (per-step uniforms)
        newR = newC = newX = None
        draws = reg.rej.any() or reg.recon.any() or reg.disc.any()
        if draws or f_reject is not None:
            u3 = b.random(P_OTHER, n, np.float32) if draws else None
            if reg.rej.any():
                newR = aware & (u3 < reg.rej[:, None])
                if newD is not None:
                    newR &= ~newD
            if f_reject is not None:
                fr = f_reject & (S == AWARE)
                if newD is not None:
                    fr &= ~newD
                newR = fr if newR is None else (newR | fr)
            if reg.recon.any():
                newC = (S == REJECTED) & (u3 < reg.recon[:, None])
            if reg.disc.any():
                newX = (S == ADOPTED) & (u3 < reg.disc[:, None])
        # -- apply
        if newA is not None:
            S[newA] = AWARE
        if newR is not None and newR.any():
            rejected_step[newR & (rejected_step < 0)] = t
            S[newR] = REJECTED
            changed = True
        if newC is not None and newC.any():
            S[newC] = AWARE
            changed = True
        delta = None
        if newD is not None:
            S[newD] = ADOPTED
            delta = newD.astype(np.float64)
        if newX is not None and newX.any():
            S[newX] = DISCONTINUED
            disc_step[newX] = t
            delta = -newX.astype(np.float64) if delta is None else delta - newX
            changed = True
        if delta is not None:
            b.A += delta
            for c in infl:
                c.observe(b, delta)
        if quiet and not changed:
            break

    out = {"aware_step": aware_step, "adopted_step": adopted_step, "rejected_step": rejected_step,
           "discontinued_step": disc_step, "aware_channel": aware_ch, "adopted_channel": adopted_ch,
           "latent": z.astype(np.float32)}
    for c in chans:
        for k, v in c.outputs(b).items():
            out[f"{c.name}.{k}"] = v
    return out


def _threshold_events(model, b, theta, S, aware_step, adopted_step, aware_ch, adopted_ch) -> None:
    """Event-driven linear threshold: only the cells whose exposure grew are examined.

    Exposure increments come from the columns (in CSC form) of the new adopters; a cell
    adopts when its exposure reaches its threshold.  Same decisions as the general kernel.
    Internally cells are numbered run-major (run × n + unit) so that each run's cells are
    contiguous in memory; cells that cannot adopt (not eligible, or adopted) get an
    infinite threshold, so one comparison decides.
    """
    c = model.channels[0]
    Pc = c.Pc
    n, R = S.shape
    N = n * R
    if R == 1:
        St, th = S[:, 0], theta[:, 0]
    else:
        St = np.ascontiguousarray(S.T).ravel()
        th = np.ascontiguousarray(theta.T).ravel() if theta.strides[1] else np.tile(theta[:, 0], R)
    eligible = (St == AWARE) if model.require_awareness else (St <= AWARE)
    th = np.where(eligible, th - THRESHOLD_EPS, np.inf)
    F = np.zeros(N)
    new = np.flatnonzero(St == ADOPTED)
    zero = np.flatnonzero(th <= 0.0)                 # thresholds at zero trigger without exposure
    remaining = int(np.count_nonzero(eligible))
    indptr, indices, data = Pc.indptr, c.Pc_indices64, Pc.data
    degree = c.Pc_degree
    stamp = np.empty(N, dtype=np.int64)              # only read where written in the same step
    P = c.P
    dense_above = P.nnz * R // DENSE_DIVISOR
    done_cells, done_t = [], []
    for t in range(1, model.steps + 1):
        if R == 1:
            j = new
        else:
            r, j = np.divmod(new, n)
        counts = degree[j]
        total = int(counts.sum())
        if total > dense_above:
            # many new adopters: one sparse product over all cells is cheaper than gathering
            d = np.zeros(N)
            d[new] = 1.0
            F += (P @ d) if R == 1 else np.asarray(P @ d.reshape(R, n).T).T.ravel()
            new = np.flatnonzero(F >= th)
        else:
            if total:
                pos = np.repeat(indptr[j] - (np.cumsum(counts) - counts), counts)
                pos += np.arange(total)
                cells = indices[pos]
                if R > 1:
                    cells += np.repeat(r * n, counts)
                if N <= 8 * total:
                    F += np.bincount(cells, weights=data[pos], minlength=N)
                else:
                    np.add.at(F, cells, data[pos])
                if t == 1 and len(zero):
                    cells = np.concatenate([cells, zero])
            elif t == 1 and len(zero):
                cells = zero
            else:
                break
            hit = cells[F[cells] >= th[cells]]
            if len(hit) < 256:
                new = np.unique(hit)
            else:   # drop duplicates without sorting: keep the cells whose stamp survived
                k = np.arange(len(hit))
                stamp[hit] = k
                new = hit[stamp[hit] == k]
        if len(new) == 0:
            break
        th[new] = np.inf
        done_cells.append(new)
        done_t.append(t)
        remaining -= len(new)
        if remaining == 0:           # every cell that could adopt has adopted
            break
    if not done_cells:
        return
    cells = np.concatenate(done_cells)
    steps = np.repeat(np.array(done_t, dtype=np.int16), [len(x) for x in done_cells])
    if R == 1:
        flat = cells                       # (n, 1) arrays: the unit index is the flat index
    else:
        r, i = np.divmod(cells, n)
        flat = i * R + r
    adopted_step.ravel()[flat] = steps
    adopted_ch.ravel()[flat] = c.code
    if not model.require_awareness:
        aw = aware_step.ravel()
        fresh = flat[aw[flat] < 0]
        aw[fresh] = steps[aw[flat] < 0]
        aware_ch.ravel()[fresh] = c.code


def _plan(model: Model, runs: int) -> list[tuple[int, int]]:
    nblocks = math.ceil(runs / RUN_BLOCK)
    return [(k, min(RUN_BLOCK, runs - k * RUN_BLOCK)) for k in range(nblocks)]


def _batches(blocks: list[tuple[int, int]], n: int) -> list[list[tuple[int, int]]]:
    per = max(1, BATCH_CELLS // max(1, n * RUN_BLOCK))
    return [blocks[i:i + per] for i in range(0, len(blocks), per)]


def _work(args):
    model, batch, seed = args
    return run_batch(model, [k for k, _ in batch], [w for _, w in batch], seed)


def run_model(model: Model, runs: int | None = None, seed: int | None = None, workers: int = 1,
              progress=None) -> dict:
    """Run an ensemble; returns arrays (units × runs) keyed by name plus ``runs``, ``seed``, ``elapsed``.

    ``progress(done_runs)`` is called after each batch.  The numbers depend
    only on the model, ``runs`` and ``seed`` — never on ``workers``.
    """
    d = model.scenario.data["run"]
    runs = int(runs if runs is not None else d["runs"])
    seed = int(seed if seed is not None else d["seed"])
    if runs < 1:
        raise ValueError("runs must be at least 1")
    if seed < 0:
        raise ValueError("seed must be >= 0")
    t0 = time.perf_counter()
    batches = _batches(_plan(model, runs), model.n)
    parts: list[dict] = [None] * len(batches)  # type: ignore[list-item]
    done = 0
    if workers > 1 and len(batches) > 1:
        import multiprocessing as mp

        ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as ex:
            futs = {ex.submit(_work, (model, bt, seed)): i for i, bt in enumerate(batches)}
            from concurrent.futures import as_completed

            for f in as_completed(futs):
                i = futs[f]
                parts[i] = f.result()
                done += sum(w for _, w in batches[i])
                if progress:
                    progress(done)
    else:
        for i, bt in enumerate(batches):
            parts[i] = _work((model, bt, seed))
            done += sum(w for _, w in bt)
            if progress:
                progress(done)
    if len(parts) == 1:
        out = dict(parts[0])
    else:
        out = {k: np.concatenate([p[k] for p in parts], axis=1) for k in parts[0]}
    out.update(runs=runs, seed=seed, elapsed=time.perf_counter() - t0)
    return out
