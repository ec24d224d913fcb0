"""Model rules of the communication channels.

Each channel turns the current state of a batch of runs (units × runs
matrices) into hazards of awareness and adoption, or into forced
transitions (collective decisions).  Channels are compiled once from a
scenario and a population; their per-step numbers (rates that interventions
may change) come in a ``params`` dict from the current *regime*.

All hazards are per step; a probability p becomes the hazard -ln(1 - p).
"""

from __future__ import annotations

import zlib

import numpy as np
import scipy.sparse as sp

from innosys.diffusion.scenario import ScenarioError, ScenarioProblem
from innosys.diffusion.state import ADOPTED, AWARE, UNAWARE
from innosys.graph.analytics import place_of

#: threshold comparisons tolerate this much floating-point error
THRESHOLD_EPS = 1e-9
#: influence matrices with more entries than this update only the columns of changed units
FRONTIER_NNZ = 200_000

DIRECT_LAYERS = ("graph", "relations", "collaboration", "proximity")
GROUP_LAYERS = ("network", "ict_company", "programme", "county", "size_class")


def hazard(p: float, scale: float = 1.0) -> float:
    """Per-step hazard of a probability ``p`` (per step, or per year times ``scale`` years)."""
    p = min(max(float(p), 0.0), 1.0 - 1e-12)
    return -np.log1p(-p) * scale


def hazards(p: np.ndarray, scale: float = 1.0) -> np.ndarray:
    """Vectorised :func:`hazard`."""
    p = np.clip(np.asarray(p, dtype=float), 0.0, 1.0 - 1e-12)
    return -np.log1p(-p) * scale


def step_prob(p, scale: float = 1.0):
    """A per-step probability from ``p`` given per step (scale 1) or per year (scale = step in years)."""
    p = np.minimum(np.maximum(np.asarray(p, dtype=float), 0.0), 1.0)
    with np.errstate(divide="ignore"):
        return np.where(p >= 1.0, 1.0, -np.expm1(np.log1p(-np.minimum(p, 1 - 1e-15)) * scale))


def purpose_key(name: str) -> int:
    return 1000 + (zlib.crc32(name.encode("utf-8")) & 0x7FFFFFFF)


def _fail(model, key: str, message: str):
    raise ScenarioError([ScenarioProblem(model.scenario.file, key, message)])


class Channel:
    """Base class: a channel that does nothing."""

    influence = False   # contributes to the threshold exposure F (interpersonal-type channels)

    def __init__(self, name: str, spec: dict, model, code: int):
        self.name, self.spec, self.code = name, spec, code
        self.type = spec["type"]
        self.label = spec["label"]
        self.key = f"channels.{name}"
        self.start = model.to_step(spec.get("start", 0))
        self.end = model.to_step(spec["end"]) if "end" in spec else model.steps
        self.targets = target_mask(model, spec.get("targets"), f"{self.key}.targets")
        self.purpose = purpose_key(f"channel:{name}")

    def active(self, t: int) -> bool:
        return self.start <= t <= self.end

    def numeric(self, spec: dict, model) -> dict:
        return {"aw": hazard(spec["awareness"], model.rate_scale), "ad": hazard(spec["adoption"], model.rate_scale)}

    def begin(self, b) -> None:
        pass

    def update(self, b, t: int, p: dict) -> None:
        pass

    def awareness(self, b, t: int, p: dict):
        return None

    def adoption(self, b, t: int, p: dict):
        return None

    def forced(self, b, t: int, p: dict):
        return None

    def observe(self, b, delta) -> None:
        pass

    def outputs(self, b) -> dict:
        return {}



def target_mask(model, targets: dict | None, key: str) -> np.ndarray | None:
    """(n,) bool mask of units a channel may reach, or None for all."""
    if not targets:
        return None
    pop = model.population
    m = np.ones(pop.n, dtype=bool)
    if targets.get("kinds"):
        ks = set(targets["kinds"])
        m &= np.array([k in ks for k in pop.attribute("kind")])
    if targets.get("units"):
        m &= pop.unit_mask(targets["units"])
    if targets.get("counties"):
        cs = set(targets["counties"])
        m &= np.array([c in cs for c in pop.attribute("county")])
    if targets.get("size_classes"):
        ss = set(targets["size_classes"])
        m &= np.array([s in ss for s in pop.attribute("size_class")])
    if targets.get("members_of"):
        mm = np.zeros(pop.n, dtype=bool)
        for a in targets["members_of"]:
            mm[pop.contacts(a)] = True
        m &= mm
    if targets.get("exclude"):
        m &= ~pop.unit_mask(targets["exclude"])
    return m


