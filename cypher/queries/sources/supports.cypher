// Every fact a source supports.
//
// $source is a source id (see sources.for_agreement). One row per node or relationship that
// cites it: the kind of fact (a label or a relationship type), its id or key, and the fact
// in words.
// params: source: str
// exists: source: source
// mode: read
MATCH (n)
WHERE (n:Grouping OR n:Agreement OR n:Person OR n:Event) AND $source IN n.sources
WITH collect({kind: labels(n)[0], id: n.id, fact: coalesce(n.shortName, n.name)}) AS nodeFacts
OPTIONAL MATCH (x)-[r]->(y)
WHERE $source IN r.sources AND NOT any(label IN labels(x) WHERE label STARTS WITH 'Ipgraph')
WITH nodeFacts, collect(CASE WHEN r IS NOT NULL THEN {
       kind: type(r),
       id: r.key,
       fact: coalesce(x.shortName, x.name) + ' ' + type(r)
             + coalesce(' ' + r.title, '') + ' ' + coalesce(y.shortName, y.name)
     } END) AS relFacts
UNWIND nodeFacts + relFacts AS f
RETURN f.kind AS kind, f.id AS id, f.fact AS fact
ORDER BY kind, id
