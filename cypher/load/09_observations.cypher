// Generated from innosys/schema.py by innosys.neo4j.cypher (load_scripts); do not edit by hand.
// observations.csv.
// Reads the merged tables written by `innosys export csv --out IMPORT_DIR` from the
// server's import directory (server.directories.import).

// observations.csv rows as Observation nodes, linked to their subject and innovation
LOAD CSV WITH HEADERS FROM 'file:///observations.csv' AS row
WITH row, linenumber() AS line
MERGE (o:`Innosys`:`Observation` {key: 'obs:' + row.id})
SET o += {
  subject_id: row.subject_id,
  metric: row.metric,
  value: toFloat(row.value),
  qualifier: row.qualifier,
  year: toInteger(row.year),
  date: row.date,
  innovation_id: row.innovation_id,
  description: row.description,
  source: row.source,
  lines: row.lines,
  confidence: row.confidence,
  keyword: row.keyword,
  note: row.note,
  observation_id: row.id,
  seq: line
}
WITH o, row
MATCH (s:`Innosys` {id: row.subject_id})
MERGE (o)-[:`ABOUT`]->(s)
WITH o, row WHERE row.innovation_id IS NOT NULL
MATCH (i:`Innosys` {id: row.innovation_id})
MERGE (o)-[:`CONCERNS`]->(i);
