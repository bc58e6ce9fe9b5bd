// Load Person nodes.
UNWIND $rows AS row
CREATE (p:Person {
    id: row.id,
    name: row.name,
    sources: row.sources
})
