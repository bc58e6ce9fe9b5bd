// People in the graph, with the posts they held.
//
// One row per person: their id (for people.in_events), name, and posts as
// "Title (ISO3)" in start order.
MATCH (p:Person)
OPTIONAL MATCH (p)-[r:HELD_ROLE]->(c:Country)
WITH p, r, c
ORDER BY coalesce(r.since, '9999-12-31')
WITH p, collect(r.title + ' (' + c.iso3 + ')') AS posts
RETURN p.id AS id,
       p.name AS name,
       posts,
       p.sources AS sources
ORDER BY name
