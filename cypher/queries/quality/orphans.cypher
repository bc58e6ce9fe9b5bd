// Data check: nodes connected to nothing that should be (an empty result means clean).
//
// Countries, groupings, agreements, people and events with no relationship at all, and
// sources that no fact cites. Sorted by kind, then id.
MATCH (n)
// One pass over the nodes and their outgoing relationships (so over every relationship once):
// each source id is listed once as a source (0) and once per citing fact (1), and a grouping
// by id keeps those never cited. `NOT id IN list` would scan the list for every source.
// Degrees are counted, not tested with a pattern predicate (FalkorDB pays for one per node),
// and no row carries a list of its node's relationships (FalkorDB copies it per row).
// Nodes of a Neo4j load being staged or deleted (labels Ipgraph*) are left out.
WHERE NOT any(label IN labels(n) WHERE label STARTS WITH 'Ipgraph')
OPTIONAL MATCH (n)<-[q]-()
WITH n, count(q) AS incoming
OPTIONAL MATCH (n)-[r]->()
WITH n, r, incoming = 0 AND r IS NULL
           AND (n:Country OR n:Grouping OR n:Agreement OR n:Person OR n:Event) AS alone
UNWIND [{kind: 'Source', ids: coalesce(r.sources, []) + coalesce(n.sources, []), cited: 1}]
       + CASE WHEN n:Source THEN [{kind: 'Source', ids: [n.id], cited: 0}] ELSE [] END
       + CASE WHEN alone THEN [{kind: labels(n)[0], ids: [coalesce(n.id, n.iso3)], cited: 0}]
              ELSE [] END AS part
UNWIND part.ids AS id
WITH part.kind AS kind, id, max(part.cited) AS cited
WHERE cited = 0
RETURN kind, id
ORDER BY kind, id
