"""The innosys schema: the one place that names node kinds, relation types,
their properties, Edquist's activities, Rogers' adopter categories and the
innovation attributes.

The loader, the graph builder, the Neo4j layer, the Cypher files, the
simulation and the visualisations all read these definitions; nothing else
hard-codes a label.

>>> from innosys import schema
>>> schema.NODE_KINDS["Municipality"].table
'actors'
>>> schema.RELATION_TYPES["MEMBER_OF"].allows("Municipality", "Network")
True
>>> [c.share for c in schema.ADOPTER_CATEGORIES]
[0.025, 0.135, 0.34, 0.34, 0.16]
"""

from __future__ import annotations

from dataclasses import dataclass, field

# ---------------------------------------------------------------------------
# Property types
# ---------------------------------------------------------------------------

#: Property value types understood by the loader.
#: ``year`` is an integer 1800..2100; ``date`` is ``YYYY``, ``YYYY-MM`` or
#: ``YYYY-MM-DD`` kept as text so that the precision a source gives survives.
VALUE_TYPES = ("str", "int", "float", "bool", "year", "date", "enum", "lines")


@dataclass(frozen=True)
class Prop:
    """One property (column) of a node kind, relation type or table."""

    name: str
    type: str = "str"
    required: bool = False
    doc: str = ""
    choices: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None

    def __post_init__(self) -> None:
        if self.type not in VALUE_TYPES:
            raise ValueError(f"unknown value type {self.type!r} for {self.name}")
        if self.type == "enum" and not self.choices:
            raise ValueError(f"enum property {self.name} needs choices")


def _props(*props: Prop) -> dict[str, Prop]:
    return {p.name: p for p in props}


CONFIDENCE_LEVELS = ("stated", "derived", "interpreted")
"""How a row's fact relates to its source: ``stated`` in the text,
``derived`` by counting or combining stated facts, ``interpreted`` by the
compiler (never presented as stated)."""

SOURCE_KINDS = ("thesis", "reference", "web")
"""``web``: a public page or document, cited by its ``url`` and the ``date_seen``."""

#: Source kinds whose rows must give ``url`` and ``date_seen`` (checked by the loader).
SOURCE_KINDS_WITH_URL = ("web",)

# Provenance columns carried by every data row.
PROVENANCE = _props(
    Prop("source", "str", True, "id of a row in sources.csv"),
    Prop("lines", "lines", False,
         "line range in the source file, e.g. '880-911' or '1212'; required when the source is a thesis"),
    Prop("confidence", "enum", True, "stated | derived | interpreted", CONFIDENCE_LEVELS),
    Prop("keyword", "str", False,
         "a word or short phrase that occurs verbatim in the cited lines; defaults to the names involved"),
    Prop("note", "str", False, "free-text remark, e.g. a contradiction in the source"),
)

# ---------------------------------------------------------------------------
# Innovation attributes, Edquist activities, Rogers' adopter categories
# ---------------------------------------------------------------------------

INNOVATION_ATTRIBUTES = (
    "relative_advantage",
    "compatibility",
    "complexity",
    "trialability",
    "observability",
)
"""Rogers' five perceived attributes of an innovation, each scored 0..1.
Complexity works against adoption; the other four work for it."""


@dataclass(frozen=True)
class EdquistActivity:
    number: int
    key: str
    name: str
    group: str

    @property
    def node_id(self) -> str:
        return f"edquist:{self.number}"


EDQUIST_GROUPS = (
    "knowledge inputs",
    "demand side",
    "provision of constituents",
    "support services",
)

EDQUIST_ACTIVITIES = (
    EdquistActivity(1, "rnd", "Research and development", "knowledge inputs"),
    EdquistActivity(2, "competence_building", "Competence building through learning", "knowledge inputs"),
    EdquistActivity(3, "market_formation", "Formation of new product and service markets", "demand side"),
    EdquistActivity(4, "quality_requirements", "Articulation of quality requirements by the demand side",
                    "demand side"),
    EdquistActivity(5, "organisations", "Creating and changing organisations for innovation",
                    "provision of constituents"),
    EdquistActivity(6, "networking", "Networking and interactive learning between organisations",
                    "provision of constituents"),
    EdquistActivity(7, "institutions", "Creating and changing institutions (laws, routines, incentives)",
                    "provision of constituents"),
    EdquistActivity(8, "incubation", "Incubation activities", "support services"),
    EdquistActivity(9, "financing", "Financing of innovation processes", "support services"),
    EdquistActivity(10, "consultancy", "Consultancy services relevant to innovation", "support services"),
)
EDQUIST_BY_NUMBER = {a.number: a for a in EDQUIST_ACTIVITIES}


