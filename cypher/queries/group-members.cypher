// name: group-members
// description: Members of each network, ICT company (or other grouping), with how they belong and since when.
// param: kinds KINDS default=Network,IntermunicipalCompany — kinds of group
// param: relations RELATIONS default=MEMBER_OF,OWNS,PARTICIPATES_IN — relations that make a member
// order: group_id, member_id, relation, year
MATCH (m:Innosys)-[r]->(g:Innosys)
WHERE g.kind IN $kinds AND type(r) IN $relations
RETURN g.id AS group_id, g.name AS group_name, g.kind AS group_kind,
       m.id AS member_id, m.name AS member_name, m.kind AS member_kind,
       type(r) AS relation, r.year AS year, r.year_end AS year_end, r.role AS role
ORDER BY group_id, member_id, relation, year