def _as_col(mask: np.ndarray | None, n: int) -> np.ndarray:
    return (np.ones(n) if mask is None else mask.astype(float))[:, None]


# ---------------------------------------------------------------------------
# Mass media / external
# ---------------------------------------------------------------------------

class MassMedia(Channel):
    """Exposure 1 for every target unit (reached with probability ``reach``, fixed per run)."""

    def __init__(self, name, spec, model, code):
        super().__init__(name, spec, model, code)
        self.reach = spec.get("reach", 1.0)
        self.col = _as_col(self.targets, model.population.n)

    def begin(self, b):
        if self.reach < 1.0:
            b.state[self.name] = self.col * (b.random(self.purpose, b.n) < self.reach)
        else:
            b.state[self.name] = self.col

    def awareness(self, b, t, p):
        return p["aw"] * b.state[self.name] if p["aw"] > 0 else None

    def adoption(self, b, t, p):
        return p["ad"] * b.state[self.name] if p["ad"] > 0 else None


# ---------------------------------------------------------------------------
# Interpersonal influence (also homophily and opinion leaders)
# ---------------------------------------------------------------------------

class Influence(Channel):
    """Exposure F = sum over layers of weight × (weighted share of the unit's ties that have adopted).

    Direct layers are row-normalised sparse matrices (rows = influenced unit);
    group layers (shared network, company, programme, county, size class)
    use the share of adopters among the other members of each group, averaged
    over the unit's groups; ``all`` is the share among all other units.
    """

    influence = True

    def __init__(self, name, spec, model, code):
        super().__init__(name, spec, model, code)
        pop = model.population
        n = self.n = pop.n
        layers = spec.get("layers", {})
        h = spec.get("homophily", 0.0)
        normalise = spec.get("normalise", True)
        self.leader = self._leaders(model) if self.type == "opinion_leader" else None
        mats = []
        self.used_layers = {}
        for layer, w in layers.items():
            if w <= 0 or layer in GROUP_LAYERS or layer == "all":
                continue
            if layer == "proximity":
                src, dst, km = pop.distance_knn(spec.get("proximity_k", 5))
                M = sp.csr_matrix((np.exp(-km / spec.get("proximity_km", 50.0)), (dst, src)), shape=(n, n))
            elif layer in pop.direct and sp.issparse(pop.direct[layer]):
                M = sp.csr_matrix(pop.direct[layer], dtype=np.float64, copy=True)
            elif layer in pop.direct:
                src, dst, ew = pop.direct[layer]
                M = sp.csr_matrix((np.asarray(ew, dtype=float), (dst, src)), shape=(n, n))
            else:
                model.note(f"{self.key}.layers.{layer}: no ties of this layer in the population")
                continue
            M.sum_duplicates()
            if M.nnz == 0:
                model.note(f"{self.key}.layers.{layer}: no ties of this layer in the population")
                continue
            counts = np.diff(M.indptr)
            if h > 0:
                rows = np.repeat(np.arange(n), counts)
                M.data *= (1 - h) + h * _similarity(pop, M.indices, rows)
            if normalise:
                rs = np.asarray(M.sum(axis=1)).ravel()
                inv = np.divide(1.0, rs, out=np.zeros(n), where=rs > 0)
                M.data *= np.repeat(inv, counts)
            if w != 1.0:
                M.data *= w
            mats.append(M)
            self.used_layers[layer] = w
        self.P = None
        if mats:
            P = mats[0]
            for M in mats[1:]:
                P = P + M
            self.P = sp.csr_matrix(P)
            self.P.sort_indices()
            self.Pc = self.P.tocsc()
            del mats, P
        gm, gb = [], []
        for layer, w in layers.items():
            if w <= 0 or layer not in GROUP_LAYERS:
                continue
            if layer not in pop.groups:
                model.note(f"{self.key}.layers.{layer}: no groups of this layer in the population")
                continue
            rows, cols, keys = pop.groups[layer]
            g = len(keys)
            Mem = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, g))
            size = np.asarray(Mem.sum(axis=0)).ravel()
            ok = size >= 2
            n_groups = np.asarray(Mem[:, ok].sum(axis=1)).ravel()
            vals = np.where(ok[cols], w / (np.maximum(n_groups[rows], 1) * np.maximum(size[cols] - 1, 1)), 0.0)
            B = sp.csr_matrix((vals, (rows, cols)), shape=(n, g))
            gm.append(Mem)
            gb.append(B)
            self.used_layers[layer] = w
        self.Mt = sp.csr_matrix(sp.hstack(gm).T) if gm else None
        self.B = sp.csr_matrix(sp.hstack(gb)) if gb else None
        # opinion leaders: only the leaders' columns matter
        self.src = None
        if self.leader is not None:
            self.src = np.flatnonzero(self.leader > 0)
            self.lw = self.leader[self.src][:, None]
            if self.P is not None:
                self.P = sp.csr_matrix(self.Pc[:, self.src])
                self.Pc = self.P.tocsc()
            if self.Mt is not None:
                self.Mt = sp.csr_matrix(self.Mt[:, self.src])
        self.w_all = float(layers.get("all", 0.0))
        if self.w_all > 0:
            self.used_layers["all"] = self.w_all
        if not self.used_layers:
            model.note(f"{self.key}: none of its layers has ties in this population; it has no effect")

    def _leaders(self, model) -> np.ndarray:
        pop, spec = model.population, self.spec
        lead = np.zeros(pop.n)
        if spec.get("leaders"):
            lead[pop.unit_mask(spec["leaders"])] = 1.0
        if spec.get("centrality"):
            c = pop.centrality(spec["centrality"])
            k = max(1, int(round(spec.get("top", 0.05) * pop.n)))
            top = np.argsort(-c, kind="stable")[:k]
            if spec.get("weighting", "flag") == "score" and c.max() > 0:
                lead[top] = np.maximum(lead[top], c[top] / c.max())
            else:
                lead[top] = 1.0
        return lead

    def apply(self, x: np.ndarray) -> np.ndarray:
        """Exposure contributed by adoption matrix ``x`` (n × R)."""
        full = x
        if self.src is not None:            # opinion leaders: only the leaders' columns count
            x = self.lw * x[self.src]
        out = None
        if self.P is not None:
            rows = np.flatnonzero(x.any(axis=1)) if self.P.nnz > FRONTIER_NNZ else None
            if rows is not None and len(rows) * 4 < x.shape[0]:
                # few changed units on a big matrix: multiply only their columns
                out = np.asarray(self.Pc[:, rows] @ x[rows]) if len(rows) else np.zeros((self.n, x.shape[1]))
            else:
                out = np.asarray(self.P @ x)
        if self.B is not None:
            g = self.B @ (self.Mt @ x)
            if out is None:
                out = g
            else:
                out += g
        if self.w_all > 0:
            if self.src is not None:
                xs = np.zeros_like(full)
                xs[self.src] = x
                x = xs
            a = self.w_all * (x.sum(axis=0, keepdims=True) - x) / max(self.n - 1, 1)
            out = a if out is None else out + a
        if out is None:
            out = np.zeros((self.n, x.shape[1]))
        if self.targets is not None:
            out = out * self.targets[:, None]
        return out

    @property
    def Pc_indices64(self) -> np.ndarray:
        """Row indices of the CSC form as int64 (cached; used by the event-driven threshold kernel)."""
        v = getattr(self, "_pc_idx64", None)
        if v is None:
            v = self._pc_idx64 = self.Pc.indices.astype(np.int64)
        return v

    @property
    def Pc_degree(self) -> np.ndarray:
        """Entries per column of the CSC form (cached)."""
        v = getattr(self, "_pc_deg", None)
        if v is None:
            v = self._pc_deg = np.diff(self.Pc.indptr)
        return v

    def begin(self, b):
        b.state[self.name] = self.apply(b.A)

    def observe(self, b, delta):
        b.state[self.name] += self.apply(delta)


    def exposure(self, b):
        return b.state[self.name]

    def awareness(self, b, t, p):
        return p["aw"] * b.state[self.name] if p["aw"] > 0 else None

    def adoption(self, b, t, p):
        if b.model.rule == "threshold" or p["ad"] <= 0:
            return None
        return p["ad"] * b.state[self.name]


    def edges(self, pop, group_limit: int = 100) -> list[tuple[str, str, str, float]]:
        """(source, target, layer, weight) unit-to-unit ties this channel uses (layer 'all' and groups
        of more than ``group_limit`` members left out)."""
        out = []
        spec = self.spec
        for layer, w in self.used_layers.items():
            if layer == "all":
                continue
            if layer in GROUP_LAYERS:
                rows, cols, keys = pop.groups[layer]
                by_group: dict[int, list[int]] = {}
                for r, c in zip(rows.tolist(), cols.tolist()):
                    by_group.setdefault(c, []).append(r)
                for members in by_group.values():
                    if len(members) > group_limit:
                        continue
                    for i in members:
                        for j in members:
                            if i != j:
                                out.append((pop.ids[i], pop.ids[j], layer, w))
                continue
            if layer == "proximity":
                src, dst, km = pop.distance_knn(spec.get("proximity_k", 5))
                ew = np.exp(-km / spec.get("proximity_km", 50.0))
            else:
                src, dst, ew = pop.direct_edges(layer)
            for s, d, x in zip(src.tolist(), dst.tolist(), np.asarray(ew).tolist()):
                out.append((pop.ids[s], pop.ids[d], layer, float(w * x)))
        return out


