// Neo4j, a load larger than one transaction: how many nodes of a label (`Generation`, put
// in place by the loader) the swap relabels.
MATCH (n:Generation)
RETURN count(n) AS nodes
