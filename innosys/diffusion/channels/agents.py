"""Change agents: actors that carry the innovation to their contacts.

>>> from innosys.diffusion.channels import REGISTRY
>>> REGISTRY["change_agent"].cls.__name__
'ChangeAgent'
"""

from __future__ import annotations

from typing import Annotated

import numpy as np
from pydantic import Field

from innosys import schema
from innosys.diffusion.channels.base import Channel, ChannelKeys, register, require_one
from innosys.diffusion.validation import Int, Names, StrList


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
                cap = spec["capacity"]
                expo[c] += 1.0 if cap == 0 else min(1.0, cap / len(c))
        if not expo.any():
            model.note(f"{self.key}: the agents have no contacts among the units; the channel has no effect")
        self.expo = expo[:, None]

    def awareness(self, b, t, p):
        return p["aw"] * self.expo if p["aw"] > 0 else None

    def adoption(self, b, t, p):
        return p["ad"] * self.expo if p["ad"] > 0 else None



class ChangeAgentKeys(ChannelKeys):
    agents: Annotated[StrList(), Names("actor")] | None = Field(None, description="actor ids that carry the innovation")
    agent_kinds: StrList(*schema.ACTOR_KINDS) | None = Field(None, description="all actors of these kinds carry it")
    relations: StrList(*schema.RELATION_TYPES) | None = Field(
        None, description="relation types that make a contact (default: any)")
    capacity: Int(0) = Field(0, description="contacts an agent works with per step (0 = all)")

    def rules(self):
        return require_one(self, ("agents", "agent_kinds"))


register("change_agent", ChangeAgent, keys=ChangeAgentKeys, awareness=0.2, adoption=0.05,
         doc="actors that carry the innovation to their contacts")
