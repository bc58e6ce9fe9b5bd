// Neo4j: the names of the indexes (a unique constraint's index has the constraint's name), so
// that loads create only what is missing: a schema change waits for every open transaction.
SHOW INDEXES YIELD name
RETURN name
