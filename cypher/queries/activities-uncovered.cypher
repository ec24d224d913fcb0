// name: activities-uncovered
// description: The Edquist activities that no actor of a kind performs (e.g. no municipality).
// param: kind KIND default=Municipality — the kind of actor
// order: activity
MATCH (e:EdquistActivity)
WHERE NOT EXISTS { MATCH (a:Innosys)-[:PERFORMS]->(e) WHERE a.kind = $kind }
RETURN e.number AS activity, e.name AS activity_name, e.group AS group
ORDER BY activity