def _similarity(pop, src, dst) -> np.ndarray:
    """0.5 × [same size class] + 0.5 × [same County/Region] for each tie (unknown = not the same)."""
    size, place = pop.codes("size_class"), pop.codes("county")
    s = (size[src] == size[dst]) & (size[src] >= 0)
    c = (place[src] == place[dst]) & (place[src] >= 0)
    return 0.5 * s + 0.5 * c


# ---------------------------------------------------------------------------
# Change agents
# ---------------------------------------------------------------------------

class ChangeAgent(Channel):
    """Agents work with their contacts; a contact is visited with probability min(1, capacity / contacts)."""

    def __init__(self, name, spec, model, code):
        super().__init__(name, spec, model, code)
        pop = model.population
        agents = list(spec.get("agents", []))
        if spec.get("agent_kinds"):
            agents += [a for a in pop.actors_of_kinds(spec["agent_kinds"]) if a not in agents]
        expo = np.zeros(pop.n)
        self.n_contacts = {}
        for a in agents:
            c = pop.contacts(a, spec.get("relations"))
            if self.targets is not None:
                c = c[self.targets[c]]
            self.n_contacts[a] = len(c)
            if len(c):
                cap = spec.get("capacity", 0)
                expo[c] += 1.0 if cap == 0 else min(1.0, cap / len(c))
        if not expo.any():
            model.note(f"{self.key}: the agents have no contacts among the units; the channel has no effect")
        self.expo = expo[:, None]

    def awareness(self, b, t, p):
        return p["aw"] * self.expo if p["aw"] > 0 else None

    def adoption(self, b, t, p):
        return p["ad"] * self.expo if p["ad"] > 0 else None



