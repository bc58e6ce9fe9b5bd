// What the data covers: agreements per country and type, and how many have an entry into force.
//
// One row per country party to at least one agreement: the number of agreements, its share
// of all agreements in the graph (percent, one decimal), the number of each type, and of its
// agreements that are signed and not terminated, how many have a recorded entry into force.
// An agreement missing here is missing from the data, not evidence that there is none.
// mode: read
MATCH (ag:Agreement)
WITH count(ag) AS total
MATCH (c:Country)-[:PARTY_TO]->(a:Agreement)
WITH c, total, collect(a) AS agreements
WITH c, total, agreements,
     [x IN agreements WHERE x.signed IS NOT NULL AND x.terminated IS NULL] AS current
RETURN c.iso3 AS iso3,
       c.name AS country,
       size(agreements) AS agreements,
       floor(1000.0 * size(agreements) / total + 0.5) / 10.0 AS sharePct,
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
       size(current) AS current,
       size([x IN current WHERE x.inForce IS NOT NULL]) AS inForceRecorded
ORDER BY agreements DESC, iso3
