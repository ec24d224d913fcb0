"""Vertical pick-up (Teigen): a county authority, KS or the state takes an innovation up and broadcasts it.

>>> from innosys.diffusion.channels import REGISTRY
>>> REGISTRY["vertical_pickup"].model.model_fields["delay"].default
2
"""

from __future__ import annotations

from typing import Annotated

import numpy as np
import scipy.sparse as sp
from pydantic import Field

from innosys.diffusion.channels.base import THRESHOLD_EPS, Channel, ChannelKeys, _fail, register, step_prob
from innosys.diffusion.validation import VARYING, Choice, Int, Names, Prob
from innosys.graph.analytics import place_of


class VerticalPickup(Channel):
    """Authorities watch their units; once enough have adopted, each step the authority picks the
    innovation up with probability ``rate``; after ``delay`` steps it broadcasts to its units."""

    def __init__(self, name, spec, model, code):
        super().__init__(name, spec, model, code)
        pop = model.population
        n = pop.n
        auth = spec["authority"]
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
            if spec["scope"] == "all":
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
        self.delay = spec["delay"]
        self.min_adopters = spec["min_adopters"]

    def numeric(self, spec, model):
        return {**super().numeric(spec, model), "rate": float(step_prob(spec["rate"], model.rate_scale)),
                "share": spec["share_threshold"]}

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


class VerticalPickupKeys(ChannelKeys):
    authority: Annotated[str, Names("actor", skip=("county",))] = Field(
        "county", description="'county' (one authority per county) or an actor id (e.g. 'ks')")
    scope: Choice("all", "county") = Field("all", description="for an actor authority: whom it watches and "
                                                              "broadcasts to")
    share_threshold: Annotated[Prob, VARYING] = Field(
        0.1, description="adopted share of the watched units before pick-up can happen")
    min_adopters: Int(0) = Field(1, description="adopters needed before pick-up can happen")
    rate: Annotated[Prob, VARYING] = Field(0.25, description="probability per step of pick-up once the threshold is met")
    delay: Int(0) = Field(2, description="steps from pick-up to broadcast (adaptation, Teigen stage 3)")


register("vertical_pickup", VerticalPickup, keys=VerticalPickupKeys, awareness=0.4, adoption=0.05,
         doc="a county authority, KS or the state takes the innovation up and broadcasts it")
