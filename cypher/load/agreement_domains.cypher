// Load COVERS relationships: an agreement covers a cooperation domain.
UNWIND $rows AS row
MATCH (a:Agreement {id: row.agreement})
MATCH (d:Domain {id: row.domain})
CREATE (a)-[:COVERS {
    key: row.key,
    sources: row.sources
}]->(d)
