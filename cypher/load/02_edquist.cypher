// Generated from innosys/schema.py by innosys.neo4j.cypher (load_scripts); do not edit by hand.
// Edquist activity nodes.

// Edquist's ten activities (from the schema, not from a CSV file)
UNWIND [
  {id: 'edquist:1', number: 1, name: 'Research and development', group: 'knowledge inputs'},
  {id: 'edquist:2', number: 2, name: 'Competence building through learning', group: 'knowledge inputs'},
  {id: 'edquist:3', number: 3, name: 'Formation of new product and service markets', group: 'demand side'},
  {id: 'edquist:4', number: 4, name: 'Articulation of quality requirements by the demand side', group: 'demand side'},
  {id: 'edquist:5', number: 5, name: 'Creating and changing organisations for innovation', group: 'provision of constituents'},
  {id: 'edquist:6', number: 6, name: 'Networking and interactive learning between organisations', group: 'provision of constituents'},
  {id: 'edquist:7', number: 7, name: 'Creating and changing institutions (laws, routines, incentives)', group: 'provision of constituents'},
  {id: 'edquist:8', number: 8, name: 'Incubation activities', group: 'support services'},
  {id: 'edquist:9', number: 9, name: 'Financing of innovation processes', group: 'support services'},
  {id: 'edquist:10', number: 10, name: 'Consultancy services relevant to innovation', group: 'support services'}
] AS a
MERGE (n:`Innosys` {id: a.id})
SET n:`EdquistActivity`
SET n += {kind: 'EdquistActivity', name: a.name, number: a.number, group: a.group};
