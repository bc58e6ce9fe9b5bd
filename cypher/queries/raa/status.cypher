// Each Reciprocal Access Agreement of a country, with its status on a date.
//
// $country is an ISO 3166-1 alpha-3 code. One row per RAA the country is party to, with
// the other parties, the status on $as_of and the life-cycle dates.
// Status on a date: terminated, in_force, signed, negotiating or announced by the latest
// life-cycle date reached on $as_of (see the README's date rule); null when no life-cycle date has been reached yet (or none is known).
// params: country: str = JPN, as_of: date = today
// exists: country: country
// mode: read
MATCH (c:Country {iso3: $country})-[:PARTY_TO]->(a:Agreement {type: 'RAA'})
MATCH (a)<-[:PARTY_TO]-(other:Country)
WHERE other <> c
WITH a, other
ORDER BY other.name
WITH a, collect(other.name) AS partners
RETURN a.id AS id,
       a.shortName AS agreement,
       partners,
       CASE
         WHEN a.terminatedBy <= toString($as_of) THEN 'terminated'
         WHEN a.inForceBy <= toString($as_of) THEN 'in_force'
         WHEN a.signedBy <= toString($as_of) THEN 'signed'
         WHEN a.negotiationsStartedBy <= toString($as_of) THEN 'negotiating'
         WHEN a.announcedBy <= toString($as_of) THEN 'announced'
         ELSE null
       END AS status,
       a.negotiationsStarted AS negotiationsStarted,
       a.signed AS signed,
       a.inForce AS inForce,
       a.terminated AS terminated,
       a.sources AS sources
ORDER BY coalesce(a.signed, a.negotiationsStarted, '9999-12-31'), agreement
