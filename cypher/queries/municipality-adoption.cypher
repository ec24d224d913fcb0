// name: municipality-adoption
// description: Every municipality with its county, population and size class, and its adoption statuses for an innovation.
// param: innovation ID default=inn:samveis — the innovation or project
// param: adopters_only BOOLEAN default=false — only municipalities with an adoption record for it
// order: county_id, id
MATCH (m:Municipality)
OPTIONAL MATCH (m)-[:LOCATED_IN]->(c:County)
OPTIONAL MATCH (m)-[r:ADOPTED]->(:Innosys {id: $innovation})
WITH m, c, r ORDER BY r.status
WITH m, c, collect(DISTINCT r.status) AS statuses
WHERE NOT $adopters_only OR size(statuses) > 0
RETURN c.id AS county_id, c.name AS county_name, m.id AS id, m.name AS name,
       m.population AS population, m.size_class AS size_class, statuses
ORDER BY county_id, id
