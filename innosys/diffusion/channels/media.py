"""Mass media and other external sources: campaigns, national strategies, portals.

>>> from innosys.diffusion.channels import REGISTRY
>>> REGISTRY["mass_media"].awareness, REGISTRY["mass_media"].label
(0.05, 'mass_media')
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from innosys.diffusion.channels.base import Channel, ChannelKeys, _as_col, register
from innosys.diffusion.validation import VARYING, Prob


class MassMedia(Channel):
    """Exposure 1 for every target unit (reached with probability ``reach``, fixed per run)."""

    def __init__(self, name, spec, model, code):
        super().__init__(name, spec, model, code)
        self.reach = spec["reach"]
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


class MassMediaKeys(ChannelKeys):
    reach: Annotated[Prob, VARYING] = Field(
        1.0, description="share of target units the medium reaches (drawn once per unit and run)")


register("mass_media", MassMedia, keys=MassMediaKeys, awareness=0.05, adoption=0.002,
         doc="campaigns, national strategies, portals: awareness more than persuasion")
