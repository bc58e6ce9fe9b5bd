// Neo4j: the first statement of a load's transaction. MERGE on a unique key takes a lock that
// a second load's MERGE waits for until the first commits, so loads run one after another.
// The node is deleted before the commit (unlock.cypher), so nobody ever sees it.
MERGE (l:IpgraphLoadLock {id: 'load'})
RETURN l.id AS lock
