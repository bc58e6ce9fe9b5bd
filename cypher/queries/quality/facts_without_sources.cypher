// Data check: facts without sources, or citing a source that is not in the graph.
//
// Every Grouping, Agreement, Person and Event and every relationship must cite at least one
// source, and each cited id must be a Source node (an empty result means clean).
MATCH (n)
// Each cited id is looked up by the Source key, not compared with every source.
WHERE n:Grouping OR n:Agreement OR n:Person OR n:Event
WITH n, coalesce(n.sources, []) AS cited
UNWIND CASE WHEN size(cited) = 0 THEN [null] ELSE cited END AS citedId
OPTIONAL MATCH (s:Source {id: citedId})
WITH n, cited, count(s) AS found
WHERE size(cited) = 0 OR found < size(cited)
RETURN labels(n)[0] AS kind, n.id AS id, cited
UNION ALL
MATCH (a)-[r]->()
WHERE NOT any(label IN labels(a) WHERE label STARTS WITH 'Ipgraph')
WITH r, coalesce(r.sources, []) AS cited
UNWIND CASE WHEN size(cited) = 0 THEN [null] ELSE cited END AS citedId
OPTIONAL MATCH (s:Source {id: citedId})
WITH r, cited, count(s) AS found
WHERE size(cited) = 0 OR found < size(cited)
RETURN type(r) AS kind, r.key AS id, cited
