// Generated from innosys/schema.py by innosys.neo4j.cypher (load_scripts); do not edit by hand.
// process.csv.
// Reads the merged tables written by `innosys export csv --out IMPORT_DIR` from the
// server's import directory (server.directories.import).

// process.csv rows as ProcessRecord nodes, linked to their innovation and actor
LOAD CSV WITH HEADERS FROM 'file:///process.csv' AS row
WITH row, linenumber() AS line
MERGE (p:`Innosys`:`ProcessRecord` {key: 'csv:process:' + toString(line)})
SET p += {
  innovation_id: row.innovation_id,
  aspect: row.aspect,
  phase: row.phase,
  label: row.label,
  actor_id: row.actor_id,
  year_start: toInteger(row.year_start),
  year_end: toInteger(row.year_end),
  description: row.description,
  source: row.source,
  lines: row.lines,
  confidence: row.confidence,
  keyword: row.keyword,
  note: row.note,
  seq: line
}
WITH p, row
MATCH (i:`Innosys` {id: row.innovation_id})
MERGE (p)-[:`ABOUT`]->(i)
WITH p, row WHERE row.actor_id IS NOT NULL
MATCH (a:`Innosys` {id: row.actor_id})
MERGE (p)-[:`INVOLVES`]->(a);
