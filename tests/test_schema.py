"""The schema is consistent with itself and complete for what the product needs."""

import math

from innosys import schema


def test_relation_endpoints_are_known_kinds():
    for rel in schema.RELATION_TYPES.values():
        assert rel.from_kinds and rel.to_kinds, rel.name
        for k in rel.from_kinds + rel.to_kinds:
            assert k in schema.NODE_KINDS, (rel.name, k)
        assert rel.table in schema.TABLES, rel.name


def test_required_kinds_and_relations_exist():
    for k in ("Municipality", "County", "CountyAuthority", "InterestOrganisation", "StateAgency", "Ministry",
              "University", "ResearchInstitute", "Company", "Consultancy", "VolunteerOrganisation",
              "IntermunicipalCompany", "Network", "Programme", "Event", "Innovation", "Project",
              "EdquistActivity", "Source"):
        assert k in schema.NODE_KINDS
    for r in ("MEMBER_OF", "OWNS", "COLLABORATES_WITH", "FUNDS", "SUPPLIES", "ADVISES", "DEVELOPED",
              "PARTICIPATES_IN", "LEADS", "PERFORMS", "ADOPTED", "INSPIRED_BY", "COPIED_FROM",
              "PICKED_UP_BY", "LOCATED_IN", "STANDARDISES_FOR"):
        assert r in schema.RELATION_TYPES


def test_edquist_ten_activities_in_four_groups():
    acts = schema.EDQUIST_ACTIVITIES
    assert [a.number for a in acts] == list(range(1, 11))
    groups = {}
    for a in acts:
        groups.setdefault(a.group, []).append(a.number)
    assert list(groups) == list(schema.EDQUIST_GROUPS)
    assert groups == {"knowledge inputs": [1, 2], "demand side": [3, 4],
                      "provision of constituents": [5, 6, 7], "support services": [8, 9, 10]}


def test_rogers_categories_shares_and_bounds():
    cats = schema.ADOPTER_CATEGORIES
    assert [c.share for c in cats] == [0.025, 0.135, 0.34, 0.34, 0.16]
    assert math.isclose(sum(c.share for c in cats), 1.0)
    for a, b in zip(cats, cats[1:]):
        assert a.sd_high == b.sd_low
    # the shares are the normal distribution's masses between the sd bounds (rounded as Rogers does)
    from statistics import NormalDist

    nd = NormalDist()
    for c in cats:
        mass = nd.cdf(c.sd_high) - nd.cdf(c.sd_low)
        assert abs(mass - c.share) < 0.005, c.key


def test_innovation_attributes():
    assert schema.INNOVATION_ATTRIBUTES == (
        "relative_advantage", "compatibility", "complexity", "trialability", "observability")
    for kind in schema.INNOVATION_KINDS:
        for a in schema.INNOVATION_ATTRIBUTES:
            p = schema.NODE_KINDS[kind].props[a]
            assert (p.min, p.max) == (0.0, 1.0)


def test_tables_cover_every_kind_property_with_one_type():
    for kind in schema.NODE_KINDS.values():
        if kind.generated:
            continue
        cols = schema.TABLES[kind.table].columns
        for name, prop in kind.all_props().items():
            if kind.name == "Source" and name == "kind":
                continue
            assert name in cols, (kind.name, name)
            assert cols[name].type == prop.type, (kind.name, name)


def test_every_table_has_provenance_except_sources():
    for name, table in schema.TABLES.items():
        if name == "sources":
            continue
        for col in ("source", "lines", "confidence"):
            assert col in table.columns, (name, col)


def test_property_names_have_one_type_across_tables():
    """Graph attributes from different tables share a namespace; a name must mean one type."""
    seen = {}
    for table in schema.TABLES.values():
        for name, prop in table.columns.items():
            kind = "num" if prop.type in ("int", "year") else prop.type
            kind = "text" if kind in ("str", "enum", "date", "lines") else kind
            assert seen.setdefault(name, kind) == kind, name
