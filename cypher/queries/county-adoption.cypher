// name: county-adoption
// description: Municipalities per county with their population and how many of them adopted an innovation.
// param: innovation ID default=inn:samveis — the innovation or project
// param: statuses STATUSES default=adopted,piloted — adoption statuses that count as adopting
// order: county_id
MATCH (c:County)
OPTIONAL MATCH (m:Municipality)-[:LOCATED_IN]->(c)
WITH c, collect(DISTINCT m) AS ms
WITH c, ms, [m IN ms WHERE EXISTS {
       MATCH (m)-[r:ADOPTED]->(i:Innosys {id: $innovation}) WHERE r.status IN $statuses }] AS adopting
RETURN c.id AS county_id, c.name AS county_name, size(ms) AS municipalities,
       reduce(total = 0, m IN ms | total + coalesce(m.population, 0)) AS population,
       size(adopting) AS adopters,
       CASE WHEN size(ms) = 0 THEN null ELSE toFloat(size(adopting)) / size(ms) END AS adopter_share
ORDER BY county_id
