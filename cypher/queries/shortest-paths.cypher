// name: shortest-paths
// description: All shortest paths between two actors in the actor network (any relation except LOCATED_IN, either direction).
// param: source ID default=ks — the actor the paths start from
// param: target ID default=husbanken — the actor the paths end at
// order: path
MATCH (s:Actor {id: $source}), (t:Actor {id: $target})
WHERE s <> t
MATCH p = allShortestPaths((s)-[*]-(t))
WHERE all(n IN nodes(p) WHERE n:Actor) AND none(r IN relationships(p) WHERE type(r) = 'LOCATED_IN')
WITH DISTINCT [n IN nodes(p) | n.id] AS path, [n IN nodes(p) | n.name] AS names
RETURN size(path) - 1 AS length, path, names
ORDER BY path
