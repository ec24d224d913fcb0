// name: observations
// description: Figures the sources state (adopter counts, participants, ...), per subject.
// param: subject ID default=null — only figures about this node; null = all
// param: innovation ID default=null — only figures about this innovation; null = all
// order: subject_id, metric, id
MATCH (o:Observation)-[:ABOUT]->(s:Innosys)
WHERE ($subject IS NULL OR s.id = $subject) AND ($innovation IS NULL OR o.innovation_id = $innovation)
RETURN o.observation_id AS id, s.id AS subject_id, s.name AS subject_name, o.metric AS metric,
       o.value AS value, o.qualifier AS qualifier, o.year AS year, o.innovation_id AS innovation_id,
       o.description AS description, o.source AS source, o.lines AS lines
ORDER BY subject_id, metric, id
