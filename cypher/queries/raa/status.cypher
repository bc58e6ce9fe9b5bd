// Each Reciprocal Access Agreement of a country, with its status on a date.
//
// $country is an ISO 3166-1 alpha-3 code. One row per RAA the country is party to, with
// the other parties, the status on $as_of and the life-cycle dates.
// Status on a date: terminated, in_force, signed or negotiating by the latest life-cycle date
// on or before $as_of; null when no life-cycle date has been reached yet (or none is known).
// params: country: str = JPN, as_of: date = today
// exists: country: country
// mode: read
MATCH (c:Country {iso3: $country})-[:PARTY_TO]->(a:Agreement {type: 'RAA'})
MATCH (a)<-[:PARTY_TO]-(other:Country)
WHERE other <> c
WITH a, other
ORDER BY other.name
WITH a, collect(other.name) AS partners
RETURN a.name AS agreement,
       partners,
       CASE
         WHEN toString(a.terminated) <= toString($as_of) THEN 'terminated'
         WHEN toString(a.inForce) <= toString($as_of) THEN 'in_force'
         WHEN toString(a.signed) <= toString($as_of) THEN 'signed'
         WHEN toString(a.negotiationsStarted) <= toString($as_of) THEN 'negotiating'
         ELSE null
       END AS status,
       a.negotiationsStarted AS negotiationsStarted,
       a.signed AS signed,
       a.inForce AS inForce,
       a.terminated AS terminated,
       a.sources AS sources
ORDER BY coalesce(toString(a.signed), toString(a.negotiationsStarted), '9999-12-31'), agreement