@dataclass(frozen=True)
class AdopterCategory:
    key: str
    name: str
    share: float
    #: adoption time bounds in standard deviations from the mean (Rogers)
    sd_low: float
    sd_high: float


ADOPTER_CATEGORIES = (
    AdopterCategory("innovators", "Innovators", 0.025, float("-inf"), -2.0),
    AdopterCategory("early_adopters", "Early adopters", 0.135, -2.0, -1.0),
    AdopterCategory("early_majority", "Early majority", 0.34, -1.0, 0.0),
    AdopterCategory("late_majority", "Late majority", 0.34, 0.0, 1.0),
    AdopterCategory("laggards", "Laggards", 0.16, 1.0, float("inf")),
)
ADOPTER_CATEGORY_KEYS = tuple(c.key for c in ADOPTER_CATEGORIES)

# ---------------------------------------------------------------------------
# Vocabularies used by several tables
# ---------------------------------------------------------------------------

SIZE_CLASSES = ("small", "medium", "large")

INNOVATION_TYPES = (
    "tool", "method", "service", "process", "organisational", "technology",
    "policy", "strategy", "guideline", "platform", "system", "project",
)

ADOPTION_STATUSES = (
    "aware",         # knows of it, has not decided
    "piloted",       # tried in part of the organisation
    "adopted",       # in use
    "deferred",      # decision postponed
    "declined",      # decided against
    "bypassed",      # went around it (own solution instead of the standard)
    "discontinued",  # used, then stopped
    "not_adopted",   # observed not to use it
)

ADOPTION_DEPTHS = (
    "full", "systematic", "partial", "elements", "foundation_only",
    "inspiration", "strategy_only",
    # graded adoption of a policy document into the municipality's own documents
    "none", "drafting", "copied", "adapted", "integrated", "lapsed",
)

CHANNELS = (
    "seed",              # initial adopter in a scenario
    "mass_media",        # campaigns, portals, national strategies: mostly awareness
    "interpersonal",     # peer influence along relations
    "change_agent",      # an actor that carries the innovation to its contacts
    "opinion_leader",
    "event",             # conferences, arenas, presentations
    "collective",        # an ICT company or programme decides for its members
    "programme",         # a national programme prescribes or supports it
    "vertical_pickup",   # a county authority, KS or the state takes it up and broadcasts it
    "own_initiative",
    "education",         # college study, training
    "consultant",
    "study_visit",
    "network",           # formal network membership
    "personal_tie",      # e.g. a chief executive with a background elsewhere
    "unknown",
)

PROCESS_ASPECTS = ("phase", "driver", "barrier", "handling", "milestone")
INNOVATION_PHASES = (
    "problem_definition", "idea_generation", "selection", "implementation", "diffusion",
    "evaluation",
)

# ---------------------------------------------------------------------------
# Node kinds
# ---------------------------------------------------------------------------

# Columns every node row has.
NODE_COMMON = _props(
    Prop("id", "str", True, "unique id across all node tables"),
    Prop("kind", "str", True, "node kind, one of schema.NODE_KINDS"),
    Prop("name", "str", True, "display name, as the source spells it"),
    Prop("aliases", "str", False, "other names and spellings, separated by ';'"),
    Prop("description", "str", False, "short description in the project's own words"),
)

_GEO = _props(
    Prop("latitude", "float", False, "WGS84/EPSG:4258 degrees", min=57.0, max=72.0),
    Prop("longitude", "float", False, "WGS84/EPSG:4258 degrees", min=4.0, max=32.0),
)
_ORG = _props(
    Prop("founded", "year", False, "year founded or started", min=1800, max=2100),
    Prop("dissolved", "year", False, "year dissolved, merged or closed", min=1800, max=2100),
    Prop("anonymised", "bool", False, "true when the source hides the real identity"),
)
_INNOVATION = _props(
    Prop("innovation_type", "enum", True, "what sort of innovation", INNOVATION_TYPES),
    Prop("launched", "date", False, "launch or start: YYYY, YYYY-MM or YYYY-MM-DD"),
    Prop("ended", "date", False, "end or discontinuation date"),
    Prop("status", "str", False, "status as the source gives it (e.g. beta, running, ended)"),
    Prop("domain", "str", False, "policy field, e.g. welfare technology, housing"),
    Prop("idea_origin", "str", False, "where the idea came from"),
    *(Prop(a, "float", False, f"Rogers attribute '{a}' on a 0..1 scale", min=0.0, max=1.0)
      for a in INNOVATION_ATTRIBUTES),
)


