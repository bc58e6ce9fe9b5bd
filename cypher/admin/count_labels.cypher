// Node count per label, for `ipgraph status` and `ipgraph load`.
MATCH (n)
UNWIND labels(n) AS label
RETURN label, count(*) AS count
ORDER BY label
