// Neo4j: the graph's version, which every read takes after its query (and before its first
// one) to tell whether a load's commit overlapped it (see ipgraph/db/neo4j_version.py).
MATCH (v:IpgraphVersion {id: 'graph'})
RETURN v.seq AS seq, v.token AS token
