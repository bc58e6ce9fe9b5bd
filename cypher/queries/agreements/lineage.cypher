// The versions of an agreement: earlier and later instruments linked by SUPERSEDES or AMENDS.
//
// $agreement is an agreement id (see agreements.search). One row per version in the chain
// it belongs to (the agreement itself included), oldest first, with the version it
// supersedes or amends (null for the first) and its life-cycle dates.
// params: agreement: str
// exists: agreement: agreement
// mode: read
MATCH (a:Agreement {id: $agreement})
OPTIONAL MATCH (a)-[:SUPERSEDES|AMENDS*1..10]-(other:Agreement)
WITH a, collect(DISTINCT other) AS others
UNWIND [a] + others AS v
WITH DISTINCT v
OPTIONAL MATCH (v)-[link:SUPERSEDES|AMENDS]->(previous:Agreement)
RETURN v.id AS id,
       v.shortName AS agreement,
       v.type AS type,
       toLower(type(link)) AS relation,
       previous.id AS previous,
       v.signed AS signed,
       v.inForce AS inForce,
       v.terminated AS terminated,
       v.sources AS sources
ORDER BY coalesce(signed, inForce, '9999'), id, previous
