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
// Counted as the rows go by, not by collecting each country's agreements and filtering the
// list once per column (Neo4j read each agreement's properties again for every column).
WITH c, total, a, a.signed IS NOT NULL AND a.terminated IS NULL AS current
WITH c, total,
     count(a) AS agreements,
     count(CASE WHEN a.type = 'TREATY' THEN 1 END) AS treaty,
     count(CASE WHEN a.type = 'SOFA' THEN 1 END) AS sofa,
     count(CASE WHEN a.type = 'RAA' THEN 1 END) AS raa,
     count(CASE WHEN a.type = 'DCA' THEN 1 END) AS dca,
     count(CASE WHEN a.type = 'ACSA' THEN 1 END) AS acsa,
     count(CASE WHEN a.type = 'GSOMIA' THEN 1 END) AS gsomia,
     count(CASE WHEN a.type = 'EQUIPMENT' THEN 1 END) AS equipment,
     count(CASE WHEN a.type = 'DECLARATION' THEN 1 END) AS declaration,
     count(CASE WHEN a.type = 'PARTNERSHIP' THEN 1 END) AS partnership,
     count(CASE WHEN a.type = 'PROGRAMME' THEN 1 END) AS programme,
     count(CASE WHEN current THEN 1 END) AS current,
     count(CASE WHEN current AND a.inForce IS NOT NULL THEN 1 END) AS inForceRecorded
RETURN c.iso3 AS iso3,
       c.name AS country,
       agreements,
       floor(1000.0 * agreements / total + 0.5) / 10.0 AS sharePct,
       treaty, sofa, raa, dca, acsa, gsomia, equipment, declaration, partnership, programme,
       current,
       inForceRecorded
ORDER BY agreements DESC, iso3
