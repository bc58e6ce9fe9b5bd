// Countries with which two countries both have an agreement, of any type or of one type.
//
// $a and $b are ISO 3166-1 alpha-3 codes; $type limits the agreements to one type (leave
// it out for all). An agreement counts once it is signed or in force on $as_of (and not
// terminated). One row per shared partner with the agreements (short names) each of the
// two has with it.
// params: a: str, b: str, type: str = null, as_of: date = today
// exists: a: country, b: country, type: agreement_type
// mode: read
MATCH (ca:Country {iso3: $a})-[:PARTY_TO]->(x:Agreement)<-[:PARTY_TO]-(p:Country)
WHERE p <> ca AND p.iso3 <> $b
  AND ($type IS NULL OR x.type = $type)
  AND coalesce(x.signedBy, x.inForceBy) <= toString($as_of)
  AND (x.terminated IS NULL OR x.terminatedBy > toString($as_of))
WITH p, x
ORDER BY x.shortName
WITH p, collect(DISTINCT x.shortName) AS withA, collect(x.sources) AS sourcesA
MATCH (cb:Country {iso3: $b})-[:PARTY_TO]->(y:Agreement)<-[:PARTY_TO]-(p)
WHERE p <> cb
  AND ($type IS NULL OR y.type = $type)
  AND coalesce(y.signedBy, y.inForceBy) <= toString($as_of)
  AND (y.terminated IS NULL OR y.terminatedBy > toString($as_of))
WITH p, withA, sourcesA, y
ORDER BY y.shortName
WITH p, withA, sourcesA, collect(DISTINCT y.shortName) AS withB, collect(y.sources) AS sourcesB
RETURN p.name AS partner,
       p.iso3 AS iso3,
       withA,
       withB,
       reduce(acc = [], s IN sourcesA + sourcesB | acc + s) AS sources
ORDER BY partner
