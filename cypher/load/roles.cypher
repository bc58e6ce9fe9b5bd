// Load HELD_ROLE relationships: a person held a post for a country.
UNWIND $rows AS row
MATCH (p:Person {id: row.person})
MATCH (c:Country {iso3: row.country})
CREATE (p)-[:HELD_ROLE {
    key: row.key,
    title: row.title,
    since: row.since,
    sinceBy: row.sinceBy,
    until: row.until,
    untilBy: row.untilBy,
    ended: row.ended,
    acting: row.acting,
    vacantAfter: row.vacantAfter,
    sources: row.sources,
    notes: row.notes
}]->(c)
