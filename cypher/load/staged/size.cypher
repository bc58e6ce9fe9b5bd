// Neo4j: the graph's size, from the count store, so that a load can tell whether deleting
// the old graph and writing the new one fit in one transaction.
CALL {
    MATCH (n)
    RETURN count(n) AS nodes
}
CALL {
    MATCH ()-[r]->()
    RETURN count(r) AS relationships
}
RETURN nodes, relationships
