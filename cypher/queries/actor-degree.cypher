// name: actor-degree
// description: Actors by degree in the actor network (distinct partners over any relation except LOCATED_IN) and by number of such relations.
// param: kind KIND default=null — only actors of this kind; null = all actors
// param: min_degree INTEGER default=1 — leave out actors with fewer partners
// order: degree DESC, relations DESC, id
MATCH (a:Actor)
WHERE $kind IS NULL OR a.kind = $kind
OPTIONAL MATCH (a)-[r]-(b:Actor)
WHERE a <> b AND type(r) <> 'LOCATED_IN'
WITH a, count(DISTINCT b) AS degree, count(r) AS relations
WHERE degree >= $min_degree
RETURN a.id AS id, a.name AS name, a.kind AS kind, degree, relations
ORDER BY degree DESC, relations DESC, id
