// Countries with which two countries both have an agreement, of any type or of one type.
//
// $a and $b are ISO 3166-1 alpha-3 codes; $type limits the agreements to one type (leave
// it out for all). An agreement counts once it is signed or in force on $as_of (and not
// terminated). One row per shared partner with the agreements (short names) each of the
// two has with it.
// params: a: str, b: str, type: str = null, as_of: date = today
// exists: a: country, b: country, type: agreement_type
// mode: read
MATCH (c:Country)
// Both countries' agreements in one pass from the two index lookups (WITH keeps FalkorDB from
// starting at every agreement instead); the second country is not looked up again per partner.
WHERE c.iso3 = $a OR c.iso3 = $b
WITH c
MATCH (c)-[:PARTY_TO]->(x:Agreement)<-[:PARTY_TO]-(p:Country)
WHERE p.iso3 <> $a AND p.iso3 <> $b
  AND ($type IS NULL OR x.type = $type)
  AND coalesce(x.signedBy, x.inForceBy) <= toString($as_of)
  AND (x.terminated IS NULL OR x.terminatedBy > toString($as_of))
WITH p, x, c.iso3 = $a AS withA, c.iso3 = $b AS withB
ORDER BY x.shortName
WITH p,
     collect(DISTINCT CASE WHEN withA THEN x.shortName END) AS withA,
     collect(CASE WHEN withA THEN x.sources END) AS sourcesA,
     collect(DISTINCT CASE WHEN withB THEN x.shortName END) AS withB,
     collect(CASE WHEN withB THEN x.sources END) AS sourcesB
WHERE size(withA) > 0 AND size(withB) > 0
RETURN p.name AS partner,
       p.iso3 AS iso3,
       withA,
       withB,
       reduce(acc = [], s IN sourcesA + sourcesB | acc + s) AS sources
ORDER BY partner
