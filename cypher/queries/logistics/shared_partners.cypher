// Countries with which two countries both have logistics agreements (ACSA-type).
//
// $a and $b are ISO 3166-1 alpha-3 codes. A logistics agreement counts once it is signed
// or in force on $as_of (and not terminated). One row per shared partner, naming each of
// the two agreements and its status on $as_of.
// params: a: str = IND, b: str = JPN, as_of: date = today
// exists: a: country, b: country
// mode: read
MATCH (ca:Country {iso3: $a})-[:PARTY_TO]->(la:Agreement {type: 'ACSA'})<-[:PARTY_TO]-(p:Country)
MATCH (cb:Country {iso3: $b})-[:PARTY_TO]->(lb:Agreement {type: 'ACSA'})<-[:PARTY_TO]-(p)
WHERE p <> ca AND p <> cb
  AND coalesce(la.signedBy, la.inForceBy) <= toString($as_of)
  AND coalesce(lb.signedBy, lb.inForceBy) <= toString($as_of)
  AND (la.terminated IS NULL OR la.terminatedBy > toString($as_of))
  AND (lb.terminated IS NULL OR lb.terminatedBy > toString($as_of))
RETURN p.name AS partner,
       p.iso3 AS iso3,
       la.shortName AS agreementWithA,
       CASE WHEN la.inForce IS NOT NULL AND la.inForceBy <= toString($as_of)
            THEN 'in_force' ELSE 'signed' END AS statusA,
       lb.shortName AS agreementWithB,
       CASE WHEN lb.inForce IS NOT NULL AND lb.inForceBy <= toString($as_of)
            THEN 'in_force' ELSE 'signed' END AS statusB,
       la.sources + lb.sources AS sources
ORDER BY partner, agreementWithA, agreementWithB
