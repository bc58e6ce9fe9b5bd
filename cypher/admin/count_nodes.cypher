// Total node count (labelled or not), for `ipgraph status`; not the nodes of a Neo4j load
// still being staged or deleted (labels Ipgraph*, see ipgraph/db/neo4j_load.py).
MATCH (n)
WHERE NOT any(label IN labels(n) WHERE label STARTS WITH 'Ipgraph')
RETURN count(n) AS nodes
