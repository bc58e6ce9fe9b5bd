// Load Person nodes.
UNWIND $rows AS row
CREATE (p:Person {id: row.id})
SET p.name = row.name,
    p.sources = row.sources
