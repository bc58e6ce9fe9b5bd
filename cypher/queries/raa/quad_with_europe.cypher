// Quad members with a Reciprocal Access Agreement with a European state.
//
// One row per Quad member, European partner (UN M49 region "Europe") and agreement, with
// the agreement's status on $as_of and its life-cycle dates. Quad membership on $as_of
// follows the rule of groupings.members.
// Status on a date: terminated, in_force, signed or negotiating by the latest life-cycle date
// on or before $as_of; an agreement with no such date yet is left out.
// params: as_of: date = today
// mode: read
MATCH (g:Grouping {id: 'quad'})<-[m:MEMBER_OF]-(member:Country)
MATCH (member)-[:PARTY_TO]->(a:Agreement {type: 'RAA'})
MATCH (a)<-[:PARTY_TO]-(partner:Country {region: 'Europe'})
WHERE (coalesce(m.since, g.founded) IS NULL
       OR toString(coalesce(m.since, g.founded)) <= toString($as_of))
  AND (m.until IS NULL OR toString(m.until) >= toString($as_of))
WITH member, partner, a,
     CASE
       WHEN toString(a.terminated) <= toString($as_of) THEN 'terminated'
       WHEN toString(a.inForce) <= toString($as_of) THEN 'in_force'
       WHEN toString(a.signed) <= toString($as_of) THEN 'signed'
       WHEN toString(a.negotiationsStarted) <= toString($as_of) THEN 'negotiating'
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