@dataclass(frozen=True)
class NodeKind:
    name: str
    table: str
    doc: str
    props: dict[str, Prop] = field(default_factory=dict)
    #: True for organisations and people: the actors of an innovation system
    is_actor: bool = True
    #: True when the graph builder creates these nodes from the schema itself
    generated: bool = False

    @property
    def label(self) -> str:
        """Neo4j label (identical to the kind name)."""
        return self.name

    def all_props(self) -> dict[str, Prop]:
        out = dict(NODE_COMMON)
        out.update(self.props)
        return out


def _actor(name: str, doc: str, *extra: dict[str, Prop]) -> NodeKind:
    props: dict[str, Prop] = dict(_ORG)
    for e in extra:
        props.update(e)
    return NodeKind(name, "actors", doc, props)


_NODE_LIST = (
    _actor("Municipality", "A municipality (kommune); anonymised ones are separate nodes.", _GEO, _props(
        Prop("municipality_number", "str", False, "official four-digit kommunenummer"),
        Prop("population", "int", False, "residents", min=0),
        Prop("area_km2", "float", False, "area in km²", min=0),
        Prop("admin_centre", "str", False, "administrative centre"),
        Prop("language_form", "str", False, "Bokmål, Nynorsk or Nøytral"),
        Prop("size_class", "enum", False, "small | medium | large", SIZE_CLASSES),
        Prop("county_as_given", "str", False, "the county the source names, in its own time's division"),
        Prop("innovation_strategy", "bool", False, "has a written innovation strategy"),
        Prop("profile", "str", False, "short profile from the source"),
    )),
    _actor("County", "One of Norway's counties (fylker), as of 2024.", _props(
        Prop("county_number", "str", False, "two-digit fylkesnummer"),
    )),
    _actor("Region", "A former county or an informal region named by a source.", _props(
        Prop("region_type", "str", False, "former_county, region, ..."),
    )),
    _actor("CountyAuthority", "A county authority (fylkeskommune).", _props(
        Prop("county_number", "str", False, "two-digit fylkesnummer"),
    )),
    _actor("InterestOrganisation", "An interest organisation such as KS."),
    _actor("StateAgency", "A state agency or directorate, e.g. Husbanken."),
    _actor("Ministry", "A government ministry."),
    _actor("University", "A university or university college."),
    _actor("ResearchInstitute", "A research institute."),
    _actor("Company", "A private company or supplier."),
    _actor("Consultancy", "A consultancy or training provider."),
    _actor("VolunteerOrganisation", "A volunteer, community or civil-society organisation."),
    _actor("IntermunicipalCompany", "An inter-municipal ICT company or cooperation.", _props(
        Prop("member_count", "int", False, "number of members or owners", min=0),
    )),
    _actor("Network", "A network, alliance or partnership of organisations."),
    _actor("Programme", "A national or regional programme or instrument.", _props(
        Prop("participant_count", "int", False, "number of participating units", min=0),
    )),
    _actor("Event", "An event, conference or recurring arena.", _props(
        Prop("recurring", "str", False, "e.g. annual, monthly"),
    )),
    _actor("Person", "A person or role, anonymised as the source does.", _props(
        Prop("role", "str", False, "e.g. chief executive, project leader"),
    )),
    NodeKind("Innovation", "innovations", "An innovation: tool, service, method, policy or strategy.",
             dict(_INNOVATION), is_actor=False),
    NodeKind("Project", "innovations", "An innovation project carried out by actors.",
             dict(_INNOVATION), is_actor=False),
    NodeKind("EdquistActivity", "(schema)", "One of Edquist's ten innovation-system activities.",
             _props(Prop("number", "int", True, "1..10", min=1, max=10),
                    Prop("group", "str", True, "one of the four groups")),
             is_actor=False, generated=True),
    NodeKind("Source", "sources", "A source document: a thesis, a reference data set or a public web page.", _props(
        Prop("source_kind", "enum", True, "thesis | reference | web", SOURCE_KINDS),
        Prop("title", "str", True, "title as the source gives it"),
        Prop("author", "str", False, "author(s)"),
        Prop("institution", "str", False, "institution"),
        Prop("year", "year", False, "year", min=1800, max=2100),
        Prop("file", "str", False, "file name of the source text"),
        Prop("line_count", "int", False, "number of lines in the source file", min=0),
        Prop("sha256", "str", False,
             "SHA-256 of the exact source file the line numbers refer to (another text extraction differs)"),
        Prop("url", "str", False, "address of the public page or document (required for web sources; "
             "for a thesis, its archive record where known)"),
        Prop("date_seen", "date", False, "date the page was read, YYYY-MM-DD (required for web sources)"),
    ), is_actor=False),
)
NODE_KINDS: dict[str, NodeKind] = {k.name: k for k in _NODE_LIST}
ACTOR_KINDS = tuple(k.name for k in _NODE_LIST if k.is_actor)
INNOVATION_KINDS = ("Innovation", "Project")

