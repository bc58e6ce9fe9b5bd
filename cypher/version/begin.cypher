// Neo4j: a writer (a load, a reset) announces, in a transaction of its own, that its
// transaction `$token` is about to commit: the version's `seq` becomes odd (the next odd
// number) and names the token. See ipgraph/db/neo4j_version.py.
MERGE (v:IpgraphVersion {id: 'graph'})
SET v.seq = coalesce(v.seq, 0) + 1 + coalesce(v.seq, 0) % 2, v.token = $token
