// Generated from innosys/schema.py by innosys.neo4j.cypher (load_scripts); do not edit by hand.
// relations.csv, one statement per relation type.
// Reads the merged tables written by `innosys export csv --out IMPORT_DIR` from the
// server's import directory (server.directories.import).

// LOCATED_IN relationships from relations.csv
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row, linenumber() AS line
WITH row, line WHERE row.type = 'LOCATED_IN'
MATCH (a:`Innosys` {id: row.from_id})
MATCH (b:`Innosys` {id: row.to_id})
MERGE (a)-[r:`LOCATED_IN` {key: 'csv:relations:' + toString(line)}]->(b)
SET r += {
  year: toInteger(row.year),
  year_end: toInteger(row.year_end),
  innovation_id: row.innovation_id,
  role: row.role,
  weight: toFloat(row.weight),
  description: row.description,
  source: row.source,
  lines: row.lines,
  confidence: row.confidence,
  keyword: row.keyword,
  note: row.note,
  seq: line
};

// PART_OF relationships from relations.csv
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row, linenumber() AS line
WITH row, line WHERE row.type = 'PART_OF'
MATCH (a:`Innosys` {id: row.from_id})
MATCH (b:`Innosys` {id: row.to_id})
MERGE (a)-[r:`PART_OF` {key: 'csv:relations:' + toString(line)}]->(b)
SET r += {
  year: toInteger(row.year),
  year_end: toInteger(row.year_end),
  innovation_id: row.innovation_id,
  role: row.role,
  weight: toFloat(row.weight),
  description: row.description,
  source: row.source,
  lines: row.lines,
  confidence: row.confidence,
  keyword: row.keyword,
  note: row.note,
  seq: line
};

// MEMBER_OF relationships from relations.csv
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row, linenumber() AS line
WITH row, line WHERE row.type = 'MEMBER_OF'
MATCH (a:`Innosys` {id: row.from_id})
MATCH (b:`Innosys` {id: row.to_id})
MERGE (a)-[r:`MEMBER_OF` {key: 'csv:relations:' + toString(line)}]->(b)
SET r += {
  year: toInteger(row.year),
  year_end: toInteger(row.year_end),
  innovation_id: row.innovation_id,
  role: row.role,
  weight: toFloat(row.weight),
  description: row.description,
  source: row.source,
  lines: row.lines,
  confidence: row.confidence,
  keyword: row.keyword,
  note: row.note,
  seq: line
};

// OWNS relationships from relations.csv
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row, linenumber() AS line
WITH row, line WHERE row.type = 'OWNS'
MATCH (a:`Innosys` {id: row.from_id})
MATCH (b:`Innosys` {id: row.to_id})
MERGE (a)-[r:`OWNS` {key: 'csv:relations:' + toString(line)}]->(b)
SET r += {
  year: toInteger(row.year),
  year_end: toInteger(row.year_end),
  innovation_id: row.innovation_id,
  role: row.role,
  weight: toFloat(row.weight),
  description: row.description,
  source: row.source,
  lines: row.lines,
  confidence: row.confidence,
  keyword: row.keyword,
  note: row.note,
  seq: line
};

// COLLABORATES_WITH relationships from relations.csv
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row, linenumber() AS line
WITH row, line WHERE row.type = 'COLLABORATES_WITH'
MATCH (a:`Innosys` {id: row.from_id})
MATCH (b:`Innosys` {id: row.to_id})
MERGE (a)-[r:`COLLABORATES_WITH` {key: 'csv:relations:' + toString(line)}]->(b)
SET r += {
  year: toInteger(row.year),
  year_end: toInteger(row.year_end),
  innovation_id: row.innovation_id,
  role: row.role,
  weight: toFloat(row.weight),
  description: row.description,
  source: row.source,
  lines: row.lines,
  confidence: row.confidence,
  keyword: row.keyword,
  note: row.note,
  seq: line
};

// FUNDS relationships from relations.csv
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row, linenumber() AS line
WITH row, line WHERE row.type = 'FUNDS'
MATCH (a:`Innosys` {id: row.from_id})
MATCH (b:`Innosys` {id: row.to_id})
MERGE (a)-[r:`FUNDS` {key: 'csv:relations:' + toString(line)}]->(b)
SET r += {
  year: toInteger(row.year),
  year_end: toInteger(row.year_end),
  innovation_id: row.innovation_id,
  role: row.role,
  weight: toFloat(row.weight),
  description: row.description,
  source: row.source,
  lines: row.lines,
  confidence: row.confidence,
  keyword: row.keyword,
  note: row.note,
  seq: line
};

