// Quad members with a Reciprocal Access Agreement with a European state.
//
// One row per Quad member, European partner (UN M49 region "Europe") and agreement, with
// the agreement's status on $as_of and its life-cycle dates. Quad membership on $as_of
// follows the rule of groupings.members.
// Status on a date: terminated, in_force, signed, negotiating or announced by the latest
// life-cycle date reached on $as_of (see the README's date rule); an agreement with no such date yet is left out.
// params: as_of: date = today
// mode: read
MATCH (g:Grouping {id: 'quad'})<-[m:MEMBER_OF]-(member:Country)
MATCH (member)-[:PARTY_TO]->(a:Agreement {type: 'RAA'})
MATCH (a)<-[:PARTY_TO]-(partner:Country {region: 'Europe'})
WHERE (coalesce(m.since, g.founded) IS NULL
       OR coalesce(m.sinceBy, g.foundedBy) <= toString($as_of))
  AND (m.until IS NULL OR m.untilBy >= toString($as_of))
WITH member, partner, a,
     CASE
       WHEN a.terminatedBy <= toString($as_of) THEN 'terminated'
       WHEN a.inForceBy <= toString($as_of) THEN 'in_force'
       WHEN a.signedBy <= toString($as_of) THEN 'signed'
       WHEN a.negotiationsStartedBy <= toString($as_of) THEN 'negotiating'
       WHEN a.announcedBy <= toString($as_of) THEN 'announced'
       ELSE null
     END AS status
WHERE status IS NOT NULL
RETURN member.name AS member,
       partner.name AS partner,
       a.id AS id,
       a.shortName AS agreement,
       status,
       a.negotiationsStarted AS negotiationsStarted,
       a.signed AS signed,
       a.inForce AS inForce,
       a.sources AS sources
ORDER BY member, partner, agreement
