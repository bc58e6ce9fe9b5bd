// Load TOOK_PART relationships from people to events.
UNWIND $rows AS row
MATCH (p:Person {id: row.person})
MATCH (e:Event {id: row.event})
CREATE (p)-[:TOOK_PART {
    key: row.key,
    sources: row.sources
}]->(e)
