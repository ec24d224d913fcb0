// Generated from innosys/schema.py by innosys.neo4j.cypher (load_scripts); do not edit by hand.
// Actor nodes, one statement per kind.
// Reads the merged tables written by `innosys export csv --out IMPORT_DIR` from the
// server's import directory (server.directories.import).

// Municipality nodes from actors.csv
LOAD CSV WITH HEADERS FROM 'file:///actors.csv' AS row
WITH row WHERE row.kind = 'Municipality'
MERGE (n:`Innosys` {id: row.id})
REMOVE n:`County`:`Region`:`CountyAuthority`:`InterestOrganisation`:`StateAgency`:`Ministry`:`University`:`ResearchInstitute`:`Company`:`Consultancy`:`VolunteerOrganisation`:`IntermunicipalCompany`:`Network`:`Programme`:`Event`:`Person`:`Innovation`:`Project`:`EdquistActivity`:`Source`
SET n:`Municipality`:`Actor`
SET n += {
  kind: row.kind,
  name: row.name,
  aliases: row.aliases,
  description: row.description,
  founded: toInteger(row.founded),
  dissolved: toInteger(row.dissolved),
  anonymised: toBoolean(row.anonymised),
  latitude: toFloat(row.latitude),
  longitude: toFloat(row.longitude),
  municipality_number: row.municipality_number,
  population: toInteger(row.population),
  area_km2: toFloat(row.area_km2),
  admin_centre: row.admin_centre,
  language_form: row.language_form,
  size_class: row.size_class,
  county_as_given: row.county_as_given,
  innovation_strategy: toBoolean(row.innovation_strategy),
  profile: row.profile,
  source: row.source,
  lines: row.lines,
  confidence: row.confidence,
  keyword: row.keyword,
  note: row.note
};

// County nodes from actors.csv
LOAD CSV WITH HEADERS FROM 'file:///actors.csv' AS row
WITH row WHERE row.kind = 'County'
MERGE (n:`Innosys` {id: row.id})
REMOVE n:`Municipality`:`Region`:`CountyAuthority`:`InterestOrganisation`:`StateAgency`:`Ministry`:`University`:`ResearchInstitute`:`Company`:`Consultancy`:`VolunteerOrganisation`:`IntermunicipalCompany`:`Network`:`Programme`:`Event`:`Person`:`Innovation`:`Project`:`EdquistActivity`:`Source`
SET n:`County`:`Actor`
SET n += {
  kind: row.kind,
  name: row.name,
  aliases: row.aliases,
  description: row.description,
  founded: toInteger(row.founded),
  dissolved: toInteger(row.dissolved),
  anonymised: toBoolean(row.anonymised),
  county_number: row.county_number,
  source: row.source,
  lines: row.lines,
  confidence: row.confidence,
  keyword: row.keyword,
  note: row.note
};

// Region nodes from actors.csv
LOAD CSV WITH HEADERS FROM 'file:///actors.csv' AS row
WITH row WHERE row.kind = 'Region'
MERGE (n:`Innosys` {id: row.id})
REMOVE n:`Municipality`:`County`:`CountyAuthority`:`InterestOrganisation`:`StateAgency`:`Ministry`:`University`:`ResearchInstitute`:`Company`:`Consultancy`:`VolunteerOrganisation`:`IntermunicipalCompany`:`Network`:`Programme`:`Event`:`Person`:`Innovation`:`Project`:`EdquistActivity`:`Source`
SET n:`Region`:`Actor`
SET n += {
  kind: row.kind,
  name: row.name,
  aliases: row.aliases,
  description: row.description,
  founded: toInteger(row.founded),
  dissolved: toInteger(row.dissolved),
  anonymised: toBoolean(row.anonymised),
  region_type: row.region_type,
  source: row.source,
  lines: row.lines,
  confidence: row.confidence,
  keyword: row.keyword,
  note: row.note
};

// CountyAuthority nodes from actors.csv
LOAD CSV WITH HEADERS FROM 'file:///actors.csv' AS row
WITH row WHERE row.kind = 'CountyAuthority'
MERGE (n:`Innosys` {id: row.id})
REMOVE n:`Municipality`:`County`:`Region`:`InterestOrganisation`:`StateAgency`:`Ministry`:`University`:`ResearchInstitute`:`Company`:`Consultancy`:`VolunteerOrganisation`:`IntermunicipalCompany`:`Network`:`Programme`:`Event`:`Person`:`Innovation`:`Project`:`EdquistActivity`:`Source`
SET n:`CountyAuthority`:`Actor`
SET n += {
  kind: row.kind,
  name: row.name,
  aliases: row.aliases,
  description: row.description,
  founded: toInteger(row.founded),
  dissolved: toInteger(row.dissolved),
  anonymised: toBoolean(row.anonymised),
  county_number: row.county_number,
  source: row.source,
  lines: row.lines,
  confidence: row.confidence,
  keyword: row.keyword,
  note: row.note
};

