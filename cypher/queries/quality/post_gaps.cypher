// Data check: gaps and overlaps between consecutive holders of a post (empty means clean).
//
// For posts one person holds at a time (not Foreign Ministry Spokesperson), a term that
// ended on or after 2015-01-01 must be followed by a term starting on its `until` day (the
// dataset's rule: a term ends when the next starts) unless the sources show the post vacant
// after it (`vacantAfter`), and no two terms of one post may
// overlap. One row per problem: 'gap' (no term starts where this one ends) or 'overlap'
// (the next term starts before this one ends).
MATCH (p:Person)-[r:HELD_ROLE]->(c:Country)
WHERE r.title <> 'Foreign Ministry Spokesperson'
// One pass over the terms, grouped by post (country and title): a term's successor and the
// terms overlapping it are looked for in its post's list, not by expanding the country's
// terms again for every term.
WITH c.iso3 AS country, r.title AS title,
     collect({person: p.name, since: r.since, until: r.until, untilBy: r.untilBy,
              vacantAfter: r.vacantAfter, ended: r.ended}) AS terms
UNWIND terms AS t
WITH country, title, t,
     CASE WHEN t.until IS NOT NULL AND t.untilBy >= '2015-01-01' AND NOT t.vacantAfter
               AND size([s IN terms WHERE s.since = t.until]) = 0
          THEN [{problem: 'gap', date: t.until}] ELSE [] END
     + [s IN terms WHERE s.since > t.since AND (t.until IS NULL OR s.since < t.until)
          AND NOT (t.until IS NULL AND t.ended) AND (t.until IS NOT NULL OR s.until IS NULL)
        | {problem: 'overlap', date: s.since}] AS problems
UNWIND problems AS x
RETURN x.problem AS problem, country, title, t.person AS person, x.date AS date
ORDER BY country, title, date, problem, person
