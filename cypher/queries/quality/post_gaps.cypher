// Data check: gaps and overlaps between consecutive holders of a post (empty means clean).
//
// For posts one person holds at a time (not Foreign Ministry Spokesperson), a term that
// ended on or after 2015-01-01 must be followed by a term starting on its `until` day (the
// dataset's rule: a term ends when the next starts) unless the sources show the post vacant
// after it (`vacantAfter`), and no two terms of one post may
// overlap. One row per problem: 'gap' (no term starts where this one ends) or 'overlap'
// (the next term starts before this one ends).
CALL {
  MATCH (p:Person)-[r:HELD_ROLE]->(c:Country)
  WHERE r.until IS NOT NULL AND r.untilBy >= '2015-01-01' AND NOT r.vacantAfter
    AND r.title <> 'Foreign Ministry Spokesperson'
  OPTIONAL MATCH (:Person)-[next:HELD_ROLE]->(c)
  WHERE next.title = r.title AND next.since = r.until
  WITH p, r, c, count(next) AS successors
  WHERE successors = 0
  RETURN 'gap' AS problem, c.iso3 AS country, r.title AS title, p.name AS person,
         r.until AS date
  UNION ALL
  MATCH (p:Person)-[r:HELD_ROLE]->(c:Country)<-[s:HELD_ROLE]-(q:Person)
  WHERE s.title = r.title AND r.title <> 'Foreign Ministry Spokesperson'
    AND s.since > r.since AND (r.until IS NULL OR s.since < r.until)
    AND NOT (r.until IS NULL AND r.ended)
    AND (r.until IS NOT NULL OR s.until IS NULL)
  RETURN 'overlap' AS problem, c.iso3 AS country, r.title AS title, p.name AS person,
         s.since AS date
}
RETURN problem, country, title, person, date
ORDER BY country, title, date, problem, person
