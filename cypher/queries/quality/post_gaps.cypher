// Data check: gaps and overlaps between consecutive holders of a post (empty means clean).
//
// For posts one person holds at a time (not Foreign Ministry Spokesperson), a term that
// ended on or after 2015-01-01 must be followed by a term starting on its `until` day (the
// dataset's rule: a term ends when the next starts) unless the sources show the post vacant
// after it (`vacantAfter`), and no two terms of one post may
// overlap. One row per problem: 'gap' (no term starts where this one ends) or 'overlap'
// (the next term starts before this one ends).
OPTIONAL MATCH (p:Person)-[r:HELD_ROLE]->(c:Country)
WHERE r.until IS NOT NULL AND r.untilBy >= '2015-01-01' AND NOT r.vacantAfter
  AND r.title <> 'Foreign Ministry Spokesperson'
OPTIONAL MATCH (:Person)-[next:HELD_ROLE]->(c)
WHERE next.title = r.title AND next.since = r.until
WITH p, r, c, count(next) AS successors
WITH collect(CASE WHEN r IS NOT NULL AND successors = 0 THEN {
       problem: 'gap', country: c.iso3, title: r.title, person: p.name, date: r.until
     } END) AS gaps
OPTIONAL MATCH (p:Person)-[r:HELD_ROLE]->(c:Country)<-[s:HELD_ROLE]-(q:Person)
WHERE s.title = r.title AND r.title <> 'Foreign Ministry Spokesperson'
  AND s.since > r.since AND (r.until IS NULL OR s.since < r.until)
  AND NOT (r.until IS NULL AND r.ended)
  AND (r.until IS NOT NULL OR s.until IS NULL)
WITH gaps, collect(CASE WHEN s IS NOT NULL THEN {
       problem: 'overlap', country: c.iso3, title: r.title, person: p.name, date: s.since
     } END) AS overlaps
UNWIND gaps + overlaps AS x
RETURN x.problem AS problem, x.country AS country, x.title AS title, x.person AS person,
       x.date AS date
ORDER BY country, title, date, problem, person
