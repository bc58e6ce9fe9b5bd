// Data check: facts without sources, or citing a source that is not in the graph.
//
// Every Grouping, Agreement, Person and Event and every relationship must cite at least one
// source, and each cited id must be a Source node (an empty result means clean).
MATCH (n)
WHERE n:Grouping OR n:Agreement OR n:Person OR n:Event
WITH n, coalesce(n.sources, []) AS cited
OPTIONAL MATCH (s:Source)
WHERE s.id IN cited
WITH n, cited, count(s) AS found
WHERE size(cited) = 0 OR found < size(cited)
RETURN labels(n)[0] AS kind, n.id AS id, cited
UNION ALL
MATCH (a)-[r]->()
WHERE NOT any(label IN labels(a) WHERE label STARTS WITH 'Ipgraph')
WITH r, coalesce(r.sources, []) AS cited
OPTIONAL MATCH (s:Source)
WHERE s.id IN cited
WITH r, cited, count(s) AS found
WHERE size(cited) = 0 OR found < size(cited)
RETURN type(r) AS kind, r.key AS id, cited
