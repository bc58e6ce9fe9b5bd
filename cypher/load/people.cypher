// Load Person nodes.
UNWIND $rows AS row
MERGE (p:Person {id: row.id})
SET p.name = row.name,
    p.sources = row.sources