# ---------------------------------------------------------------------------
# Events
# ---------------------------------------------------------------------------

class Event(Channel):
    """At each occurrence attendees attend with probability ``attendance``; they are exposed when an
    attending unit has adopted (awareness) and persuaded by the adopted share of attendees (adoption)."""

    def __init__(self, name, spec, model, code):
        super().__init__(name, spec, model, code)
        pop = model.population
        n = pop.n
        rows, cols = [], []
        if spec.get("attendees") == "all":
            rows = list(range(n))
            cols = [0] * n
            self.events = ["all"]
        else:
            events = list(spec.get("events", []))
            if spec.get("event_kinds"):
                events += [e for e in pop.actors_of_kinds(spec["event_kinds"]) if e not in events]
            self.events = events
            for j, e in enumerate(events):
                c = pop.contacts(e)
                rows += c.tolist()
                cols += [j] * len(c)
        self.Ev = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, max(1, len(self.events))))
        if self.targets is not None:
            self.Ev = sp.diags(self.targets.astype(float)) @ self.Ev
        self.member = np.asarray(self.Ev.sum(axis=1)).ravel() > 0
        self.Ev = sp.csr_matrix(self.Ev)
        self.EvT = sp.csr_matrix(self.Ev.T)
        if not self.member.any():
            model.note(f"{self.key}: the events have no attending units; the channel has no effect")
        self.every, self.offset = spec.get("every", 4), spec.get("offset", 0)

    def numeric(self, spec, model):
        return {**super().numeric(spec, model), "attendance": spec.get("attendance", 0.7)}

    def occurs(self, t):
        return t >= self.offset and (t - self.offset) % self.every == 0

    def update(self, b, t, p):
        st = b.state
        st.pop(self.name, None)
        if not self.occurs(t) or not self.member.any():
            return
        att = self.member[:, None] & (b.random(self.purpose, b.n) < p["attendance"])
        attf = att.astype(float)
        n_att = self.EvT @ attf
        n_ad = self.EvT @ (attf * b.A)
        ok = (n_ad >= 1) if self.spec.get("needs_presenter", True) else (n_att > 0)
        share = np.divide(n_ad, n_att, out=np.zeros_like(n_ad), where=n_att > 0)
        st[self.name] = (attf * (self.Ev @ ok.astype(float)), attf * (self.Ev @ share))

    def awareness(self, b, t, p):
        e = b.state.get(self.name)
        return p["aw"] * e[0] if e is not None and p["aw"] > 0 else None

    def adoption(self, b, t, p):
        e = b.state.get(self.name)
        return p["ad"] * e[1] if e is not None and p["ad"] > 0 else None


