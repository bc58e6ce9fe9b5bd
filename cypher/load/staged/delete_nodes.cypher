// Neo4j, a load larger than one transaction: delete up to $limit nodes of a staging or
// old-generation label (`Generation`, replaced by the loader); repeated until it deletes nothing.
MATCH (n:Generation)
WITH n LIMIT $limit
DETACH DELETE n
RETURN count(*) AS deleted
