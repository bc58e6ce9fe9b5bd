// Data check: nodes connected to nothing that should be (an empty result means clean).
//
// Countries, groupings, agreements, people and events with no relationship at all, and
// sources that no fact cites.
MATCH (n)
WHERE (n:Country OR n:Grouping OR n:Agreement OR n:Person OR n:Event) AND NOT (n)--()
RETURN labels(n)[0] AS kind, coalesce(n.id, n.iso3) AS id
UNION ALL
MATCH (s:Source)
OPTIONAL MATCH (n)
WHERE s.id IN n.sources
OPTIONAL MATCH ()-[r]->()
WHERE s.id IN r.sources
WITH s, count(n) + count(r) AS citations
WHERE citations = 0
RETURN 'Source' AS kind, s.id AS id
