// Load AMENDS relationships: an agreement is a separate instrument amending an earlier one.
UNWIND $rows AS row
MATCH (newer:Agreement {id: row.agreement})
MATCH (older:Agreement {id: row.previous})
CREATE (newer)-[:AMENDS {
    key: row.key,
    sources: row.sources,
    notes: row.notes
}]->(older)
