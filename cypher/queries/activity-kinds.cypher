// name: activity-kinds
// description: For each Edquist activity, how many actors of each kind perform it.
// order: activity, actors DESC, actor_kind
MATCH (a:Innosys)-[:PERFORMS]->(e:EdquistActivity)
RETURN e.number AS activity, e.name AS activity_name, a.kind AS actor_kind, count(DISTINCT a) AS actors
ORDER BY activity, actors DESC, actor_kind
