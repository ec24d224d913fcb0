// Generated from innosys/schema.py by innosys.neo4j.cypher (load_scripts); do not edit by hand.
// activities.csv.
// Reads the merged tables written by `innosys export csv --out IMPORT_DIR` from the
// server's import directory (server.directories.import).

// PERFORMS relationships from activities.csv
LOAD CSV WITH HEADERS FROM 'file:///activities.csv' AS row
WITH row, linenumber() AS line
MATCH (a:`Innosys` {id: row.actor_id})
MATCH (b:`EdquistActivity` {number: toInteger(row.activity)})
MERGE (a)-[r:`PERFORMS` {key: 'csv:activities:' + toString(line)}]->(b)
SET r += {
  actor_id: row.actor_id,
  activity: toInteger(row.activity),
  evidence: row.evidence,
  source: row.source,
  lines: row.lines,
  confidence: row.confidence,
  keyword: row.keyword,
  note: row.note,
  seq: line
};
