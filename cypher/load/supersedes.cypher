// Load SUPERSEDES relationships: a newer agreement replaced an earlier one.
UNWIND $rows AS row
MATCH (newer:Agreement {id: row.agreement})
MATCH (older:Agreement {id: row.previous})
CREATE (newer)-[:SUPERSEDES {
    key: row.key,
    sources: row.sources,
    notes: row.notes
}]->(older)
