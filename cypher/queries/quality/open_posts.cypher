// Data check: open posts whose holder is not the last recorded holder (empty means clean).
//
// A term with no `until` that is not marked ended, of a post one person holds at a time
// (not Foreign Ministry Spokesperson), while someone else took the same post later: the
// earlier term needs its end date, or `ended` = yes if the day is not known.
MATCH (p:Person)-[r:HELD_ROLE]->(c:Country)
WHERE r.until IS NULL AND NOT r.ended AND r.title <> 'Foreign Ministry Spokesperson'
MATCH (q:Person)-[later:HELD_ROLE]->(c)
WHERE later.title = r.title AND later.since > r.since
WITH c, r, p, later, q
ORDER BY later.since
WITH c, r, p, collect(q.name) AS laterHolders
RETURN c.iso3 AS country, r.title AS title, p.name AS person, r.since AS since, laterHolders
ORDER BY country, title, since
