"""Interpersonal influence along typed, weighted ties (also homophily and opinion leaders).

>>> from innosys.diffusion.channels import REGISTRY
>>> sorted(t for t, ct in REGISTRY.items() if ct.cls is Influence)
['homophily', 'interpersonal', 'opinion_leader']
"""

from __future__ import annotations

from typing import Annotated

import numpy as np
import scipy.sparse as sp
from pydantic import Field

from innosys.diffusion.channels.base import (
    FRONTIER_NNZ,
    GROUP_LAYERS,
    Channel,
    ChannelKeys,
    register,
    require_one,
)
from innosys.diffusion.validation import Bool, Choice, Int, Key, Names, Num, Prob, StrList

#: the influence layers that carry cooperation ties (relations, networks, ICT companies, programmes),
#: as against place and size; the hold-out forecasts switch these off for "innosys without network"
COOPERATION_LAYERS = ("graph", "relations", "collaboration", "network", "ict_company", "programme")
#: interpersonal influence layers (see docs/diffusion.md)
LAYERS = COOPERATION_LAYERS + ("county", "proximity", "size_class", "all")
CENTRALITIES = ("degree", "betweenness", "eigenvector", "pagerank")


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
        layers = spec["layers"]
        h = spec["homophily"]
        normalise = spec["normalise"]
        self.leader = self._leaders(model) if self.type == "opinion_leader" else None
        mats = []
        self.used_layers = {}
        for layer, w in layers.items():
            if w <= 0 or layer in GROUP_LAYERS or layer == "all":
                continue
            if layer == "proximity":
                src, dst, km = pop.distance_knn(spec["proximity_k"])
                M = sp.csr_matrix((np.exp(-km / spec["proximity_km"]), (dst, src)), shape=(n, n))
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
            k = max(1, int(round(spec["top"] * pop.n)))
            top = np.argsort(-c, kind="stable")[:k]
            if spec["weighting"] == "score" and c.max() > 0:
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
                src, dst, km = pop.distance_knn(spec["proximity_k"])
                ew = np.exp(-km / spec["proximity_km"])
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


TIE_LAYERS = {"relations": 1.0, "network": 1.0, "ict_company": 1.0, "programme": 0.5, "county": 0.5,
              "proximity": 0.5, "graph": 1.0}


class InfluenceKeys(ChannelKeys):
    layers: dict[Key("layer", LAYERS), Num(0.0)] = Field(
        TIE_LAYERS, description="weight of each layer's share of adopted ties")
    homophily: Prob = Field(0.0, description="0 = influence regardless of similarity, 1 = only from units of the "
                                             "same size class and county (re-weights direct ties)")
    normalise: Bool = Field(True, description="divide each unit's tie weights by their sum (fraction of neighbours)")
    proximity_k: Int(1) = Field(5, description="nearest neighbours per unit in the proximity layer")
    proximity_km: Num(1e-6) = Field(50.0, description="distance scale (km) of the proximity kernel exp(-d/km)")


class OpinionLeaderKeys(InfluenceKeys):
    leaders: Annotated[StrList(), Names("unit")] | None = Field(None, description="unit ids flagged as opinion leaders")
    centrality: Choice(*CENTRALITIES) | None = Field(None, description="rank units by this centrality in the actor "
                                                                       "graph")
    top: Prob = Field(0.05, description="share of units (by centrality) that lead")
    weighting: Choice("flag", "score") = Field(
        "flag", description="flag: leaders weigh 1; score: weight = centrality / max centrality")

    def rules(self):
        return require_one(self, ("leaders", "centrality"))


register("interpersonal", Influence, keys=InfluenceKeys, awareness=0.3, adoption=0.15,
         doc="peer influence along typed, weighted relations")
register("homophily", Influence, keys=InfluenceKeys, label="interpersonal", awareness=0.1, adoption=0.05,
         doc="influence from similar units (same size class / county) without a direct tie",
         layers={"size_class": 1.0, "county": 1.0})
register("opinion_leader", Influence, keys=OpinionLeaderKeys, awareness=0.4, adoption=0.3,
         doc="influence that only opinion leaders' adoption exerts")
