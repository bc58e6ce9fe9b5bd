// Delete every node with one of the loaded labels, and its relationships (Neo4j: inside the
// load's transaction, so readers see the old graph until the new one is committed).
MATCH (n)
WHERE any(label IN labels(n) WHERE label IN $labels)
DETACH DELETE n
