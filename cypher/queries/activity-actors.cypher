// name: activity-actors
// description: Actors performing each Edquist activity, with the evidence and its citation.
// param: activity INTEGER default=null — only this activity number (1..10); null = all ten
// order: activity, actor_id, lines, evidence
MATCH (a:Innosys)-[r:PERFORMS]->(e:EdquistActivity)
WHERE $activity IS NULL OR e.number = $activity
RETURN e.number AS activity, e.name AS activity_name, e.group AS group,
       a.id AS actor_id, a.name AS actor_name, a.kind AS actor_kind,
       r.evidence AS evidence, r.confidence AS confidence, r.source AS source, r.lines AS lines
ORDER BY activity, actor_id, lines, evidence
