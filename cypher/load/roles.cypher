// Load HELD_ROLE relationships: a person held a post for a country.
UNWIND $rows AS row
MATCH (p:Person {id: row.person})
MATCH (c:Country {iso3: row.country})
CREATE (p)-[r:HELD_ROLE {key: row.key}]->(c)
SET r.title = row.title,
    r.since = date(row.since),
    r.until = date(row.until),
    r.sources = row.sources,
    r.notes = row.notes
