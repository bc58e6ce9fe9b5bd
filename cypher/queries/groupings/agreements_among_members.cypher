// Agreements between members of a grouping, on a date.
//
// $grouping is a grouping id. Both countries must be members on $as_of (rule of
// groupings.members) and the agreement signed or in force on $as_of (and not terminated).
// One row per agreement with the members party to it.
// params: grouping: str, as_of: date = today
// exists: grouping: grouping
// mode: read
MATCH (g:Grouping {id: $grouping})<-[m:MEMBER_OF]-(c:Country)
// The members first, then their agreements (WITH keeps FalkorDB from starting at every
// agreement and finding each party's memberships).
WHERE (coalesce(m.since, g.founded) IS NULL
       OR coalesce(m.sinceBy, g.foundedBy) <= toString($as_of))
  AND (m.until IS NULL OR m.untilBy >= toString($as_of))
WITH c
MATCH (c)-[:PARTY_TO]->(a:Agreement)
WHERE coalesce(a.signedBy, a.inForceBy) <= toString($as_of)
  AND (a.terminated IS NULL OR a.terminatedBy > toString($as_of))
WITH a, c
ORDER BY c.name
WITH a, collect(c.name) AS members
WHERE size(members) >= 2
RETURN a.id AS id,
       a.shortName AS agreement,
       a.type AS type,
       members,
       a.signed AS signed,
       a.inForce AS inForce,
       a.sources AS sources
ORDER BY a.type, a.signed, id
