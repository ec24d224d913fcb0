// name: activity-coverage
// description: Coverage matrix: for each actor of a kind that performs any Edquist activity, the activities it performs.
// param: kind KIND default=Municipality — the kind of actor (rows of the matrix)
// order: id
MATCH (a:Innosys)-[:PERFORMS]->(e:EdquistActivity)
WHERE a.kind = $kind
WITH a, e ORDER BY e.number
WITH a, collect(DISTINCT e.number) AS activities
RETURN a.id AS id, a.name AS name, activities, size(activities) AS count
ORDER BY id
