"""The simulated population: adopting units, their properties and the ties between them.

A :class:`Population` is the model's environment.  It is built from the
innosys actor graph (:func:`build_population`) or from any networkx graph /
sparse matrix (:meth:`Population.from_networkx`, :meth:`Population.from_adjacency`)
for synthetic experiments.  It holds raw structure only; channels turn it
into influence operators (:mod:`innosys.diffusion.model`).

>>> import networkx as nx
>>> pop = Population.from_networkx(nx.path_graph(4))
>>> pop.n, pop.ids[:2]
(4, ['0', '1'])
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from innosys.graph.analytics import place_of

#: relation types that make a unit a member of a group actor (unit -> group)
MEMBER_RELATIONS = ("MEMBER_OF", "PARTICIPATES_IN", "OWNS")
#: group layers: layer name -> kinds of the group actor
GROUP_LAYER_KINDS = {
    "network": ("Network",),
    "ict_company": ("IntermunicipalCompany",),
    "programme": ("Programme",),
}
KNOWLEDGE_KINDS = ("University", "ResearchInstitute", "Consultancy")
EARTH_KM = 6371.0


class _LazyIds(Sequence):
    """'0', '1', ... without materialising a million strings."""

    def __init__(self, n: int):
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [str(k) for k in range(*i.indices(self.n))]
        if i < 0:
            i += self.n
        if not 0 <= i < self.n:
            raise IndexError(i)
        return str(i)


class _LazyIndex(dict):
    def __init__(self, n: int):
        super().__init__()
        self.n = n

    def __contains__(self, key):
        return isinstance(key, str) and key.isdigit() and int(key) < self.n

    def __getitem__(self, key):
        if key in self:
            return int(key)
        raise KeyError(key)

    def get(self, key, default=None):
        return self[key] if key in self else default


class _LazyNodes:
    def __init__(self, n: int):
        self.n = n

    def __contains__(self, key):
        return isinstance(key, str) and key.isdigit() and int(key) < self.n

    def __getitem__(self, key):
        return {}


@dataclass
class Population:
    """Adopting units (rows of every units × runs matrix) and the structure around them."""

    ids: Sequence[str]
    names: list[str] | None = None
    kinds: list[str] | None = None
    places: list[str | None] | None = None          # County/Region id
    size_classes: list[str | None] | None = None
    population: np.ndarray | None = None             # residents (nan = unknown)
    lat: np.ndarray | None = None
    lon: np.ndarray | None = None
    #: direct layers: name -> (src, dst, weight) arrays (src influences dst), or a sparse matrix
    #: with rows = influenced unit and columns = influencing unit
    direct: dict[str, object] = field(default_factory=dict)
    #: group layers: name -> (unit index, group index, group ids)
    groups: dict[str, tuple[np.ndarray, np.ndarray, list[str]]] = field(default_factory=dict)
    #: every node the scenario may reference: id -> attrs (a networkx NodeView works)
    nodes: object = None
    graph: object = None                              # the source graph, if any
    #: actor id -> set of unit indices related to it (either direction), by relation type
    _contacts: dict | None = None

    def __post_init__(self):
        if isinstance(self.ids, _LazyIds):
            self.index = _LazyIndex(len(self.ids))
        else:
            self.ids = list(self.ids)
            self.index = {u: i for i, u in enumerate(self.ids)}
        if self.nodes is None:
            self.nodes = _LazyNodes(len(self.ids)) if isinstance(self.ids, _LazyIds) else {u: {} for u in self.ids}

    @property
    def n(self) -> int:
        return len(self.ids)

    # -- constructors ------------------------------------------------------------------------------
    @classmethod
    def from_adjacency(cls, A, ids: Sequence[str] | None = None, layer: str = "graph") -> Population:
        """Units 0..n-1 with one direct layer from a sparse matrix; ``A[u, v]`` = weight of u's influence on v.

        The layer is kept as a sparse matrix with rows = influenced units (no edge lists), so that
        graphs with millions of ties stay compact.
        """
        M = sp.csr_matrix(sp.csr_matrix(A).T, dtype=np.float64)
        diag = M.diagonal()
        if diag.any():                     # self-ties are not influence
            M = sp.csr_matrix(M - sp.diags(diag))
        M.eliminate_zeros()
        M.sum_duplicates()
        n = M.shape[0]
        ids = list(ids) if ids is not None else _LazyIds(n)
        return cls(ids=ids, direct={layer: M})
    @classmethod
    def from_networkx(cls, G, weight: str | None = "weight", layer: str = "graph") -> Population:
        """Every node is a unit; every edge a tie of layer ``graph`` (both ways when undirected).

        Node attributes ``name``, ``kind``, ``size_class``, ``county``, ``population``,
        ``latitude`` and ``longitude`` are used when present.
        """
        ids = [str(u) for u in G.nodes]
        index = {u: i for i, u in enumerate(G.nodes)}
        src, dst, w = [], [], []
        for u, v, d in G.edges(data=True):
            if u == v:
                continue
            x = float(d.get(weight, 1.0)) if weight else 1.0
            src.append(index[u])
            dst.append(index[v])
            w.append(x)
            if not G.is_directed():
                src.append(index[v])
                dst.append(index[u])
                w.append(x)
        attrs = [G.nodes[u] for u in G.nodes]

        def col(key):
            return [a.get(key) for a in attrs]

        pop = cls(
            ids=ids, names=[str(a.get("name", u)) for u, a in zip(ids, attrs)], kinds=col("kind"),
            places=col("county"), size_classes=col("size_class"),
            population=np.array([a.get("population", np.nan) for a in attrs], dtype=float),
            lat=np.array([a.get("latitude", np.nan) for a in attrs], dtype=float),
            lon=np.array([a.get("longitude", np.nan) for a in attrs], dtype=float),
            direct={layer: (np.array(src, np.int32), np.array(dst, np.int32), np.array(w, float))},
            nodes={str(u): dict(a) for u, a in zip(G.nodes, attrs)},
        )
        pop._add_attribute_groups()
        return pop

    def _add_attribute_groups(self) -> None:
        for layer, values in (("county", self.places), ("size_class", self.size_classes)):
            if values is None:
                continue
            keys = sorted({v for v in values if v})
            if not keys:
                continue
            gi = {k: j for j, k in enumerate(keys)}
            rows = np.array([i for i, v in enumerate(values) if v], dtype=np.int32)
            cols = np.array([gi[v] for v in values if v], dtype=np.int32)
            self.groups.setdefault(layer, (rows, cols, keys))

    # -- lookups used by channels -----------------------------------------------------------------
    def contacts(self, actor_id: str, relation_types: Iterable[str] | None = None,
                 direction: str = "both") -> np.ndarray:
        """Indices of units related to ``actor_id`` (sorted, unique).

        ``direction``: 'in' (unit -> actor), 'out' (actor -> unit) or 'both'.
        """
        if self._contacts is None:
            return np.zeros(0, dtype=np.int64)
        types = None if relation_types is None else set(relation_types)
        out = set()
        for (rtype, d), idx in self._contacts.get(actor_id, {}).items():
            if (types is None or rtype in types) and (direction == "both" or d == direction):
                out |= idx
        return np.array(sorted(out), dtype=np.int64)

    def unit_mask(self, ids: Iterable[str]) -> np.ndarray:
        m = np.zeros(self.n, dtype=bool)
        for u in ids:
            if u in self.index:
                m[self.index[u]] = True
        return m

    def attribute(self, name: str) -> list:
        return {"size_class": self.size_classes, "county": self.places, "kind": self.kinds,
                "name": self.names}.get(name) or [None] * self.n

    def actors_of_kinds(self, kinds: Iterable[str]) -> list[str]:
        wanted = set(kinds)
        if self.graph is None:
            return [u for u, k in zip(self.ids, self.kinds or []) if k in wanted]
        return [n for n, k in self.graph.nodes(data="kind") if k in wanted]

    def centrality(self, measure: str) -> np.ndarray:
        """Centrality of each unit in the actor graph (or the unit graph for synthetic populations)."""
        import networkx as nx

        if self.graph is not None:
            from innosys.graph.analytics import actor_network
            H = actor_network(self.graph)
        else:
            H = nx.Graph()
            H.add_nodes_from(range(self.n))
            for layer in self.direct:
                src, dst, _ = self.direct_edges(layer)
                H.add_edges_from(zip(src.tolist(), dst.tolist()))
            H = nx.relabel_nodes(H, {i: self.ids[i] for i in range(self.n)})
        if H.number_of_edges() == 0:
            return np.zeros(self.n)
        if measure == "degree":
            c = nx.degree_centrality(H)
        elif measure == "betweenness":
            c = nx.betweenness_centrality(H, k=min(500, H.number_of_nodes()), seed=0) \
                if H.number_of_nodes() > 2000 else nx.betweenness_centrality(H)
        elif measure == "eigenvector":
            c = nx.eigenvector_centrality_numpy(H)
        else:
            c = nx.pagerank(H)
        return np.array([float(c.get(u, 0.0)) for u in self.ids])

    def direct_edges(self, layer: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(src, dst, weight) of a direct layer, whatever its storage."""
        d = self.direct[layer]
        if sp.issparse(d):
            c = d.tocoo()
            return c.col.astype(np.int32), c.row.astype(np.int32), c.data
        return d

    def codes(self, name: str) -> np.ndarray:
        """Integer code per unit of a categorical attribute (-1 = unknown)."""
        vals = self.attribute(name)
        keys = {v: i for i, v in enumerate(sorted({v for v in vals if v is not None}))}
        return np.array([keys.get(v, -1) if v is not None else -1 for v in vals], dtype=np.int64)

    def distance_knn(self, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(src, dst, km) of each located unit's k nearest located units (great-circle)."""
        if self.lat is None:
            return (np.zeros(0, np.int32),) * 2 + (np.zeros(0),)
        ok = np.flatnonzero(~np.isnan(self.lat) & ~np.isnan(self.lon))
        if len(ok) < 2:
            return (np.zeros(0, np.int32),) * 2 + (np.zeros(0),)
        from scipy.spatial import cKDTree

        la, lo = np.radians(self.lat[ok]), np.radians(self.lon[ok])
        xyz = np.column_stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)])
        kk = min(k + 1, len(ok))
        chord, nb = cKDTree(xyz).query(xyz, k=kk)
        chord, nb = chord[:, 1:], nb[:, 1:]
        km = 2 * EARTH_KM * np.arcsin(np.clip(chord / 2, 0, 1))
        dst = np.repeat(ok, kk - 1)            # the unit that is influenced
        src = ok[nb.ravel()]                   # its neighbour
        return src.astype(np.int32), dst.astype(np.int32), km.ravel()

    # -- summary ------------------------------------------------------------------------------------
    def memberships(self) -> np.ndarray:
        """Number of group memberships (networks, ICT companies, programmes) per unit."""
        out = np.zeros(self.n)
        for layer in GROUP_LAYER_KINDS:
            if layer in self.groups:
                rows, _, _ = self.groups[layer]
                np.add.at(out, rows, 1)
        return out