# Common groups of kinds, used in relation endpoint rules.
ANY_ACTOR = ACTOR_KINDS
ORGANISATIONS = tuple(k for k in ACTOR_KINDS if k not in ("County", "Region", "Person", "Event"))
PLACES = ("County", "Region")
GROUPINGS = ("Network", "IntermunicipalCompany", "InterestOrganisation", "Programme")
ANY_NODE_BUT_ACTIVITY = ACTOR_KINDS + INNOVATION_KINDS

# ---------------------------------------------------------------------------
# Relation types
# ---------------------------------------------------------------------------

RELATION_COMMON = _props(
    Prop("from_id", "str", True, "id of the start node"),
    Prop("type", "str", True, "relation type, one of schema.RELATION_TYPES"),
    Prop("to_id", "str", True, "id of the end node"),
    Prop("year", "year", False, "year the relation started or the event happened", min=1800, max=2100),
    Prop("year_end", "year", False, "year the relation ended", min=1800, max=2100),
    Prop("innovation_id", "str", False, "the innovation or project this relation is about"),
    Prop("role", "str", False, "role or short qualifier, e.g. co-developer, owner"),
    Prop("weight", "float", False, "strength 0..1 used by the simulation", min=0.0, max=1.0),
    Prop("description", "str", False, "what the relation is, in the project's own words"),
)


@dataclass(frozen=True)
class RelationType:
    name: str
    doc: str
    from_kinds: tuple[str, ...]
    to_kinds: tuple[str, ...]
    table: str = "relations"
    symmetric: bool = False
    props: dict[str, Prop] = field(default_factory=dict)
    #: whether a relation from a node to itself means something (validation rejects it otherwise)
    self_relation: bool = False

    def allows(self, from_kind: str, to_kind: str) -> bool:
        ok = from_kind in self.from_kinds and to_kind in self.to_kinds
        if not ok and self.symmetric:
            ok = to_kind in self.from_kinds and from_kind in self.to_kinds
        return ok


