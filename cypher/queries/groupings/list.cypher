// Groupings in the graph, with their kind, founding date and member count on a date.
//
// Membership on $as_of follows the rule of groupings.members.
// params: as_of: date = today
// mode: read
MATCH (g:Grouping)
OPTIONAL MATCH (c:Country)-[m:MEMBER_OF]->(g)
WHERE (coalesce(m.since, g.founded) IS NULL
       OR coalesce(m.sinceBy, g.foundedBy) <= toString($as_of))
  AND (m.until IS NULL OR m.untilBy >= toString($as_of))
WITH g, count(c) AS members
RETURN g.id AS id,
       g.shortName AS shortName,
       g.name AS name,
       g.kind AS kind,
       g.founded AS founded,
       members,
       g.sources AS sources
ORDER BY id
