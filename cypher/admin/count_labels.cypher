// Node count per label, for `ipgraph status` and `ipgraph load` (not the Ipgraph* labels of
// a Neo4j load being staged or deleted).
MATCH (n)
UNWIND labels(n) AS label
WITH label
WHERE NOT label STARTS WITH 'Ipgraph'
RETURN label, count(*) AS count
ORDER BY label
