// Total node count (labelled or not), for `ipgraph status`.
MATCH (n)
RETURN count(n) AS nodes
