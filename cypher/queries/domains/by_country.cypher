// The cooperation domains a country's agreements cover, on a date.
//
// $country is an ISO 3166-1 alpha-3 code. An agreement counts once it is signed or in
// force on $as_of (and not terminated). One row per domain with the number of the country's
// agreements covering it and their ids.
// params: country: str, as_of: date = today
// exists: country: country
// mode: read
MATCH (c:Country {iso3: $country})-[:PARTY_TO]->(a:Agreement)-[:COVERS]->(d:Domain)
WHERE coalesce(a.signedBy, a.inForceBy) <= toString($as_of)
  AND (a.terminated IS NULL OR a.terminatedBy > toString($as_of))
WITH d, a
ORDER BY a.id
WITH d, collect(a.id) AS agreements
RETURN d.id AS domain,
       d.name AS name,
       size(agreements) AS count,
       agreements
ORDER BY count DESC, domain