// SUPPLIES relationships from relations.csv
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row, linenumber() AS line
WITH row, line WHERE row.type = 'SUPPLIES'
MATCH (a:`Innosys` {id: row.from_id})
MATCH (b:`Innosys` {id: row.to_id})
MERGE (a)-[r:`SUPPLIES` {key: 'csv:relations:' + toString(line)}]->(b)
SET r += {
  year: toInteger(row.year),
  year_end: toInteger(row.year_end),
  innovation_id: row.innovation_id,
  role: row.role,
  weight: toFloat(row.weight),
  description: row.description,
  source: row.source,
  lines: row.lines,
  confidence: row.confidence,
  keyword: row.keyword,
  note: row.note,
  seq: line
};

// ADVISES relationships from relations.csv
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row, linenumber() AS line
WITH row, line WHERE row.type = 'ADVISES'
MATCH (a:`Innosys` {id: row.from_id})
MATCH (b:`Innosys` {id: row.to_id})
MERGE (a)-[r:`ADVISES` {key: 'csv:relations:' + toString(line)}]->(b)
SET r += {
  year: toInteger(row.year),
  year_end: toInteger(row.year_end),
  innovation_id: row.innovation_id,
  role: row.role,
  weight: toFloat(row.weight),
  description: row.description,
  source: row.source,
  lines: row.lines,
  confidence: row.confidence,
  keyword: row.keyword,
  note: row.note,
  seq: line
};

// TRAINS relationships from relations.csv
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row, linenumber() AS line
WITH row, line WHERE row.type = 'TRAINS'
MATCH (a:`Innosys` {id: row.from_id})
MATCH (b:`Innosys` {id: row.to_id})
MERGE (a)-[r:`TRAINS` {key: 'csv:relations:' + toString(line)}]->(b)
SET r += {
  year: toInteger(row.year),
  year_end: toInteger(row.year_end),
  innovation_id: row.innovation_id,
  role: row.role,
  weight: toFloat(row.weight),
  description: row.description,
  source: row.source,
  lines: row.lines,
  confidence: row.confidence,
  keyword: row.keyword,
  note: row.note,
  seq: line
};

// DEVELOPED relationships from relations.csv
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row, linenumber() AS line
WITH row, line WHERE row.type = 'DEVELOPED'
MATCH (a:`Innosys` {id: row.from_id})
MATCH (b:`Innosys` {id: row.to_id})
MERGE (a)-[r:`DEVELOPED` {key: 'csv:relations:' + toString(line)}]->(b)
SET r += {
  year: toInteger(row.year),
  year_end: toInteger(row.year_end),
  innovation_id: row.innovation_id,
  role: row.role,
  weight: toFloat(row.weight),
  description: row.description,
  source: row.source,
  lines: row.lines,
  confidence: row.confidence,
  keyword: row.keyword,
  note: row.note,
  seq: line
};

// ISSUED relationships from relations.csv
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row, linenumber() AS line
WITH row, line WHERE row.type = 'ISSUED'
MATCH (a:`Innosys` {id: row.from_id})
MATCH (b:`Innosys` {id: row.to_id})
MERGE (a)-[r:`ISSUED` {key: 'csv:relations:' + toString(line)}]->(b)
SET r += {
  year: toInteger(row.year),
  year_end: toInteger(row.year_end),
  innovation_id: row.innovation_id,
  role: row.role,
  weight: toFloat(row.weight),
  description: row.description,
  source: row.source,
  lines: row.lines,
  confidence: row.confidence,
  keyword: row.keyword,
  note: row.note,
  seq: line
};

// RECOMMENDS relationships from relations.csv
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row, linenumber() AS line
WITH row, line WHERE row.type = 'RECOMMENDS'
MATCH (a:`Innosys` {id: row.from_id})
MATCH (b:`Innosys` {id: row.to_id})
MERGE (a)-[r:`RECOMMENDS` {key: 'csv:relations:' + toString(line)}]->(b)
SET r += {
  year: toInteger(row.year),
  year_end: toInteger(row.year_end),
  innovation_id: row.innovation_id,
  role: row.role,
  weight: toFloat(row.weight),
  description: row.description,
  source: row.source,
  lines: row.lines,
  confidence: row.confidence,
  keyword: row.keyword,
  note: row.note,
  seq: line
};

