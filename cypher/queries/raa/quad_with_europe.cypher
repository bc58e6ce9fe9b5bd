// Quad members with a Reciprocal Access Agreement with a European state.
//
// One row per Quad member, European partner (UN M49 region "Europe") and agreement, with
// the agreement's status on $as_of and its life-cycle dates. A country counts as a Quad
// member on $as_of when its membership has started (or its start is unknown) and not ended.
// Status on a date: terminated, in_force, signed or negotiating by the latest life-cycle date
// on or before $as_of; an agreement with no such date yet is left out.
// params: as_of: date = today
// mode: read
MATCH (:Grouping {id: 'quad'})<-[m:MEMBER_OF]-(member:Country)-[:PARTY_TO]->(a:Agreement {type: 'RAA'})
MATCH (a)<-[:PARTY_TO]-(partner:Country {region: 'Europe'})
WHERE (m.since IS NULL OR m.since <= date($as_of))
  AND (m.until IS NULL OR m.until > date($as_of))
WITH member, partner, a,
     CASE
       WHEN a.terminated IS NOT NULL AND a.terminated <= date($as_of) THEN 'terminated'
       WHEN a.inForce IS NOT NULL AND a.inForce <= date($as_of) THEN 'in_force'
       WHEN a.signed IS NOT NULL AND a.signed <= date($as_of) THEN 'signed'
       WHEN a.negotiationsStarted IS NOT NULL AND a.negotiationsStarted <= date($as_of)
         THEN 'negotiating'
       ELSE null
     END AS status
WHERE status IS NOT NULL
RETURN member.name AS member,
       partner.name AS partner,
       a.name AS agreement,
       status,
       a.negotiationsStarted AS negotiationsStarted,
       a.signed AS signed,
       a.inForce AS inForce,
       a.sources AS sources
ORDER BY member, partner, agreement
