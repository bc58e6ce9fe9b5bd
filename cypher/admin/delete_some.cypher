// Delete up to $limit nodes with their relationships; `ipgraph reset` repeats it until
// it deletes nothing, so a large graph is emptied in bounded transactions. The graph's
// version (Neo4j, see cypher/version/) stays: readers compare it across the reset.
MATCH (n)
WHERE NOT n:IpgraphVersion
WITH n LIMIT $limit
DETACH DELETE n
RETURN count(*) AS deleted
