// What the data covers: the posts recorded per country, from when, and who holds them now.
//
// One row per country and post: how many terms are recorded, the first recorded start, and
// the current holder (a term with no end that is not marked ended and has no later holder;
// for Foreign Ministry Spokesperson, every such term). Gaps and overlaps between holders are
// reported by quality.post_gaps.
// mode: read
MATCH (p:Person)-[r:HELD_ROLE]->(c:Country)
WITH c, r, p
ORDER BY r.since
WITH c, r.title AS title, collect(r) AS terms, collect(p.name) AS holders
WITH c, title, terms, holders,
     [i IN range(0, size(terms) - 1)
      WHERE terms[i].until IS NULL AND NOT terms[i].ended
        AND (title = 'Foreign Ministry Spokesperson' OR i = size(terms) - 1) | holders[i]]
       AS current
RETURN c.iso3 AS iso3,
       title,
       size(terms) AS terms,
       terms[0].since AS firstSince,
       current
ORDER BY iso3, title
