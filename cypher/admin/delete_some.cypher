// Delete up to $limit nodes with their relationships; `ipgraph reset` repeats it until
// it deletes nothing, so a large graph is emptied in bounded transactions.
MATCH (n)
WITH n LIMIT $limit
DETACH DELETE n
RETURN count(*) AS deleted
