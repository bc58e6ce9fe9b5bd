// Countries with which two countries both have logistics agreements (ACSA-type).
//
// $a and $b are ISO 3166-1 alpha-3 codes. A logistics agreement counts once it is signed
// or in force on $as_of (and not terminated). One row per shared partner, naming each of
// the two agreements and its status on $as_of.
// params: a: str = IND, b: str = JPN, as_of: date = today
// exists: a: country, b: country
// mode: read
MATCH (c:Country)
// Both countries' agreements are found in one pass and paired per partner, so the time grows
// with the rows found, not with the partners' other agreements (a filter on p's own
// properties before the grouping would make FalkorDB start from every country).
WHERE c.iso3 IN [$a, $b]
MATCH (c)-[:PARTY_TO]->(x:Agreement {type: 'ACSA'})<-[:PARTY_TO]-(p:Country)
WHERE p <> c
  AND coalesce(x.signedBy, x.inForceBy) <= toString($as_of)
  AND (x.terminated IS NULL OR x.terminatedBy > toString($as_of))
WITH p,
     collect(CASE WHEN c.iso3 = $a THEN x END) AS las,
     collect(CASE WHEN c.iso3 = $b THEN x END) AS lbs
WHERE p.iso3 <> $a AND p.iso3 <> $b
UNWIND las AS la
UNWIND lbs AS lb
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
