// Load PARTY_TO relationships: a country is a party to an agreement.
UNWIND $rows AS row
MATCH (c:Country {iso3: row.country})
MATCH (a:Agreement {id: row.agreement})
CREATE (c)-[:PARTY_TO {
    key: row.key,
    sources: row.sources
}]->(a)
