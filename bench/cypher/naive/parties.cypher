MATCH (c:Country {iso3: $country})
MATCH (a:Agreement {id: $agreement})
MERGE (c)-[p:PARTY_TO {key: $key}]->(a)
SET p.sources = $sources
