// Every agreement of a country, any type, with its status on a date.
//
// $country is an ISO 3166-1 alpha-3 code. Status on a date as in raa.status; agreements
// whose first known life-cycle date is after $as_of are left out, and one with no known
// date is listed with a null status.
// params: country: str, as_of: date = today
// exists: country: country
// mode: read
MATCH (c:Country {iso3: $country})-[:PARTY_TO]->(a:Agreement)<-[:PARTY_TO]-(other:Country)
WHERE other <> c
WITH a, other
ORDER BY other.name
WITH a, collect(other.name) AS partners
WITH a, partners,
     CASE
       WHEN a.terminatedBy <= toString($as_of) THEN 'terminated'
       WHEN a.inForceBy <= toString($as_of) THEN 'in_force'
       WHEN a.signedBy <= toString($as_of) THEN 'signed'
       WHEN a.negotiationsStartedBy <= toString($as_of) THEN 'negotiating'
       WHEN a.announcedBy <= toString($as_of) THEN 'announced'
       ELSE null
     END AS status
WHERE status IS NOT NULL
   OR (a.announced IS NULL AND a.negotiationsStarted IS NULL AND a.signed IS NULL
       AND a.inForce IS NULL)
RETURN a.id AS id,
       a.shortName AS agreement,
       a.type AS type,
       partners,
       status,
       a.signed AS signed,
       a.inForce AS inForce,
       a.sources AS sources
ORDER BY a.type, coalesce(a.signed, a.inForce, '9999-12-31'), id