# ---------------------------------------------------------------------------
# From the innosys graph
# ---------------------------------------------------------------------------

def build_population(G, kinds: Iterable[str] = ("Municipality",), include: Iterable[str] = (),
                     exclude: Iterable[str] = (), counties: Iterable[str] | None = None,
                     members_of: Iterable[str] | None = None, anonymised: bool | None = None) -> Population:
    """Adopting units from the innosys actor graph.

    Units are the actors of ``kinds`` (plus ``include``, minus ``exclude``),
    actors the sources anonymise stand for real municipalities already among the 357, so they are
    left out unless ``anonymised=True`` or the population is a thesis's sample (``members_of``,
    e.g. the members of thesis 003's anonymised ICT company); ``include`` always adds its ids;
    optionally only those located in ``counties`` or related to an actor in ``members_of``
    (MEMBER_OF, OWNS, PARTICIPATES_IN or any other relation, either way).  Ties: every relation
    between two units (layer ``relations``; ``collaboration`` for
    COLLABORATES_WITH), shared memberships (``network``, ``ict_company``,
    ``programme``), shared County/Region (``county``) and size class
    (``size_class``); coordinates feed the ``proximity`` layer.

    >>> from innosys.graph import load_graph
    >>> pop = build_population(load_graph())
    >>> pop.n
    357
    """
    kinds = set(kinds)
    exclude = set(exclude)
    if anonymised is None:
        anonymised = members_of is not None
    ids = [n for n, k in G.nodes(data="kind") if k in kinds and n not in exclude
           and (anonymised or not G.nodes[n].get("anonymised"))]
    ids += [u for u in include if u in G and u not in exclude and u not in set(ids)]
    if counties is not None:
        wanted = set(counties)
        ids = [u for u in ids if place_of(G, u) in wanted]
    if members_of is not None:
        orgs = set(members_of)
        related = {u for o in orgs if o in G for u in (*G.predecessors(o), *G.successors(o))}
        ids = [u for u in ids if u in related or u in set(include)]
    ids = sorted(ids)
    index = {u: i for i, u in enumerate(ids)}
    attrs = [G.nodes[u] for u in ids]

    def num(key):
        return np.array([float(a[key]) if a.get(key) is not None else np.nan for a in attrs])

    places = [place_of(G, u) for u in ids]
    pop = Population(
        ids=ids, names=[str(a.get("name", u)) for u, a in zip(ids, attrs)],
        kinds=[a.get("kind") for a in attrs], places=places,
        size_classes=[a.get("size_class") for a in attrs],
        population=num("population"), lat=num("latitude"), lon=num("longitude"),
        nodes=G.nodes, graph=G,
    )
    # contacts of every non-unit actor (and of units, for completeness)
    contacts: dict[str, dict[tuple[str, str], set[int]]] = {}
    rel_src, rel_dst, rel_w, col_src, col_dst, col_w = [], [], [], [], [], []
    group_members: dict[str, dict[str, set[int]]] = {k: {} for k in GROUP_LAYER_KINDS}
    knowledge = np.zeros(len(ids))
    for u, v, d in G.edges(data=True):
        t = d.get("type")
        if t in (None, "PERFORMS", "ADOPTED", "LOCATED_IN"):
            continue
        iu, iv = index.get(u), index.get(v)
        if iu is not None and iv is not None:
            if iu != iv:
                w = float(d.get("weight", 1.0) if d.get("weight") is not None else 1.0)
                rel_src += [iu, iv]
                rel_dst += [iv, iu]
                rel_w += [w, w]
                if t == "COLLABORATES_WITH":
                    col_src += [iu, iv]
                    col_dst += [iv, iu]
                    col_w += [w, w]
            continue
        if iu is not None:      # unit -> actor
            contacts.setdefault(v, {}).setdefault((t, "in"), set()).add(iu)
            kind = G.nodes[v].get("kind")
            if t in MEMBER_RELATIONS:
                for layer, ks in GROUP_LAYER_KINDS.items():
                    if kind in ks:
                        group_members[layer].setdefault(v, set()).add(iu)
            if kind in KNOWLEDGE_KINDS or t == "COLLABORATES_WITH":
                knowledge[iu] += 1
        elif iv is not None:    # actor -> unit
            contacts.setdefault(u, {}).setdefault((t, "out"), set()).add(iv)
            kind = G.nodes[u].get("kind")
            if t == "STANDARDISES_FOR" and kind == "IntermunicipalCompany":
                group_members["ict_company"].setdefault(u, set()).add(iv)
            if kind in KNOWLEDGE_KINDS or t == "COLLABORATES_WITH":
                knowledge[iv] += 1
    pop._contacts = contacts
    pop.knowledge_ties = knowledge
    for name, (s, d_, w) in (("relations", (rel_src, rel_dst, rel_w)), ("collaboration", (col_src, col_dst, col_w))):
        if s:
            pop.direct[name] = (np.array(s, np.int32), np.array(d_, np.int32), np.array(w, float))
    for layer, members in group_members.items():
        keys = sorted(g for g, m in members.items() if len(m) >= 1)
        if keys:
            rows = np.array([i for g in keys for i in sorted(members[g])], dtype=np.int32)
            cols = np.array([j for j, g in enumerate(keys) for _ in members[g]], dtype=np.int32)
            pop.groups[layer] = (rows, cols, keys)
    pop._add_attribute_groups()
    return pop


def unit_adoptions(G, pop: Population, innovation_id: str) -> list[dict]:
    """The adoptions table rows (ADOPTED edges) of units for an innovation."""
    out = []
    if pop.graph is None or innovation_id not in G:
        return out
    for u, _, d in G.in_edges(innovation_id, data=True):
        if d.get("type") == "ADOPTED" and u in pop.index:
            out.append({"unit": u, **d})
    return out
