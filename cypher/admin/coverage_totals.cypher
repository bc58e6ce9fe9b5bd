// Totals for `ipgraph coverage`: agreements, countries party to one, the largest share, and
// how many agreements that are signed and not terminated have a recorded entry into force.
MATCH (a:Agreement)
WITH count(a) AS agreements,
     size([x IN collect(a) WHERE x.signed IS NOT NULL AND x.terminated IS NULL]) AS current,
     size([x IN collect(a) WHERE x.signed IS NOT NULL AND x.terminated IS NULL
                             AND x.inForce IS NOT NULL]) AS inForceRecorded
OPTIONAL MATCH (c:Country)-[:PARTY_TO]->(:Agreement)
WITH agreements, current, inForceRecorded, c, count(*) AS n
WITH agreements, current, inForceRecorded,
     count(c) AS countries, max(CASE WHEN c IS NULL THEN 0 ELSE n END) AS largest
RETURN agreements, countries, largest, current, inForceRecorded
