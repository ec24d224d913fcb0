// Generated from innosys/schema.py by innosys.neo4j.cypher (load_scripts); do not edit by hand.
// Innovation and project nodes, one statement per kind.
// Reads the merged tables written by `innosys export csv --out IMPORT_DIR` from the
// server's import directory (server.directories.import).

// Innovation nodes from innovations.csv
LOAD CSV WITH HEADERS FROM 'file:///innovations.csv' AS row
WITH row WHERE row.kind = 'Innovation'
MERGE (n:`Innosys` {id: row.id})
REMOVE n:`Municipality`:`County`:`Region`:`CountyAuthority`:`InterestOrganisation`:`StateAgency`:`Ministry`:`University`:`ResearchInstitute`:`Company`:`Consultancy`:`VolunteerOrganisation`:`IntermunicipalCompany`:`Network`:`Programme`:`Event`:`Person`:`Project`:`EdquistActivity`:`Source`:`Actor`
SET n:`Innovation`
SET n += {
  kind: row.kind,
  name: row.name,
  aliases: row.aliases,
  description: row.description,
  innovation_type: row.innovation_type,
  launched: row.launched,
  ended: row.ended,
  status: row.status,
  domain: row.domain,
  idea_origin: row.idea_origin,
  relative_advantage: toFloat(row.relative_advantage),
  compatibility: toFloat(row.compatibility),
  complexity: toFloat(row.complexity),
  trialability: toFloat(row.trialability),
  observability: toFloat(row.observability),
  source: row.source,
  lines: row.lines,
  confidence: row.confidence,
  keyword: row.keyword,
  note: row.note
};

// Project nodes from innovations.csv
LOAD CSV WITH HEADERS FROM 'file:///innovations.csv' AS row
WITH row WHERE row.kind = 'Project'
MERGE (n:`Innosys` {id: row.id})
REMOVE n:`Municipality`:`County`:`Region`:`CountyAuthority`:`InterestOrganisation`:`StateAgency`:`Ministry`:`University`:`ResearchInstitute`:`Company`:`Consultancy`:`VolunteerOrganisation`:`IntermunicipalCompany`:`Network`:`Programme`:`Event`:`Person`:`Innovation`:`EdquistActivity`:`Source`:`Actor`
SET n:`Project`
SET n += {
  kind: row.kind,
  name: row.name,
  aliases: row.aliases,
  description: row.description,
  innovation_type: row.innovation_type,
  launched: row.launched,
  ended: row.ended,
  status: row.status,
  domain: row.domain,
  idea_origin: row.idea_origin,
  relative_advantage: toFloat(row.relative_advantage),
  compatibility: toFloat(row.compatibility),
  complexity: toFloat(row.complexity),
  trialability: toFloat(row.trialability),
  observability: toFloat(row.observability),
  source: row.source,
  lines: row.lines,
  confidence: row.confidence,
  keyword: row.keyword,
  note: row.note
};
