UNWIND $rows AS row
MATCH (c:Country {iso3: row.country})
MATCH (a:Agreement {id: row.agreement})
CREATE (c)-[:PARTY_TO {key: row.key, sources: row.sources}]->(a)
