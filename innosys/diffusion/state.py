"""Unit states and cause codes: the one place that gives them numbers.

A unit's state per run moves::

    unaware -> aware (knowledge, undecided) -> adopted -> discontinued
                     \\-> rejected (deferred/declined) -> aware (reconsider)

The engine keeps states as small integers in units × runs matrices; everything else uses the names.

>>> NAMES[ADOPTED], state_code("rejected")
('adopted', 3)
>>> CAUSES[:2]
('seed', 'own_initiative')
"""

from __future__ import annotations

UNAWARE, AWARE, ADOPTED, REJECTED, DISCONTINUED = range(5)
#: state names in code order (viz colours and playback tables follow this order)
NAMES = ("unaware", "aware", "adopted", "rejected", "discontinued")

#: cause codes recorded for awareness/adoption; channel i of a model records code FIRST_CHANNEL + i
CODE_SEED, CODE_OWN = 0, 1
FIRST_CHANNEL = 2
#: the non-channel causes in code order (each is also its own schema channel label)
CAUSES = ("seed", "own_initiative")


def state_code(name: str) -> int:
    """The engine's number for a state name."""
    return NAMES.index(name)