// InterestOrganisation nodes from actors.csv
LOAD CSV WITH HEADERS FROM 'file:///actors.csv' AS row
WITH row WHERE row.kind = 'InterestOrganisation'
MERGE (n:`Innosys` {id: row.id})
REMOVE n:`Municipality`:`County`:`Region`:`CountyAuthority`:`StateAgency`:`Ministry`:`University`:`ResearchInstitute`:`Company`:`Consultancy`:`VolunteerOrganisation`:`IntermunicipalCompany`:`Network`:`Programme`:`Event`:`Person`:`Innovation`:`Project`:`EdquistActivity`:`Source`
SET n:`InterestOrganisation`:`Actor`
SET n += {
  kind: row.kind,
  name: row.name,
  aliases: row.aliases,
  description: row.description,
  founded: toInteger(row.founded),
  dissolved: toInteger(row.dissolved),
  anonymised: toBoolean(row.anonymised),
  source: row.source,
  lines: row.lines,
  confidence: row.confidence,
  keyword: row.keyword,
  note: row.note
};

// StateAgency nodes from actors.csv
LOAD CSV WITH HEADERS FROM 'file:///actors.csv' AS row
WITH row WHERE row.kind = 'StateAgency'
MERGE (n:`Innosys` {id: row.id})
REMOVE n:`Municipality`:`County`:`Region`:`CountyAuthority`:`InterestOrganisation`:`Ministry`:`University`:`ResearchInstitute`:`Company`:`Consultancy`:`VolunteerOrganisation`:`IntermunicipalCompany`:`Network`:`Programme`:`Event`:`Person`:`Innovation`:`Project`:`EdquistActivity`:`Source`
SET n:`StateAgency`:`Actor`
SET n += {
  kind: row.kind,
  name: row.name,
  aliases: row.aliases,
  description: row.description,
  founded: toInteger(row.founded),
  dissolved: toInteger(row.dissolved),
  anonymised: toBoolean(row.anonymised),
  source: row.source,
  lines: row.lines,
  confidence: row.confidence,
  keyword: row.keyword,
  note: row.note
};

// Ministry nodes from actors.csv
LOAD CSV WITH HEADERS FROM 'file:///actors.csv' AS row
WITH row WHERE row.kind = 'Ministry'
MERGE (n:`Innosys` {id: row.id})
REMOVE n:`Municipality`:`County`:`Region`:`CountyAuthority`:`InterestOrganisation`:`StateAgency`:`University`:`ResearchInstitute`:`Company`:`Consultancy`:`VolunteerOrganisation`:`IntermunicipalCompany`:`Network`:`Programme`:`Event`:`Person`:`Innovation`:`Project`:`EdquistActivity`:`Source`
SET n:`Ministry`:`Actor`
SET n += {
  kind: row.kind,
  name: row.name,
  aliases: row.aliases,
  description: row.description,
  founded: toInteger(row.founded),
  dissolved: toInteger(row.dissolved),
  anonymised: toBoolean(row.anonymised),
  source: row.source,
  lines: row.lines,
  confidence: row.confidence,
  keyword: row.keyword,
  note: row.note
};

// University nodes from actors.csv
LOAD CSV WITH HEADERS FROM 'file:///actors.csv' AS row
WITH row WHERE row.kind = 'University'
MERGE (n:`Innosys` {id: row.id})
REMOVE n:`Municipality`:`County`:`Region`:`CountyAuthority`:`InterestOrganisation`:`StateAgency`:`Ministry`:`ResearchInstitute`:`Company`:`Consultancy`:`VolunteerOrganisation`:`IntermunicipalCompany`:`Network`:`Programme`:`Event`:`Person`:`Innovation`:`Project`:`EdquistActivity`:`Source`
SET n:`University`:`Actor`
SET n += {
  kind: row.kind,
  name: row.name,
  aliases: row.aliases,
  description: row.description,
  founded: toInteger(row.founded),
  dissolved: toInteger(row.dissolved),
  anonymised: toBoolean(row.anonymised),
  source: row.source,
  lines: row.lines,
  confidence: row.confidence,
  keyword: row.keyword,
  note: row.note
};

