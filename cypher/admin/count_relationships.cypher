// Relationship count per type, for `ipgraph status` and `ipgraph load` (not those of a Neo4j
// load being staged or deleted: they start at a node with an Ipgraph* label).
MATCH (a)-[r]->()
WHERE NOT any(label IN labels(a) WHERE label STARTS WITH 'Ipgraph')
RETURN type(r) AS type, count(*) AS count
ORDER BY type