_REL_LIST = (
    RelationType("LOCATED_IN", "Lies in a county or region.", ANY_ACTOR, PLACES),
    RelationType("PART_OF", "Is a part, body or office of another actor or region.",
                 ANY_ACTOR, ANY_ACTOR),
    RelationType("MEMBER_OF", "Is a member or owner-member of a network, company or programme.",
                 ANY_ACTOR, GROUPINGS + ("Event",)),
    RelationType("OWNS", "Owns (part of) a company.", ORGANISATIONS,
                 ("IntermunicipalCompany", "Company")),
    RelationType("COLLABORATES_WITH", "Works together with (symmetric).", ANY_ACTOR, ANY_ACTOR,
                 symmetric=True),
    RelationType("FUNDS", "Finances an actor, project or programme.", ORGANISATIONS,
                 ANY_NODE_BUT_ACTIVITY),
    RelationType("SUPPLIES", "Delivers products or services to.", ORGANISATIONS, ANY_ACTOR),
    RelationType("ADVISES", "Advises, guides or evaluates.", ANY_ACTOR, ANY_NODE_BUT_ACTIVITY),
    RelationType("TRAINS", "Educates or trains staff of.", ANY_ACTOR, ANY_ACTOR),
    RelationType("DEVELOPED", "Developed or co-developed an innovation or project.", ANY_ACTOR,
                 INNOVATION_KINDS),
    RelationType("ISSUED", "Issued a policy, strategy or guideline.", ANY_ACTOR, INNOVATION_KINDS),
    RelationType("RECOMMENDS", "Recommends or prescribes an innovation.", ANY_ACTOR, INNOVATION_KINDS),
    RelationType("PARTICIPATES_IN", "Takes part in a programme, network, event or project.",
                 ANY_ACTOR, ("Programme", "Network", "Event", "Project")),
    RelationType("LEADS", "Leads or coordinates.", ANY_ACTOR,
                 ("Project", "Programme", "Network", "Event", "Innovation")),
    RelationType("ORGANISES", "Organises or hosts an event, network or programme.", ANY_ACTOR,
                 ("Event", "Network", "Programme")),
    RelationType("PERFORMS", "Performs one of Edquist's activities (from activities.csv).",
                 ANY_ACTOR, ("EdquistActivity",), table="activities"),
    RelationType("ADOPTED", "Adoption state of an innovation (from adoptions.csv).",
                 ANY_ACTOR, INNOVATION_KINDS, table="adoptions"),
    RelationType("INSPIRED_BY", "Drew inspiration from (awareness, not copying).",
                 ANY_NODE_BUT_ACTIVITY, ANY_NODE_BUT_ACTIVITY),
    RelationType("COPIED_FROM", "Copied or replicated from.", ANY_NODE_BUT_ACTIVITY,
                 ANY_NODE_BUT_ACTIVITY),
    RelationType("PICKED_UP_BY", "Was taken up by a higher-level actor that spread it further.",
                 INNOVATION_KINDS + ANY_ACTOR, ANY_ACTOR),
    RelationType("PRESENTED_TO", "Presented an innovation to an event or audience.",
                 ANY_NODE_BUT_ACTIVITY, ANY_ACTOR),
    RelationType("VISITED", "Made a study visit to.", ANY_ACTOR, ANY_ACTOR),
    RelationType("STANDARDISES_FOR", "Chooses a common system or standard for a member.",
                 ("IntermunicipalCompany", "Programme", "InterestOrganisation", "Network"),
                 ANY_ACTOR),
    RelationType("EMPLOYED_BY", "A person works or worked for an actor.", ("Person",), ANY_ACTOR),
    RelationType("MERGED_INTO", "Was merged into.", ANY_ACTOR, ANY_ACTOR),
    RelationType("TARGETS", "An innovation is aimed at an actor or group.", INNOVATION_KINDS, ANY_ACTOR),
)
RELATION_TYPES: dict[str, RelationType] = {r.name: r for r in _REL_LIST}

ACTIVITY_COLUMNS = _props(
    Prop("actor_id", "str", True, "the actor that performs the activity"),
    Prop("activity", "int", True, "Edquist activity number 1..10", min=1, max=10),
    Prop("evidence", "str", True, "what the actor does, in the project's own words"),
)
ADOPTION_COLUMNS = _props(
    Prop("adopter_id", "str", True, "the adopting actor"),
    Prop("innovation_id", "str", True, "the innovation or project"),
    Prop("status", "enum", True, " | ".join(ADOPTION_STATUSES), ADOPTION_STATUSES),
    Prop("depth", "enum", False, " | ".join(ADOPTION_DEPTHS), ADOPTION_DEPTHS),
    Prop("year_start", "year", False, "first year of the observed period", min=1800, max=2100),
    Prop("year_end", "year", False, "last year of the observed period", min=1800, max=2100),
    Prop("channel", "enum", False, "how the adopter came to it", CHANNELS),
    Prop("via_id", "str", False, "the actor through which it came, if known"),
    Prop("description", "str", False, "what was observed, in the project's own words"),
)
PROCESS_COLUMNS = _props(
    Prop("innovation_id", "str", True, "the innovation or project"),
    Prop("aspect", "enum", True, " | ".join(PROCESS_ASPECTS), PROCESS_ASPECTS),
    Prop("phase", "enum", False, "innovation-cycle phase", INNOVATION_PHASES),
    Prop("label", "str", True, "short name of the phase, driver or barrier"),
    Prop("actor_id", "str", False, "the actor mainly involved, if any"),
    Prop("year_start", "year", False, "", min=1800, max=2100),
    Prop("year_end", "year", False, "", min=1800, max=2100),
    Prop("description", "str", False, "what happened, in the project's own words"),
)
OBSERVATION_COLUMNS = _props(
    Prop("id", "str", True, "unique observation id"),
    Prop("subject_id", "str", True, "the node the figure is about"),
    Prop("metric", "str", True, "what is counted, e.g. adopters, projects_claimed"),
    Prop("value", "float", True, "the figure"),
    Prop("qualifier", "enum", False, "exact | at_least | at_most | about", ("exact", "at_least", "at_most", "about")),
    Prop("year", "year", False, "year the figure refers to", min=1800, max=2100),
    Prop("date", "date", False, "finer date the figure refers to (YYYY-MM or YYYY-MM-DD); its year is `year`"),
    Prop("innovation_id", "str", False, "innovation the figure is about, if any"),
    Prop("description", "str", False, "what the figure means"),
)


