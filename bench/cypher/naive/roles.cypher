MATCH (p:Person {id: $person})
MATCH (c:Country {iso3: $country})
MERGE (p)-[r:HELD_ROLE {key: $key}]->(c)
SET r.title = $title, r.since = date($since), r.until = date($until), r.sources = $sources,
    r.notes = $notes
