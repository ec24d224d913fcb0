// Generated from innosys/schema.py by innosys.neo4j.cypher (load_scripts); do not edit by hand.
// Source nodes.
// Reads the merged tables written by `innosys export csv --out IMPORT_DIR` from the
// server's import directory (server.directories.import).

// Source nodes from sources.csv
LOAD CSV WITH HEADERS FROM 'file:///sources.csv' AS row
MERGE (n:`Innosys` {id: row.id})
REMOVE n:`Municipality`:`County`:`Region`:`CountyAuthority`:`InterestOrganisation`:`StateAgency`:`Ministry`:`University`:`ResearchInstitute`:`Company`:`Consultancy`:`VolunteerOrganisation`:`IntermunicipalCompany`:`Network`:`Programme`:`Event`:`Person`:`Innovation`:`Project`:`EdquistActivity`:`Actor`
SET n:`Source`
SET n += {
  name: row.name,
  aliases: row.aliases,
  description: row.description,
  source_kind: row.source_kind,
  title: row.title,
  author: row.author,
  institution: row.institution,
  year: toInteger(row.year),
  file: row.file,
  line_count: toInteger(row.line_count),
  url: row.url,
  date_seen: row.date_seen,
  kind: 'Source'
};
