// Neo4j, a load larger than one transaction: delete up to $limit relationships that start at
// a node of a staging or old-generation label (the loader puts the label in place of
// `Generation`); repeated until it deletes nothing.
MATCH (:Generation)-[r]->()
WITH r LIMIT $limit
DELETE r
RETURN count(*) AS deleted
