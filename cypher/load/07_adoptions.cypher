// Generated from innosys/schema.py by innosys.neo4j.cypher (load_scripts); do not edit by hand.
// adoptions.csv.
// Reads the merged tables written by `innosys export csv --out IMPORT_DIR` from the
// server's import directory (server.directories.import).

// ADOPTED relationships from adoptions.csv
LOAD CSV WITH HEADERS FROM 'file:///adoptions.csv' AS row
WITH row, linenumber() AS line
MATCH (a:`Innosys` {id: row.adopter_id})
MATCH (b:`Innosys` {id: row.innovation_id})
MERGE (a)-[r:`ADOPTED` {key: 'csv:adoptions:' + toString(line)}]->(b)
SET r += {
  adopter_id: row.adopter_id,
  innovation_id: row.innovation_id,
  status: row.status,
  depth: row.depth,
  year_start: toInteger(row.year_start),
  year_end: toInteger(row.year_end),
  channel: row.channel,
  via_id: row.via_id,
  description: row.description,
  source: row.source,
  lines: row.lines,
  confidence: row.confidence,
  keyword: row.keyword,
  note: row.note,
  seq: line
};
