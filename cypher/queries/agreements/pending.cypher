// Agreements signed but not yet in force on a date.
//
// Agreements of the binding types (all but declarations and partnerships) signed on or before $as_of that
// are not in force on $as_of: either their recorded entry into force is later
// (entryIntoForce = 'later') or none is recorded in the data (entryIntoForce =
// 'not recorded', which may mean the date is simply not sourced yet). Declarations and
// partnerships, which do not enter into force, are left out, as are terminated agreements.
// params: as_of: date = today
// mode: read
MATCH (a:Agreement)<-[:PARTY_TO]-(c:Country)
WHERE NOT a.type IN ['DECLARATION', 'PARTNERSHIP']
  AND a.signed IS NOT NULL AND a.signedBy <= toString($as_of)
  AND (a.inForce IS NULL OR a.inForceBy > toString($as_of))
  AND (a.terminated IS NULL OR a.terminatedBy > toString($as_of))
WITH a, c
ORDER BY c.name
WITH a, collect(c.name) AS parties
RETURN a.id AS id,
       a.shortName AS agreement,
       a.type AS type,
       parties,
       a.signed AS signed,
       a.inForce AS inForce,
       CASE WHEN a.inForce IS NULL THEN 'not recorded' ELSE 'later' END AS entryIntoForce,
       a.sources AS sources
ORDER BY signed, id
