// Neo4j: the last statement of a load's transaction (see lock.cypher).
MATCH (l:IpgraphLoadLock {id: 'load'})
DELETE l
