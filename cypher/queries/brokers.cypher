// name: brokers
// description: Brokers between a source (e.g. KS) and a target group (e.g. the municipalities): actors on shortest paths of the actor network, scored like betweenness restricted to the two groups (pure Cypher, no GDS).
// param: source ID_OR_KIND default=ks — an actor id, or an actor kind meaning all actors of that kind
// param: target ID_OR_KIND default=Municipality — an actor id, or an actor kind
// order: brokerage DESC, id
// The actor network is innosys.graph.actor_network: actors joined by any relation except LOCATED_IN
// (sharing a county is not a tie), parallel relations counted once. For every (source, target) pair
// each distinct shortest node sequence gives every intermediate actor 1/(number of such sequences);
// the sum is halved (undirected), as networkx.betweenness_centrality_subset(normalized=False).
// The sources and targets themselves are not listed.
MATCH (s:Actor) WHERE s.id = $source OR s.kind = $source
WITH collect(s) AS sources
MATCH (t:Actor) WHERE t.id = $target OR t.kind = $target
WITH sources, collect(t) AS targets
WITH sources, targets, [n IN sources | n.id] + [n IN targets | n.id] AS ends
UNWIND sources AS s
UNWIND targets AS t
WITH s, t, ends WHERE s <> t
MATCH p = allShortestPaths((s)-[*]-(t))
WHERE all(n IN nodes(p) WHERE n:Actor) AND none(r IN relationships(p) WHERE type(r) = 'LOCATED_IN')
WITH s, t, ends, collect(DISTINCT [n IN nodes(p) | n.id]) AS paths
UNWIND paths AS path
UNWIND path[1..-1] AS w
WITH w, ends, 0.5 / size(paths) AS share
WHERE NOT w IN ends
WITH w, sum(share) AS score
MATCH (b:Innosys {id: w})
RETURN b.id AS id, b.name AS name, b.kind AS kind, round(score, 9) AS brokerage
ORDER BY brokerage DESC, id
