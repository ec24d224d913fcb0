// name: adoption-overview
// description: For every innovation with adoption records, the number of distinct actors per adoption status.
// param: kind KIND default=null — only adopters of this kind (e.g. Municipality); null = all
// order: innovation_id, status
MATCH (a:Innosys)-[r:ADOPTED]->(i:Innosys)
WHERE $kind IS NULL OR a.kind = $kind
RETURN i.id AS innovation_id, i.name AS innovation_name, r.status AS status, count(DISTINCT a) AS adopters
ORDER BY innovation_id, status
