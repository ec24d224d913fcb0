"""Model rules of the communication channels, one module per kind of channel.

Each channel turns the current state of a batch of runs (units × runs matrices) into hazards of
awareness and adoption, or into forced transitions (collective decisions).  Channels are compiled
once from a scenario and a population; their per-step numbers (rates that interventions may change)
come in a ``params`` dict from the current *regime*.  A channel type is registered next to its rules
(:func:`~innosys.diffusion.channels.base.register`); docs/extending.md shows how to add one.

>>> from innosys.diffusion.channels import CHANNEL_CLASSES, REGISTRY
>>> sorted(CHANNEL_CLASSES) == sorted(REGISTRY), CHANNEL_CLASSES["programme"].__name__
(True, 'Collective')
"""

from __future__ import annotations

import importlib
import pkgutil

from innosys.diffusion.channels.base import (  # noqa: F401
    REGISTRY,
    THRESHOLD_EPS,
    Channel,
    ChannelKeys,
    ChannelType,
    hazard,
    hazards,
    id_refs,
    purpose_key,
    register,
    step_prob,
    structural_keys,
    target_mask,
    validate_channel,
)

# importing a module registers its channel types; this order is the order docs and messages list them in;
# any other module of this package (a new channel type) follows, so adding a type touches one file
SHIPPED = ("media", "influence", "agents", "events", "collective", "pickup")
for _module in (*SHIPPED, *sorted(m.name for m in pkgutil.iter_modules(__path__)
                                  if m.name not in SHIPPED and m.name != "base")):
    importlib.import_module(f"{__name__}.{_module}")


def __getattr__(name: str):
    if name == "CHANNEL_CLASSES":       # the old name: type -> class, always current
        return {t: ct.cls for t, ct in REGISTRY.items()}
    raise AttributeError(name)