@dataclass(frozen=True)
class Table:
    """A CSV table of the data directory."""

    name: str
    doc: str
    columns: dict[str, Prop]
    key: tuple[str, ...] = ()

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"


def _node_table_columns(table: str) -> dict[str, Prop]:
    cols = dict(NODE_COMMON)
    for kind in _NODE_LIST:
        if kind.table == table:
            for p in kind.props.values():
                cols.setdefault(p.name, Prop(p.name, p.type, False, p.doc, p.choices, p.min, p.max))
    return cols


def _with_provenance(cols: dict[str, Prop]) -> dict[str, Prop]:
    out = dict(cols)
    out.update(PROVENANCE)
    return out


_SOURCE_COLS = {k: v for k, v in NODE_COMMON.items() if k != "kind"}
_SOURCE_COLS.update(NODE_KINDS["Source"].props)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table("sources", "The source documents every other row cites.", _SOURCE_COLS, ("id",)),
        Table("actors", "Organisations, places and people, one row each.",
              _with_provenance(_node_table_columns("actors")), ("id",)),
        Table("innovations", "Innovations and projects.",
              _with_provenance(_node_table_columns("innovations")), ("id",)),
        Table("relations", "Typed relations between nodes.", _with_provenance(RELATION_COMMON)),
        Table("activities", "Who performs which Edquist activity, with evidence.",
              _with_provenance(ACTIVITY_COLUMNS)),
        Table("adoptions", "Who adopted (or declined, deferred…) which innovation, when and how.",
              _with_provenance(ADOPTION_COLUMNS)),
        Table("process", "Phases, drivers and barriers of an innovation process.",
              _with_provenance(PROCESS_COLUMNS)),
        Table("observations", "Figures stated by the sources, e.g. national adopter counts.",
              _with_provenance(OBSERVATION_COLUMNS), ("id",)),
    )
}
TABLE_ORDER = tuple(TABLES)
NODE_TABLES = ("sources", "actors", "innovations")
#: Tables whose rows become edges, with the columns used as (start, end).
EDGE_TABLES = {
    "relations": ("from_id", "to_id"),
    "activities": ("actor_id", None),
    "adoptions": ("adopter_id", "innovation_id"),
}


#: Columns whose values are node ids (or, for ``source``, a source id): checked for lookalikes and spaces.
ID_COLUMNS = ("id", "from_id", "to_id", "innovation_id", "actor_id", "adopter_id", "via_id", "subject_id",
              "source")


def kinds_in_table(table: str) -> tuple[str, ...]:
    return tuple(k.name for k in _NODE_LIST if k.table == table)


def relation_type_for_table(table: str) -> str | None:
    """The single relation type a dedicated edge table produces (None for relations.csv)."""
    for r in _REL_LIST:
        if r.table == table and table != "relations":
            return r.name
    return None

# ---------------------------------------------------------------------------
# Neo4j: labels and relationship types beyond the node kinds and relation types
# ---------------------------------------------------------------------------

#: Label carried by every node innosys writes to Neo4j (``--wipe`` removes exactly these).
NEO4J_COMMON_LABEL = "Innosys"
#: Extra label on nodes of an actor kind (ACTOR_KINDS), so Cypher can say ``(a:Actor)``.
NEO4J_ACTOR_LABEL = "Actor"
#: Auxiliary node labels: rows of process.csv / observations.csv and written simulation results.
NEO4J_RECORD_LABELS = {
    "ProcessRecord": "a row of process.csv (G.graph['process'])",
    "Observation": "a row of observations.csv (G.graph['observations'])",
    "SimulationRun": "a diffusion result directory written back by `innosys neo4j write-results`",
}
#: Auxiliary relationship types: (from label, to, meaning).
NEO4J_RECORD_RELATIONS = {
    "ABOUT": ("ProcessRecord|Observation", "node", "the record's innovation_id / subject_id"),
    "INVOLVES": ("ProcessRecord", "actor", "the process record's actor_id"),
    "CONCERNS": ("Observation", "innovation", "the observation's innovation_id"),
    "OF_INNOVATION": ("SimulationRun", "innovation", "the simulated innovation, when it is in the graph"),
    "SIMULATED_ADOPTION": ("adopting unit", "SimulationRun", "one row of the result's units.csv"),
}
