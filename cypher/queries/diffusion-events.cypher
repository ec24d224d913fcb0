// name: diffusion-events
// description: Diffusion events per innovation or project: adoptions, inspiration, copying, pick-up, presentations, recommendations, standardisation.
// param: innovation ID default=null — only events about this innovation or project; null = all
// param: types RELATIONS default=ADOPTED,INSPIRED_BY,COPIED_FROM,PICKED_UP_BY,PRESENTED_TO,RECOMMENDS,STANDARDISES_FOR — relation types that count as events
// param: innovation_kinds KINDS default=Innovation,Project — node kinds that are innovations
// order: innovation_id, year, event, from_id, to_id, status
// An event is about the relation's innovation_id, else about its innovation end node.
MATCH (a:Innosys)-[r]->(b:Innosys)
WHERE type(r) IN $types
WITH a, r, b, coalesce(r.innovation_id,
       CASE WHEN b.kind IN $innovation_kinds THEN b.id WHEN a.kind IN $innovation_kinds THEN a.id END) AS inn
WHERE inn IS NOT NULL AND ($innovation IS NULL OR inn = $innovation)
OPTIONAL MATCH (i:Innosys {id: inn})
RETURN inn AS innovation_id, i.name AS innovation_name, type(r) AS event, r.status AS status,
       a.id AS from_id, a.name AS from_name, b.id AS to_id, b.name AS to_name,
       coalesce(r.year, r.year_start) AS year, r.channel AS channel
ORDER BY innovation_id, year, event, from_id, to_id, status
