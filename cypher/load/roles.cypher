// Load HELD_ROLE relationships: a person held a post for a country.
UNWIND $rows AS row
MATCH (p:Person {id: row.person})
MATCH (c:Country {iso3: row.country})
CREATE (p)-[r:HELD_ROLE {
    key: row.key,
    title: row.title,
    since: date(row.since),
    until: date(row.until),
    sources: row.sources,
    notes: row.notes
}]->(c)
