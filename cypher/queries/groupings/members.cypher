// Members of a grouping on a date.
//
// $grouping is a grouping id (quad, aukus, gcap, five-eyes, nato, eu, asean, fpda, anzus).
// A country is a member on $as_of when its membership has started (or its start date is
// unknown) and has not ended; `until` is the day membership ended.
// params: grouping: str, as_of: date = today
// exists: grouping: grouping
// mode: read
MATCH (c:Country)-[m:MEMBER_OF]->(g:Grouping {id: $grouping})
WHERE (m.since IS NULL OR toString(m.since) <= toString($as_of))
  AND (m.until IS NULL OR toString(m.until) > toString($as_of))
RETURN c.name AS country,
       c.iso3 AS iso3,
       m.since AS since,
       m.until AS until,
       m.sources AS sources
ORDER BY country