// ResearchInstitute nodes from actors.csv
LOAD CSV WITH HEADERS FROM 'file:///actors.csv' AS row
WITH row WHERE row.kind = 'ResearchInstitute'
MERGE (n:`Innosys` {id: row.id})
REMOVE n:`Municipality`:`County`:`Region`:`CountyAuthority`:`InterestOrganisation`:`StateAgency`:`Ministry`:`University`:`Company`:`Consultancy`:`VolunteerOrganisation`:`IntermunicipalCompany`:`Network`:`Programme`:`Event`:`Person`:`Innovation`:`Project`:`EdquistActivity`:`Source`
SET n:`ResearchInstitute`:`Actor`
SET n += {
  kind: row.kind,
  name: row.name,
  aliases: row.aliases,
  description: row.description,
  founded: toInteger(row.founded),
  dissolved: toInteger(row.dissolved),
  anonymised: toBoolean(row.anonymised),
  source: row.source,
  lines: row.lines,
  confidence: row.confidence,
  keyword: row.keyword,
  note: row.note
};

// Company nodes from actors.csv
LOAD CSV WITH HEADERS FROM 'file:///actors.csv' AS row
WITH row WHERE row.kind = 'Company'
MERGE (n:`Innosys` {id: row.id})
REMOVE n:`Municipality`:`County`:`Region`:`CountyAuthority`:`InterestOrganisation`:`StateAgency`:`Ministry`:`University`:`ResearchInstitute`:`Consultancy`:`VolunteerOrganisation`:`IntermunicipalCompany`:`Network`:`Programme`:`Event`:`Person`:`Innovation`:`Project`:`EdquistActivity`:`Source`
SET n:`Company`:`Actor`
SET n += {
  kind: row.kind,
  name: row.name,
  aliases: row.aliases,
  description: row.description,
  founded: toInteger(row.founded),
  dissolved: toInteger(row.dissolved),
  anonymised: toBoolean(row.anonymised),
  source: row.source,
  lines: row.lines,
  confidence: row.confidence,
  keyword: row.keyword,
  note: row.note
};

// Consultancy nodes from actors.csv
LOAD CSV WITH HEADERS FROM 'file:///actors.csv' AS row
WITH row WHERE row.kind = 'Consultancy'
MERGE (n:`Innosys` {id: row.id})
REMOVE n:`Municipality`:`County`:`Region`:`CountyAuthority`:`InterestOrganisation`:`StateAgency`:`Ministry`:`University`:`ResearchInstitute`:`Company`:`VolunteerOrganisation`:`IntermunicipalCompany`:`Network`:`Programme`:`Event`:`Person`:`Innovation`:`Project`:`EdquistActivity`:`Source`
SET n:`Consultancy`:`Actor`
SET n += {
  kind: row.kind,
  name: row.name,
  aliases: row.aliases,
  description: row.description,
  founded: toInteger(row.founded),
  dissolved: toInteger(row.dissolved),
  anonymised: toBoolean(row.anonymised),
  source: row.source,
  lines: row.lines,
  confidence: row.confidence,
  keyword: row.keyword,
  note: row.note
};

// VolunteerOrganisation nodes from actors.csv
LOAD CSV WITH HEADERS FROM 'file:///actors.csv' AS row
WITH row WHERE row.kind = 'VolunteerOrganisation'
MERGE (n:`Innosys` {id: row.id})
REMOVE n:`Municipality`:`County`:`Region`:`CountyAuthority`:`InterestOrganisation`:`StateAgency`:`Ministry`:`University`:`ResearchInstitute`:`Company`:`Consultancy`:`IntermunicipalCompany`:`Network`:`Programme`:`Event`:`Person`:`Innovation`:`Project`:`EdquistActivity`:`Source`
SET n:`VolunteerOrganisation`:`Actor`
SET n += {
  kind: row.kind,
  name: row.name,
  aliases: row.aliases,
  description: row.description,
  founded: toInteger(row.founded),
  dissolved: toInteger(row.dissolved),
  anonymised: toBoolean(row.anonymised),
  source: row.source,
  lines: row.lines,
  confidence: row.confidence,
  keyword: row.keyword,
  note: row.note
};

// IntermunicipalCompany nodes from actors.csv
LOAD CSV WITH HEADERS FROM 'file:///actors.csv' AS row
WITH row WHERE row.kind = 'IntermunicipalCompany'
MERGE (n:`Innosys` {id: row.id})
REMOVE n:`Municipality`:`County`:`Region`:`CountyAuthority`:`InterestOrganisation`:`StateAgency`:`Ministry`:`University`:`ResearchInstitute`:`Company`:`Consultancy`:`VolunteerOrganisation`:`Network`:`Programme`:`Event`:`Person`:`Innovation`:`Project`:`EdquistActivity`:`Source`
SET n:`IntermunicipalCompany`:`Actor`
SET n += {
  kind: row.kind,
  name: row.name,
  aliases: row.aliases,
  description: row.description,
  founded: toInteger(row.founded),
  dissolved: toInteger(row.dissolved),
  anonymised: toBoolean(row.anonymised),
  member_count: toInteger(row.member_count),
  source: row.source,
  lines: row.lines,
  confidence: row.confidence,
  keyword: row.keyword,
  note: row.note
};

