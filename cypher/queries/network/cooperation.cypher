// The country cooperation network on a date: pairs of countries linked by agreements in force.
//
// One row per pair of countries that are both party to at least one agreement in force on
// $as_of, that is, with status in_force as in raa.status: entered into force on or before
// $as_of (a recorded inForce date) and not terminated on or before it. Agreements that are
// only signed, or whose entry into force is not recorded, do not count (declarations and
// partnerships are in force from the day they were issued). $type limits the agreements to
// one type (see agreements.by_type); leave it out for all. Each pair comes
// once, the country with the smaller ISO 3166-1 alpha-3 code first; weight is the number of
// agreements in force that the two share and agreements their ids, in order.
// params: as_of: date = today, type: str = null
// exists: type: agreement_type
// mode: read
MATCH (c:Country)-[:PARTY_TO]->(a:Agreement)<-[:PARTY_TO]-(p:Country)
WHERE c.iso3 < p.iso3
  AND ($type IS NULL OR a.type = $type)
  AND a.inForceBy <= toString($as_of)
  AND (a.terminated IS NULL OR a.terminatedBy > toString($as_of))
WITH c, p, a
ORDER BY a.id
WITH c, p, collect(a.id) AS agreements
RETURN c.iso3 AS country,
       c.name AS countryName,
       c.region AS countryRegion,
       p.iso3 AS partner,
       p.name AS partnerName,
       p.region AS partnerRegion,
       size(agreements) AS weight,
       agreements
ORDER BY country, partner
