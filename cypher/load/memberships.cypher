// Load MEMBER_OF relationships: a country's dated membership of a grouping.
UNWIND $rows AS row
MATCH (c:Country {iso3: row.country})
MATCH (g:Grouping {id: row.grouping})
CREATE (c)-[m:MEMBER_OF {
    key: row.key,
    since: date(row.since),
    until: date(row.until),
    sources: row.sources,
    notes: row.notes
}]->(g)
