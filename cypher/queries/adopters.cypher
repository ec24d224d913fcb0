// name: adopters
// description: Who adopted (or piloted, declined, ...) an innovation, when, how deeply and via which channel.
// param: innovation ID default=inn:samveis — the innovation or project
// param: statuses STATUSES default=null — only these adoption statuses; null = all
// order: year_start, adopter_id, status, source, lines
MATCH (a:Innosys)-[r:ADOPTED]->(i:Innosys {id: $innovation})
WHERE $statuses IS NULL OR r.status IN $statuses
OPTIONAL MATCH (v:Innosys {id: r.via_id})
RETURN a.id AS adopter_id, a.name AS adopter_name, a.kind AS adopter_kind, r.status AS status,
       r.depth AS depth, r.year_start AS year_start, r.year_end AS year_end, r.channel AS channel,
       r.via_id AS via_id, v.name AS via_name, r.source AS source, r.lines AS lines
ORDER BY year_start, adopter_id, status, source, lines
