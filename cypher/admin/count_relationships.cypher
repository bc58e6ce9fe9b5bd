// Relationship count per type, for `ipgraph status` and `ipgraph load`.
MATCH ()-[r]->()
RETURN type(r) AS type, count(*) AS count
ORDER BY type
