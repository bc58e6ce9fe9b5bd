// Every fact a source supports.
//
// $source is a source id (see sources.for_agreement). One row per node or relationship that
// cites it: the kind of fact (a label or a relationship type), its id or key, and the fact
// in words.
// params: source: str
// exists: source: source
// mode: read
CALL {
  MATCH (n)
  WHERE (n:Grouping OR n:Agreement OR n:Person OR n:Event) AND $source IN n.sources
  RETURN labels(n)[0] AS kind, n.id AS id, coalesce(n.shortName, n.name) AS fact
  UNION ALL
  MATCH (x)-[r]->(y)
  WHERE $source IN r.sources
  RETURN type(r) AS kind,
         r.key AS id,
         coalesce(x.shortName, x.name) + ' ' + type(r)
           + coalesce(' ' + r.title, '') + ' ' + coalesce(y.shortName, y.name) AS fact
}
RETURN kind, id, fact
ORDER BY kind, id
