// Members of a grouping on a date.
//
// $grouping is a grouping id (quad, aukus, gcap, five-eyes, nato, eu, asean, fpda, anzus).
// A country is a member on $as_of from `since` to `until`, both days included (`until` is
// the last day of membership). A membership with no recorded start counts from the grouping's
// founding date; with neither recorded, it counts on every date.
// params: grouping: str, as_of: date = today
// exists: grouping: grouping
// mode: read
MATCH (c:Country)-[m:MEMBER_OF]->(g:Grouping {id: $grouping})
WHERE (coalesce(m.since, g.founded) IS NULL
       OR coalesce(m.sinceBy, g.foundedBy) <= toString($as_of))
  AND (m.until IS NULL OR m.untilBy >= toString($as_of))
RETURN c.name AS country,
       c.iso3 AS iso3,
       m.since AS since,
       m.until AS until,
       m.sources AS sources
ORDER BY country
