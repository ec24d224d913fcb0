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

from dataclasses import dataclass, field

import numpy as np

from innosys import schema
from innosys.diffusion.channels import REGISTRY, hazards, step_prob
from innosys.diffusion.population import Population, build_population, unit_adoptions
from innosys.diffusion.scenario import Scenario, ScenarioError, ScenarioProblem, check_ids
from innosys.diffusion.state import (
    CAUSES,
    FIRST_CHANNEL,
)
from innosys.diffusion.timeline import STEP_MONTHS, step_dates, to_step

#: runs per random stream block (fixed: changing it changes the numbers)
RUN_BLOCK = 32
#: event-driven threshold kernel: one sparse product instead of gathering once the new adopters'
#: ties exceed nnz / DENSE_DIVISOR
DENSE_DIVISOR = 16

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

def population_for(scenario: Scenario, data=None) -> Population:
    """The adopting units of ``scenario`` in ``data`` (see :func:`build_model`), ids checked."""
    import networkx as nx

    if data is None:
        from innosys.graph import load_graph

        data = load_graph()
    if isinstance(data, Population):
        pop = data
    elif isinstance(data, nx.Graph) and any(k in schema.ACTOR_KINDS for _, k in data.nodes(data="kind")):
        check_ids(scenario, data)
        p = scenario.data["population"]
        pop = build_population(data, p["kinds"], p.get("include", []), p.get("exclude", []), p.get("counties"),
                               p.get("members_of"), anonymised=p.get("anonymised"))
    elif isinstance(data, nx.Graph):
        pop = Population.from_networkx(data)
    else:
        raise TypeError("data must be an innosys graph, a networkx graph or a Population")
    check_ids(scenario, pop.nodes if pop.graph is None else pop.graph, units=set(pop.index)
              if not hasattr(pop.index, "n") else None)
    return pop


def build_model(scenario: Scenario, data=None) -> Model:
    """Compile ``scenario`` over ``data``: the innosys graph (default: the shipped data),
    a :class:`Population`, or any networkx graph (every node a unit, layer ``graph``).

    Raises :class:`ScenarioError` naming file and key for ids missing from the data.
    """

    d = scenario.data
    pop = population_for(scenario, data)
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
        model.channels.append(REGISTRY[spec["type"]].cls(name, spec, model, code))

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


def __getattr__(name: str):
    # the step loop moved to engine.py and the ensemble runner to ensemble.py; old imports keep working
    if name in ("run_model", "run_settings"):
        from innosys.diffusion import ensemble

        return getattr(ensemble, name)
    if name in ("Batch", "run_batch"):
        from innosys.diffusion import engine

        return getattr(engine, name)
    raise AttributeError(name)
