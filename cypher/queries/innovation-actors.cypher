// name: innovation-actors
// description: Who stands behind each innovation or project: developers, issuers, leaders, funders, recommenders.
// param: innovation ID default=null — only this innovation or project; null = all
// param: relations RELATIONS default=DEVELOPED,ISSUED,LEADS,FUNDS,RECOMMENDS — relation types from actor to innovation
// param: innovation_kinds KINDS default=Innovation,Project — node kinds that are innovations
// order: innovation_id, relation, actor_id, year, role
MATCH (a:Actor)-[r]->(i:Innosys)
WHERE type(r) IN $relations AND i.kind IN $innovation_kinds AND ($innovation IS NULL OR i.id = $innovation)
RETURN i.id AS innovation_id, i.name AS innovation_name, i.kind AS innovation_kind, type(r) AS relation,
       a.id AS actor_id, a.name AS actor_name, a.kind AS actor_kind, r.year AS year, r.role AS role
ORDER BY innovation_id, relation, actor_id, year, role
