// name: ego-network
// description: The direct relations of one actor (or any node), in both directions, with year and citation.
// param: actor ID default=ks — the node at the centre
// order: type, other_id, direction, year, source, lines
// Graph relationships only: records and simulation results hang off nodes without an id.
// A relationship from the node to itself is listed twice, once 'out' and once 'in'.
MATCH (a:Innosys {id: $actor})
UNWIND ['out', 'in'] AS direction
MATCH (a)-[r]-(o:Innosys)
WHERE o.id IS NOT NULL
  AND ((direction = 'out' AND startNode(r) = a) OR (direction = 'in' AND endNode(r) = a))
RETURN direction, type(r) AS type, o.id AS other_id, o.name AS other_name, o.kind AS other_kind,
       r.year AS year, r.source AS source, r.lines AS lines
ORDER BY type, other_id, direction, year, source, lines