# ---------------------------------------------------------------------------
# Collective / authority decisions (ICT company, programme)
# ---------------------------------------------------------------------------

class Collective(Channel):
    """An organisation decides for its members, then onboards them with limited capacity per step.

    Offered members defer (wait ``defer_steps``), decline for good, or adopt.
    Non-members may join (``recruit``) up to ``max_members``.
    """

    def __init__(self, name, spec, model, code):
        super().__init__(name, spec, model, code)
        pop = model.population
        org = spec.get("organisation")
        m = np.zeros(pop.n, dtype=bool)
        if org is not None:
            m[pop.contacts(org, spec.get("member_relations"))] = True
        if spec.get("members"):
            m |= pop.unit_mask(spec["members"])
        if self.targets is not None:
            m &= self.targets
        self.members0 = m
        self.candidates = self.targets if self.targets is not None else np.ones(pop.n, dtype=bool)
        if not m.any() and spec.get("recruit", 0.0) == 0:
            model.note(f"{self.key}: the organisation has no member units; the channel has no effect")
        self.decision = model.to_step(spec["decision"]) if "decision" in spec else self.start
        self.trigger = spec.get("trigger_share")
        self.capacity = spec.get("capacity", 0)
        self.max_members = spec.get("max_members", 0)
        self.defer_steps = spec.get("defer_steps", 4)
        popn = np.nan_to_num(pop.population if pop.population is not None else np.zeros(pop.n), nan=0.0)
        self.order = spec.get("order", "random")
        self.size_key = popn

    def numeric(self, spec, model):
        return {**super().numeric(spec, model),
                "defer": model.by_size(spec.get("defer", 0.2)), "decline": model.by_size(spec.get("decline", 0.02)),
                "recruit": float(step_prob(spec.get("recruit", 0.0), model.rate_scale))}

    def begin(self, b):
        n, R = b.n, b.R
        st = {
            "member": np.repeat(self.members0[:, None], R, axis=1),
            "decided": np.full(R, -1, dtype=np.int32),
            "notified": np.full((n, R), -1, dtype=np.int32),
            "until": np.zeros((n, R), dtype=np.int32),
        }
        if self.capacity:
            key = b.random(self.purpose, n)
            if self.order == "small_first":
                key = key + self.size_key[:, None]
            elif self.order == "large_first":
                key = key - self.size_key[:, None]
            st["rank"] = np.argsort(key, axis=0, kind="stable")
        b.state[self.name] = st

    def update(self, b, t, p):
        st = b.state[self.name]
        member = st["member"]
        if p["recruit"] > 0:
            u = b.random(self.purpose, b.n)
            join = self.candidates[:, None] & ~member & (u < p["recruit"])
            if self.max_members:
                room = np.maximum(self.max_members - member.sum(axis=0), 0)
                join &= np.cumsum(join, axis=0) <= room
            member |= join
        undecided = st["decided"] < 0
        if undecided.any():
            if self.trigger is not None:
                nm = member.sum(axis=0)
                share = np.divide((member & (b.S == ADOPTED)).sum(axis=0), nm, out=np.zeros(b.R), where=nm > 0)
                go = undecided & (nm > 0) & (share >= self.trigger)
            else:
                go = undecided & (t >= self.decision)
            st["decided"][go] = t
        decided = st["decided"] >= 0
        notify = member & decided[None, :] & (st["notified"] < 0)
        st["notified"][notify] = t

    def awareness(self, b, t, p):
        if p["aw"] <= 0:
            return None
        st = b.state[self.name]
        return p["aw"] * (st["notified"] >= 0)

    def adoption(self, b, t, p):
        if p["ad"] <= 0:
            return None
        st = b.state[self.name]
        return p["ad"] * (st["notified"] >= 0)

    def forced(self, b, t, p):
        st = b.state[self.name]
        # draw every step, whatever the state, so that a run's numbers never depend on other runs
        u = b.random(self.purpose + 1, b.n)
        eligible = ((st["notified"] >= 0) & (st["notified"] < t) & (b.S <= AWARE) & (st["until"] <= t))
        if not eligible.any():
            return None
        if self.capacity:
            rank = st["rank"]
            eo = np.take_along_axis(eligible, rank, axis=0)
            sel = eo & (np.cumsum(eo, axis=0) <= self.capacity)
            offered = np.zeros_like(eligible)
            np.put_along_axis(offered, rank, sel, axis=0)
        else:
            offered = eligible
        d = p["defer"][:, None]
        defer = offered & (u < d)
        decline = offered & ~defer & (u < d + p["decline"][:, None])
        not_aware = decline & (b.S == UNAWARE)      # only an aware member can decline; the others wait
        defer |= not_aware
        decline &= ~not_aware
        adopt = offered & ~defer & ~decline
        st["until"][defer] = t + self.defer_steps
        return None, adopt, decline



