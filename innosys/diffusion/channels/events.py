"""Events: periodic exposure of the units attending a conference, fair or network meeting.

>>> from innosys.diffusion.channels import REGISTRY
>>> REGISTRY["event"].model.model_fields["every"].default
4
"""

from __future__ import annotations

from typing import Annotated

import numpy as np
import scipy.sparse as sp
from pydantic import Field

from innosys import schema
from innosys.diffusion.channels.base import Channel, ChannelKeys, register, require_one
from innosys.diffusion.validation import VARYING, Bool, Choice, Int, Names, Prob, StrList


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
        self.every, self.offset = spec["every"], spec["offset"]

    def numeric(self, spec, model):
        return {**super().numeric(spec, model), "attendance": spec["attendance"]}

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
        ok = (n_ad >= 1) if self.spec["needs_presenter"] else (n_att > 0)
        share = np.divide(n_ad, n_att, out=np.zeros_like(n_ad), where=n_att > 0)
        st[self.name] = (attf * (self.Ev @ ok.astype(float)), attf * (self.Ev @ share))

    def awareness(self, b, t, p):
        e = b.state.get(self.name)
        return p["aw"] * e[0] if e is not None and p["aw"] > 0 else None

    def adoption(self, b, t, p):
        e = b.state.get(self.name)
        return p["ad"] * e[1] if e is not None and p["ad"] > 0 else None


class EventKeys(ChannelKeys):
    events: Annotated[StrList(), Names("actor")] | None = Field(None, description="event actor ids")
    event_kinds: StrList(*schema.ACTOR_KINDS) | None = Field(None, description="all actors of these kinds are events")
    attendees: Choice("relations", "all") = Field(
        "relations", description="relations: units related to the event; all: every unit")
    attendance: Annotated[Prob, VARYING] = Field(0.7, description="probability an attendee attends a given occurrence")
    every: Int(1) = Field(4, description="period in steps (4 quarters = annual)")
    offset: Int(0) = Field(0, description="first occurrence (step)")
    needs_presenter: Bool = Field(True, description="exposure only when at least one attending unit has adopted")

    def rules(self):
        if self.attendees != "all":
            yield from require_one(self, ("events", "event_kinds"), ', or attendees = "all"')


register("event", Event, keys=EventKeys, awareness=0.3, adoption=0.05, doc="periodic exposure of attendees")
