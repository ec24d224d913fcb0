// name: influence-chains
// description: Inspired-by versus copied-from chains: the maximal chains of INSPIRED_BY and of COPIED_FROM relations (each chain one type, no node twice, at most 8 steps).
// order: relation, path
// A chain is maximal when it cannot be extended at either end by a relation of its type to a node
// outside it. Parallel relations give one chain.
MATCH p = (a:Innosys)-[:INSPIRED_BY|COPIED_FROM*1..8]->(b:Innosys)
WITH p, a, b, type(head(relationships(p))) AS relation
WHERE all(r IN relationships(p) WHERE type(r) = relation)
  AND all(i IN range(0, length(p) - 1) WHERE NOT nodes(p)[i] IN nodes(p)[i + 1..])
  AND NOT EXISTS { MATCH (x:Innosys)-[r2]->(a) WHERE type(r2) = relation AND NOT x IN nodes(p) }
  AND NOT EXISTS { MATCH (b)-[r3]->(y:Innosys) WHERE type(r3) = relation AND NOT y IN nodes(p) }
WITH DISTINCT relation, [n IN nodes(p) | n.id] AS path, [n IN nodes(p) | n.name] AS names
RETURN relation, size(path) - 1 AS length, path, names
ORDER BY relation, path