// PARTICIPATES_IN relationships from relations.csv
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row, linenumber() AS line
WITH row, line WHERE row.type = 'PARTICIPATES_IN'
MATCH (a:`Innosys` {id: row.from_id})
MATCH (b:`Innosys` {id: row.to_id})
MERGE (a)-[r:`PARTICIPATES_IN` {key: 'csv:relations:' + toString(line)}]->(b)
SET r += {
  year: toInteger(row.year),
  year_end: toInteger(row.year_end),
  innovation_id: row.innovation_id,
  role: row.role,
  weight: toFloat(row.weight),
  description: row.description,
  source: row.source,
  lines: row.lines,
  confidence: row.confidence,
  keyword: row.keyword,
  note: row.note,
  seq: line
};

// LEADS relationships from relations.csv
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row, linenumber() AS line
WITH row, line WHERE row.type = 'LEADS'
MATCH (a:`Innosys` {id: row.from_id})
MATCH (b:`Innosys` {id: row.to_id})
MERGE (a)-[r:`LEADS` {key: 'csv:relations:' + toString(line)}]->(b)
SET r += {
  year: toInteger(row.year),
  year_end: toInteger(row.year_end),
  innovation_id: row.innovation_id,
  role: row.role,
  weight: toFloat(row.weight),
  description: row.description,
  source: row.source,
  lines: row.lines,
  confidence: row.confidence,
  keyword: row.keyword,
  note: row.note,
  seq: line
};

// ORGANISES relationships from relations.csv
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row, linenumber() AS line
WITH row, line WHERE row.type = 'ORGANISES'
MATCH (a:`Innosys` {id: row.from_id})
MATCH (b:`Innosys` {id: row.to_id})
MERGE (a)-[r:`ORGANISES` {key: 'csv:relations:' + toString(line)}]->(b)
SET r += {
  year: toInteger(row.year),
  year_end: toInteger(row.year_end),
  innovation_id: row.innovation_id,
  role: row.role,
  weight: toFloat(row.weight),
  description: row.description,
  source: row.source,
  lines: row.lines,
  confidence: row.confidence,
  keyword: row.keyword,
  note: row.note,
  seq: line
};

// INSPIRED_BY relationships from relations.csv
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row, linenumber() AS line
WITH row, line WHERE row.type = 'INSPIRED_BY'
MATCH (a:`Innosys` {id: row.from_id})
MATCH (b:`Innosys` {id: row.to_id})
MERGE (a)-[r:`INSPIRED_BY` {key: 'csv:relations:' + toString(line)}]->(b)
SET r += {
  year: toInteger(row.year),
  year_end: toInteger(row.year_end),
  innovation_id: row.innovation_id,
  role: row.role,
  weight: toFloat(row.weight),
  description: row.description,
  source: row.source,
  lines: row.lines,
  confidence: row.confidence,
  keyword: row.keyword,
  note: row.note,
  seq: line
};

// COPIED_FROM relationships from relations.csv
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row, linenumber() AS line
WITH row, line WHERE row.type = 'COPIED_FROM'
MATCH (a:`Innosys` {id: row.from_id})
MATCH (b:`Innosys` {id: row.to_id})
MERGE (a)-[r:`COPIED_FROM` {key: 'csv:relations:' + toString(line)}]->(b)
SET r += {
  year: toInteger(row.year),
  year_end: toInteger(row.year_end),
  innovation_id: row.innovation_id,
  role: row.role,
  weight: toFloat(row.weight),
  description: row.description,
  source: row.source,
  lines: row.lines,
  confidence: row.confidence,
  keyword: row.keyword,
  note: row.note,
  seq: line
};

// PICKED_UP_BY relationships from relations.csv
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row, linenumber() AS line
WITH row, line WHERE row.type = 'PICKED_UP_BY'
MATCH (a:`Innosys` {id: row.from_id})
MATCH (b:`Innosys` {id: row.to_id})
MERGE (a)-[r:`PICKED_UP_BY` {key: 'csv:relations:' + toString(line)}]->(b)
SET r += {
  year: toInteger(row.year),
  year_end: toInteger(row.year_end),
  innovation_id: row.innovation_id,
  role: row.role,
  weight: toFloat(row.weight),
  description: row.description,
  source: row.source,
  lines: row.lines,
  confidence: row.confidence,
  keyword: row.keyword,
  note: row.note,
  seq: line
};

