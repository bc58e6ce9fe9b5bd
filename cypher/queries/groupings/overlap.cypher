// Countries in more than one of the given groupings on a date, and which.
//
// $groupings is a list of grouping ids (default Quad, AUKUS and GCAP). Membership on
// $as_of follows the rule of groupings.members.
// params: groupings: list[str] = [quad, aukus, gcap], as_of: date = today
// exists: groupings: grouping
// mode: read
MATCH (c:Country)-[m:MEMBER_OF]->(g:Grouping)
WHERE g.id IN $groupings
  AND (coalesce(m.since, g.founded) IS NULL
       OR coalesce(m.sinceBy, g.foundedBy) <= toString($as_of))
  AND (m.until IS NULL OR m.untilBy >= toString($as_of))
WITH c, g, m
ORDER BY g.id
WITH c, collect(g.id) AS groupings, collect(m.sources) AS sourceLists
WHERE size(groupings) > 1
RETURN c.name AS country,
       c.iso3 AS iso3,
       groupings,
       size(groupings) AS count,
       reduce(acc = [], s IN sourceLists | acc + s) AS sources
ORDER BY count DESC, country
