// A country's partners on a date, counted by agreement type.
//
// $country is an ISO 3166-1 alpha-3 code. An agreement counts once it is signed or in
// force on $as_of (and not terminated). One row per partner country with the number of
// shared agreements in all and per type.
// params: country: str, as_of: date = today
// exists: country: country
// mode: read
MATCH (c:Country {iso3: $country})-[:PARTY_TO]->(a:Agreement)<-[:PARTY_TO]-(p:Country)
WHERE p <> c
  AND coalesce(a.signedBy, a.inForceBy) <= toString($as_of)
  AND (a.terminated IS NULL OR a.terminatedBy > toString($as_of))
WITH p, a
ORDER BY a.id
WITH p, collect(a) AS agreements
RETURN p.name AS partner,
       p.iso3 AS iso3,
       size(agreements) AS total,
       size([x IN agreements WHERE x.type = 'TREATY']) AS treaty,
       size([x IN agreements WHERE x.type = 'SOFA']) AS sofa,
       size([x IN agreements WHERE x.type = 'RAA']) AS raa,
       size([x IN agreements WHERE x.type = 'DCA']) AS dca,
       size([x IN agreements WHERE x.type = 'ACSA']) AS acsa,
       size([x IN agreements WHERE x.type = 'GSOMIA']) AS gsomia,
       size([x IN agreements WHERE x.type = 'EQUIPMENT']) AS equipment,
       size([x IN agreements WHERE x.type = 'DECLARATION']) AS declaration,
       size([x IN agreements WHERE x.type = 'PARTNERSHIP']) AS partnership,
       size([x IN agreements WHERE x.type = 'PROGRAMME']) AS programme,
       [x IN agreements | x.id] AS agreementIds
ORDER BY total DESC, partner