// PRESENTED_TO relationships from relations.csv
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row, linenumber() AS line
WITH row, line WHERE row.type = 'PRESENTED_TO'
MATCH (a:`Innosys` {id: row.from_id})
MATCH (b:`Innosys` {id: row.to_id})
MERGE (a)-[r:`PRESENTED_TO` {key: 'csv:relations:' + toString(line)}]->(b)
SET r += {
  year: toInteger(row.year),
  year_end: toInteger(row.year_end),
  innovation_id: row.innovation_id,
  role: row.role,
  weight: toFloat(row.weight),
  description: row.description,
  source: row.source,
  lines: row.lines,
  confidence: row.confidence,
  keyword: row.keyword,
  note: row.note,
  seq: line
};

// VISITED relationships from relations.csv
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row, linenumber() AS line
WITH row, line WHERE row.type = 'VISITED'
MATCH (a:`Innosys` {id: row.from_id})
MATCH (b:`Innosys` {id: row.to_id})
MERGE (a)-[r:`VISITED` {key: 'csv:relations:' + toString(line)}]->(b)
SET r += {
  year: toInteger(row.year),
  year_end: toInteger(row.year_end),
  innovation_id: row.innovation_id,
  role: row.role,
  weight: toFloat(row.weight),
  description: row.description,
  source: row.source,
  lines: row.lines,
  confidence: row.confidence,
  keyword: row.keyword,
  note: row.note,
  seq: line
};

// STANDARDISES_FOR relationships from relations.csv
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row, linenumber() AS line
WITH row, line WHERE row.type = 'STANDARDISES_FOR'
MATCH (a:`Innosys` {id: row.from_id})
MATCH (b:`Innosys` {id: row.to_id})
MERGE (a)-[r:`STANDARDISES_FOR` {key: 'csv:relations:' + toString(line)}]->(b)
SET r += {
  year: toInteger(row.year),
  year_end: toInteger(row.year_end),
  innovation_id: row.innovation_id,
  role: row.role,
  weight: toFloat(row.weight),
  description: row.description,
  source: row.source,
  lines: row.lines,
  confidence: row.confidence,
  keyword: row.keyword,
  note: row.note,
  seq: line
};

// EMPLOYED_BY relationships from relations.csv
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row, linenumber() AS line
WITH row, line WHERE row.type = 'EMPLOYED_BY'
MATCH (a:`Innosys` {id: row.from_id})
MATCH (b:`Innosys` {id: row.to_id})
MERGE (a)-[r:`EMPLOYED_BY` {key: 'csv:relations:' + toString(line)}]->(b)
SET r += {
  year: toInteger(row.year),
  year_end: toInteger(row.year_end),
  innovation_id: row.innovation_id,
  role: row.role,
  weight: toFloat(row.weight),
  description: row.description,
  source: row.source,
  lines: row.lines,
  confidence: row.confidence,
  keyword: row.keyword,
  note: row.note,
  seq: line
};

// MERGED_INTO relationships from relations.csv
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row, linenumber() AS line
WITH row, line WHERE row.type = 'MERGED_INTO'
MATCH (a:`Innosys` {id: row.from_id})
MATCH (b:`Innosys` {id: row.to_id})
MERGE (a)-[r:`MERGED_INTO` {key: 'csv:relations:' + toString(line)}]->(b)
SET r += {
  year: toInteger(row.year),
  year_end: toInteger(row.year_end),
  innovation_id: row.innovation_id,
  role: row.role,
  weight: toFloat(row.weight),
  description: row.description,
  source: row.source,
  lines: row.lines,
  confidence: row.confidence,
  keyword: row.keyword,
  note: row.note,
  seq: line
};

// TARGETS relationships from relations.csv
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row, linenumber() AS line
WITH row, line WHERE row.type = 'TARGETS'
MATCH (a:`Innosys` {id: row.from_id})
MATCH (b:`Innosys` {id: row.to_id})
MERGE (a)-[r:`TARGETS` {key: 'csv:relations:' + toString(line)}]->(b)
SET r += {
  year: toInteger(row.year),
  year_end: toInteger(row.year_end),
  innovation_id: row.innovation_id,
  role: row.role,
  weight: toFloat(row.weight),
  description: row.description,
  source: row.source,
  lines: row.lines,
  confidence: row.confidence,
  keyword: row.keyword,
  note: row.note,
  seq: line
};
