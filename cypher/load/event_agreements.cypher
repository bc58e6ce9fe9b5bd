// Load CONCERNS relationships: an event concerns an agreement.
UNWIND $rows AS row
MATCH (e:Event {id: row.event})
MATCH (a:Agreement {id: row.agreement})
CREATE (e)-[:CONCERNS {
    key: row.key,
    sources: row.sources
}]->(a)
