// Every agreement two countries are both party to, of any type.
//
// $a and $b are ISO 3166-1 alpha-3 codes (e.g. JPN, GBR). One row per agreement with its
// type, life-cycle dates and the agreement's sources, oldest first (by signing date, then
// entry into force; unknown dates last).
// params: a: str, b: str
// exists: a: country, b: country
// mode: read
MATCH (ca:Country {iso3: $a})-[:PARTY_TO]->(ag:Agreement)<-[:PARTY_TO]-(cb:Country {iso3: $b})
RETURN ag.id AS id,
       ag.shortName AS agreement,
       ag.type AS type,
       ag.negotiationsStarted AS negotiationsStarted,
       ag.signed AS signed,
       ag.inForce AS inForce,
       ag.terminated AS terminated,
       ag.sources AS sources
ORDER BY coalesce(ag.signed, ag.inForce, '9999-12-31'), id
