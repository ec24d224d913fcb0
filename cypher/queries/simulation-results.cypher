// name: simulation-results
// description: Simulated adoption per unit as written by `innosys neo4j write-results`: probability, median step, Rogers category, main channel.
// param: scenario STRING default=null — only this scenario; null = every written scenario
// param: results STRING default=null — embedded backend only: the result directory to read (Neo4j reads what write-results stored)
// order: scenario, probability DESC, unit_id
MATCH (u:Innosys)-[s:SIMULATED_ADOPTION]->(r:SimulationRun)
WHERE $scenario IS NULL OR r.scenario = $scenario
RETURN r.scenario AS scenario, r.innovation_id AS innovation_id, u.id AS unit_id, u.name AS unit_name,
       u.kind AS unit_kind, s.probability AS probability, s.median_step AS median_step,
       s.mean_step AS mean_step, s.category AS category, s.main_channel AS main_channel
ORDER BY scenario, probability DESC, unit_id