// Network nodes from actors.csv
LOAD CSV WITH HEADERS FROM 'file:///actors.csv' AS row
WITH row WHERE row.kind = 'Network'
MERGE (n:`Innosys` {id: row.id})
REMOVE n:`Municipality`:`County`:`Region`:`CountyAuthority`:`InterestOrganisation`:`StateAgency`:`Ministry`:`University`:`ResearchInstitute`:`Company`:`Consultancy`:`VolunteerOrganisation`:`IntermunicipalCompany`:`Programme`:`Event`:`Person`:`Innovation`:`Project`:`EdquistActivity`:`Source`
SET n:`Network`:`Actor`
SET n += {
  kind: row.kind,
  name: row.name,
  aliases: row.aliases,
  description: row.description,
  founded: toInteger(row.founded),
  dissolved: toInteger(row.dissolved),
  anonymised: toBoolean(row.anonymised),
  source: row.source,
  lines: row.lines,
  confidence: row.confidence,
  keyword: row.keyword,
  note: row.note
};

// Programme nodes from actors.csv
LOAD CSV WITH HEADERS FROM 'file:///actors.csv' AS row
WITH row WHERE row.kind = 'Programme'
MERGE (n:`Innosys` {id: row.id})
REMOVE n:`Municipality`:`County`:`Region`:`CountyAuthority`:`InterestOrganisation`:`StateAgency`:`Ministry`:`University`:`ResearchInstitute`:`Company`:`Consultancy`:`VolunteerOrganisation`:`IntermunicipalCompany`:`Network`:`Event`:`Person`:`Innovation`:`Project`:`EdquistActivity`:`Source`
SET n:`Programme`:`Actor`
SET n += {
  kind: row.kind,
  name: row.name,
  aliases: row.aliases,
  description: row.description,
  founded: toInteger(row.founded),
  dissolved: toInteger(row.dissolved),
  anonymised: toBoolean(row.anonymised),
  participant_count: toInteger(row.participant_count),
  source: row.source,
  lines: row.lines,
  confidence: row.confidence,
  keyword: row.keyword,
  note: row.note
};

// Event nodes from actors.csv
LOAD CSV WITH HEADERS FROM 'file:///actors.csv' AS row
WITH row WHERE row.kind = 'Event'
MERGE (n:`Innosys` {id: row.id})
REMOVE n:`Municipality`:`County`:`Region`:`CountyAuthority`:`InterestOrganisation`:`StateAgency`:`Ministry`:`University`:`ResearchInstitute`:`Company`:`Consultancy`:`VolunteerOrganisation`:`IntermunicipalCompany`:`Network`:`Programme`:`Person`:`Innovation`:`Project`:`EdquistActivity`:`Source`
SET n:`Event`:`Actor`
SET n += {
  kind: row.kind,
  name: row.name,
  aliases: row.aliases,
  description: row.description,
  founded: toInteger(row.founded),
  dissolved: toInteger(row.dissolved),
  anonymised: toBoolean(row.anonymised),
  recurring: row.recurring,
  source: row.source,
  lines: row.lines,
  confidence: row.confidence,
  keyword: row.keyword,
  note: row.note
};

// Person nodes from actors.csv
LOAD CSV WITH HEADERS FROM 'file:///actors.csv' AS row
WITH row WHERE row.kind = 'Person'
MERGE (n:`Innosys` {id: row.id})
REMOVE n:`Municipality`:`County`:`Region`:`CountyAuthority`:`InterestOrganisation`:`StateAgency`:`Ministry`:`University`:`ResearchInstitute`:`Company`:`Consultancy`:`VolunteerOrganisation`:`IntermunicipalCompany`:`Network`:`Programme`:`Event`:`Innovation`:`Project`:`EdquistActivity`:`Source`
SET n:`Person`:`Actor`
SET n += {
  kind: row.kind,
  name: row.name,
  aliases: row.aliases,
  description: row.description,
  founded: toInteger(row.founded),
  dissolved: toInteger(row.dissolved),
  anonymised: toBoolean(row.anonymised),
  role: row.role,
  source: row.source,
  lines: row.lines,
  confidence: row.confidence,
  keyword: row.keyword,
  note: row.note
};
