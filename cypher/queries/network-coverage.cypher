// name: network-coverage
// description: Municipalities per county that belong to a regional digitalisation network (a network PART_OF the structure), by the surest confidence of the membership.
// param: structure ID default=net:ks-samstyring — the structure the regional networks are part of
// order: county_id
MATCH (c:County)
OPTIONAL MATCH (m:Municipality)-[:LOCATED_IN]->(c)
WITH c, collect(DISTINCT m) AS ms
WITH c, ms, [m IN ms | [(m)-[r:MEMBER_OF]->(n:Innosys)-[:PART_OF]->(:Innosys {id: $structure}) | {confidence: r.confidence, network: n.id}]] AS links
WITH c, ms, links,
     reduce(acc = [], x IN reduce(flat = [], l IN links | flat + l) |
            CASE WHEN x.network IN acc THEN acc ELSE acc + x.network END) AS networks
RETURN c.id AS county_id, c.name AS county_name, size(ms) AS municipalities,
       size([l IN links WHERE size(l) > 0]) AS members,
       size([l IN links WHERE any(x IN l WHERE x.confidence IN ['stated', 'derived'])]) AS members_stated_or_derived,
       CASE WHEN size(ms) = 0 THEN null ELSE toFloat(size([l IN links WHERE size(l) > 0])) / size(ms) END AS member_share,
       size(networks) AS networks
ORDER BY county_id
