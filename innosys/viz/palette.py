"""Colours, shapes and line styles of every page, keyed by schema names.

This is the one module that decides how a node kind, a relation type, an
adopter category, a channel or a diffusion state looks.  Every mapping is
built by walking the schema (``innosys.schema``) in its own order, so a kind
or type added there gets a colour here without any edit, and the legends of
the pages list exactly what the schema defines.

>>> from innosys.viz.palette import KIND_STYLES, RELATION_STYLES
>>> KIND_STYLES["Municipality"].colour
'#0067a5'
>>> KIND_STYLES["Innovation"].shape
'diamond'
>>> RELATION_STYLES["COLLABORATES_WITH"].arrows
False
"""

from __future__ import annotations

from dataclasses import dataclass

from innosys import schema
from innosys.viz.results import STATES

#: Distinct colours for node kinds, given out in schema order (Kelly's colours of maximum contrast,
#: reordered so that the commonest kinds get the calmest ones; a kind past the end reuses from the start).
KIND_COLOURS = (
    "#0067a5", "#f38400", "#c2b280", "#e25822", "#be0032", "#008856", "#2b3d26", "#f3c300",
    "#dcd300", "#848482", "#654522", "#8db600", "#604e97", "#e68fac", "#875692", "#f99379",
    "#a1caf1", "#b3446c", "#f6a600", "#882d17", "#5f6b7a",
)

#: Qualitative colours for relation types (schema order; the first ones, for the structural
#: LOCATED_IN and PART_OF ties, are greys so that they stay in the background), channels and layers.
QUALITATIVE = (
    "#aab4bf", "#7f8a96", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#4e79a7", "#f28e2b", "#1f77b4", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
    "#e377c2", "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173",
    "#3182bd", "#e6550d", "#31a354", "#756bb1", "#636363", "#ff7f0e",
)

#: Sequential colours for Rogers' categories, earliest (innovators) to latest (laggards).
SEQUENTIAL = ("#08306b", "#2171b5", "#41ab5d", "#d9a21a", "#e6550d", "#a50f15", "#54278f")

#: The colour of "no value" (e.g. a unit that adopted in fewer than half the runs).
MUTED = "#9aa5b1"


def _qualitative(i: int) -> str:
    return QUALITATIVE[i % len(QUALITATIVE)]


@dataclass(frozen=True)
class KindStyle:
    """How nodes of one kind are drawn."""

    name: str
    colour: str
    shape: str
    doc: str


@dataclass(frozen=True)
class RelationStyle:
    """How edges of one relation type are drawn."""

    name: str
    colour: str
    dashes: tuple[int, ...]
    arrows: bool
    doc: str


def _shape(kind: schema.NodeKind) -> str:
    if kind.generated:
        return "square"
    if kind.is_actor:
        return "dot"
    if kind.name in schema.INNOVATION_KINDS:
        return "diamond"
    return "triangle"  # sources and anything else that is neither actor nor innovation


def _dashes(rel: schema.RelationType) -> tuple[int, ...]:
    # Relations read from a dedicated table (Edquist activities, adoptions) are
    # drawn dotted: they are statements about an actor, not ties between two.
    return () if rel.table == "relations" else (3, 4)


KIND_STYLES: dict[str, KindStyle] = {
    k.name: KindStyle(k.name, KIND_COLOURS[i % len(KIND_COLOURS)], _shape(k), k.doc)
    for i, k in enumerate(schema.NODE_KINDS.values())
}
"""Colour and shape of every node kind in ``schema.NODE_KINDS``."""

RELATION_STYLES: dict[str, RelationStyle] = {
    r.name: RelationStyle(r.name, _qualitative(i), _dashes(r), not r.symmetric, r.doc)
    for i, r in enumerate(schema.RELATION_TYPES.values())
}
"""Colour, dash pattern and arrow of every relation type in ``schema.RELATION_TYPES``."""

NON_ADOPTER = "non_adopter"
"""The ``category`` value of units.csv for a unit that is not categorised."""

CATEGORY_COLOURS: dict[str, str] = {
    c.key: SEQUENTIAL[i] for i, c in enumerate(schema.ADOPTER_CATEGORIES)
}
CATEGORY_COLOURS[NON_ADOPTER] = MUTED
CATEGORY_NAMES: dict[str, str] = {c.key: c.name for c in schema.ADOPTER_CATEGORIES}
CATEGORY_NAMES[NON_ADOPTER] = "Not categorised"

STATE_COLOURS: dict[str, str] = dict(zip(STATES, ("#d5dbe1", "#f6c85f", "#2ca02c", "#c0392b", "#7b4173"),
                                          strict=True))
"""Colour of a unit's state at one step of a simulation, for every state in ``results.STATES``."""

#: Colours of several scenarios drawn on one chart, in the order given.
SCENARIO_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b",
                    "#e377c2", "#7f7f7f", "#bcbd22")


def scenario_colour(i: int) -> str:
    return SCENARIO_COLOURS[i % len(SCENARIO_COLOURS)]


def layer_colour(layer: str, order: int) -> str:
    """Colour of an influence layer of edges.csv: a relation type's colour when the layer is one."""
    if layer in RELATION_STYLES:
        return RELATION_STYLES[layer].colour
    return _qualitative(order + len(RELATION_STYLES))


def hex_to_rgba(colour: str, alpha: float) -> str:
    """``'#4e79a7'`` → ``'rgba(78,121,167,0.3)'``.

    >>> hex_to_rgba("#ff0000", 0.5)
    'rgba(255,0,0,0.5)'
    """
    c = colour.lstrip("#")
    r, g, b = (int(c[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha:g})"
