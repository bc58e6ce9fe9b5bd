// Load CONCERNS relationships: an event was a meeting of, or concerns, a grouping.
UNWIND $rows AS row
MATCH (e:Event {id: row.event})
MATCH (g:Grouping {id: row.grouping})
CREATE (e)-[:CONCERNS {
    key: row.key,
    sources: row.sources
}]->(g)
