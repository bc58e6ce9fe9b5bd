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
       WHEN toString(a.terminated) <= toString($as_of) THEN 'terminated'
       WHEN toString(a.inForce) <= toString($as_of) THEN 'in_force'
       WHEN toString(a.signed) <= toString($as_of) THEN 'signed'
       WHEN toString(a.negotiationsStarted) <= toString($as_of) THEN 'negotiating'
       ELSE null
     END AS status
WHERE status IS NOT NULL
   OR (a.negotiationsStarted IS NULL AND a.signed IS NULL AND a.inForce IS NULL)
RETURN a.id AS id,
       a.name AS agreement,
       a.type AS type,
       partners,
       status,
       a.signed AS signed,
       a.inForce AS inForce,
       a.sources AS sources
ORDER BY a.type, coalesce(toString(a.signed), toString(a.inForce), '9999-12-31'), id
