// Load TOOK_PART relationships from countries to events.
UNWIND $rows AS row
MATCH (c:Country {iso3: row.country})
MATCH (e:Event {id: row.event})
CREATE (c)-[:TOOK_PART {
    key: row.key,
    sources: row.sources
}]->(e)