# ---------------------------------------------------------------------------
# Vertical pick-up (Teigen)
# ---------------------------------------------------------------------------

class VerticalPickup(Channel):
    """Authorities watch their units; once enough have adopted, each step the authority picks the
    innovation up with probability ``rate``; after ``delay`` steps it broadcasts to its units."""

    def __init__(self, name, spec, model, code):
        super().__init__(name, spec, model, code)
        pop = model.population
        n = pop.n
        auth = spec.get("authority", "county")
        cand = self.targets if self.targets is not None else np.ones(n, dtype=bool)
        if auth == "county":
            if "county" not in pop.groups:
                model.note(f"{self.key}: units have no county; the channel has no effect")
                rows, cols, keys = np.zeros(0, np.int32), np.zeros(0, np.int32), []
            else:
                rows, cols, keys = pop.groups["county"]
            self.authorities = list(keys)
        else:
            self.authorities = [auth]
            if spec.get("scope", "all") == "all":
                rows = np.arange(n, dtype=np.int32)
            else:
                G = model.population.graph
                place = place_of(G, auth) if G is not None else None
                if place is None:
                    _fail(model, f"{self.key}.scope",
                          f"scope 'county' needs the authority '{auth}' to be LOCATED_IN a County/Region "
                          f"or to have a county_number")
                rows = np.array([i for i, c in enumerate(pop.attribute("county")) if c == place], np.int32)
            cols = np.zeros(len(rows), np.int32)
        keep = cand[rows]
        rows, cols = rows[keep], cols[keep]
        g = max(1, len(self.authorities))
        W = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, g))
        self.size = np.maximum(np.asarray(W.sum(axis=0)).ravel(), 1)[:, None]
        self.W = W
        self.Wt = sp.csr_matrix(W.T)
        self.delay = spec.get("delay", 2)
        self.min_adopters = spec.get("min_adopters", 1)

    def numeric(self, spec, model):
        return {**super().numeric(spec, model), "rate": float(step_prob(spec.get("rate", 0.25), model.rate_scale)),
                "share": spec.get("share_threshold", 0.1)}

    def begin(self, b):
        b.state[self.name] = {"picked": np.full((self.W.shape[1], b.R), -1, dtype=np.int32), "expo": None}

    def update(self, b, t, p):
        st = b.state[self.name]
        picked = st["picked"]
        counts = self.Wt @ b.A
        can = (picked < 0) & (counts >= self.min_adopters) & (counts / self.size >= p["share"] - THRESHOLD_EPS)
        u = b.random(self.purpose, picked.shape[0])
        picked[can & (u < p["rate"])] = t
        live = (picked >= 0) & (t >= picked + self.delay)
        st["expo"] = (self.W @ live.astype(float)) if live.any() else None

    def awareness(self, b, t, p):
        e = b.state[self.name]["expo"]
        return p["aw"] * e if e is not None and p["aw"] > 0 else None

    def adoption(self, b, t, p):
        e = b.state[self.name]["expo"]
        return p["ad"] * e if e is not None and p["ad"] > 0 else None

    def outputs(self, b):
        return {"picked": b.state[self.name]["picked"]}



CHANNEL_CLASSES = {
    "mass_media": MassMedia, "interpersonal": Influence, "homophily": Influence, "opinion_leader": Influence,
    "change_agent": ChangeAgent, "event": Event, "collective": Collective, "programme": Collective,
    "vertical_pickup": VerticalPickup,
}
