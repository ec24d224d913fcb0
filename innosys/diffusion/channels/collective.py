"""Collective decisions: an ICT company or programme decides for its members, who are onboarded.

>>> from innosys.diffusion.channels import REGISTRY
>>> REGISTRY["programme"].cls is REGISTRY["collective"].cls
True
"""

from __future__ import annotations

from typing import Annotated

import numpy as np
from pydantic import Field

from innosys import schema
from innosys.diffusion.channels.base import Channel, ChannelKeys, register, require_one, step_prob
from innosys.diffusion.state import ADOPTED, AWARE, UNAWARE
from innosys.diffusion.validation import VARYING, BySize, Choice, Int, Names, Prob, StrList, TimePoint

COLLECTIVE_ORDERS = ("random", "small_first", "large_first")


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
        if not m.any() and spec["recruit"] == 0:
            model.note(f"{self.key}: the organisation has no member units; the channel has no effect")
        self.decision = model.to_step(spec["decision"]) if "decision" in spec else self.start
        self.trigger = spec.get("trigger_share")
        self.capacity = spec["capacity"]
        self.max_members = spec["max_members"]
        self.defer_steps = spec["defer_steps"]
        popn = np.nan_to_num(pop.population if pop.population is not None else np.zeros(pop.n), nan=0.0)
        self.order = spec["order"]
        self.size_key = popn

    def numeric(self, spec, model):
        return {**super().numeric(spec, model),
                "defer": model.by_size(spec["defer"]), "decline": model.by_size(spec["decline"]),
                "recruit": float(step_prob(spec["recruit"], model.rate_scale))}

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


class CollectiveKeys(ChannelKeys):
    organisation: Annotated[str, Names("actor")] | None = Field(
        None, description="the deciding actor (ICT company, programme, network)")
    members: Annotated[StrList(), Names("unit")] | None = Field(
        None, description="member unit ids (added to those related to the organisation)")
    member_relations: StrList(*schema.RELATION_TYPES) = Field(
        ["MEMBER_OF", "OWNS", "PARTICIPATES_IN", "STANDARDISES_FOR"], description="relations that make a unit a member")
    recruit: Annotated[Prob, VARYING] = Field(0.0, description="probability per step that a non-member target unit joins")
    max_members: Int(0) = Field(0, description="stop recruiting at this many members (0 = no cap)")
    decision: TimePoint | None = Field(None, description="step/month of the collective decision (default: start)")
    trigger_share: Prob | None = Field(
        None, description="decide once this share of members has adopted (instead of 'decision')")
    capacity: Int(0) = Field(0, description="members onboarded per step (0 = all at once)")
    order: Choice(*COLLECTIVE_ORDERS) = Field("random", description="onboarding order")
    defer: Annotated[BySize(Prob), VARYING] = Field(0.2, description="probability an offered member defers (right to wait)")
    defer_steps: Int(1) = Field(4, description="steps a deferring member waits before it is offered again")
    decline: Annotated[BySize(Prob), VARYING] = Field(0.02, description="probability an offered member declines for good")

    def rules(self):
        return require_one(self, ("organisation", "members"))


for _name in ("collective", "programme"):
    register(_name, Collective, keys=CollectiveKeys, awareness=1.0, adoption=0.0,
             doc="an organisation decides for its members; onboarding capacity; members may defer")
