// Neo4j: the writer's transaction `$token` has ended (committed or not): `seq` becomes even
// again, unless a later writer has announced itself since.
MATCH (v:IpgraphVersion {id: 'graph'})
WHERE v.token = $token
SET v.seq = v.seq + v.seq % 2
