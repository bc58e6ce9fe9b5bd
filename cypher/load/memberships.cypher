// Load MEMBER_OF relationships: a country's dated membership of a grouping.
UNWIND $rows AS row
MATCH (c:Country {iso3: row.country})
MATCH (g:Grouping {id: row.grouping})
CREATE (c)-[:MEMBER_OF {
    key: row.key,
    since: row.since,
    sinceBy: row.sinceBy,
    until: row.until,
    untilBy: row.untilBy,
    sources: row.sources,
    notes: row.notes
}]->(g)
