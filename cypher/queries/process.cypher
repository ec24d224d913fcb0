// name: process
// description: The innovation process of an innovation as the sources tell it: phases, drivers, barriers, their handling and milestones, in source order.
// param: innovation ID default=inn:samveis — the innovation or project
// param: aspect STRING default=null — only this aspect (phase, driver, barrier, handling, milestone); null = all
MATCH (p:ProcessRecord)-[:ABOUT]->(i:Innosys {id: $innovation})
WHERE $aspect IS NULL OR p.aspect = $aspect
OPTIONAL MATCH (p)-[:INVOLVES]->(a:Innosys)
RETURN p.aspect AS aspect, p.phase AS phase, p.label AS label, p.actor_id AS actor_id, a.name AS actor_name,
       p.year_start AS year_start, p.year_end AS year_end, p.description AS description,
       p.source AS source, p.lines AS lines
ORDER BY p.seq
