// Data check: nodes connected to nothing that should be (an empty result means clean).
//
// Countries, groupings, agreements, people and events with no relationship at all, and
// sources that no fact cites.
MATCH (n)
WHERE (n:Country OR n:Grouping OR n:Agreement OR n:Person OR n:Event) AND NOT (n)--()
RETURN labels(n)[0] AS kind, coalesce(n.id, n.iso3) AS id
UNION ALL
OPTIONAL MATCH (n)
WHERE n.sources IS NOT NULL AND NOT any(label IN labels(n) WHERE label STARTS WITH 'Ipgraph')
WITH collect(n.sources) AS byNodes
OPTIONAL MATCH (a)-[r]->()
WHERE r.sources IS NOT NULL AND NOT any(label IN labels(a) WHERE label STARTS WITH 'Ipgraph')
WITH byNodes, collect(r.sources) AS byRelationships
WITH reduce(acc = [], ids IN byNodes + byRelationships | acc + ids) AS citedIds
MATCH (s:Source)
WHERE NOT s.id IN citedIds
RETURN 'Source' AS kind, s.id AS id
