// Agreements signed but not yet in force on a date.
//
// Treaties, access, logistics agreements and programmes signed on or before $as_of that
// are not in force on $as_of: either their recorded entry into force is later
// (entryIntoForce = 'later') or none is recorded in the data (entryIntoForce =
// 'not recorded', which may mean the date is simply not sourced yet). Declarations and
// partnerships, which do not enter into force, are left out, as are terminated agreements.
// params: as_of: date = today
// mode: read
MATCH (a:Agreement)<-[:PARTY_TO]-(c:Country)
WHERE a.type IN ['RAA', 'ACSA', 'TREATY', 'PROGRAMME']
  AND a.signed IS NOT NULL AND toString(a.signed) <= toString($as_of)
  AND (a.inForce IS NULL OR toString(a.inForce) > toString($as_of))
  AND (a.terminated IS NULL OR toString(a.terminated) > toString($as_of))
WITH a, c
ORDER BY c.name
WITH a, collect(c.name) AS parties
RETURN a.id AS id,
       a.name AS agreement,
       a.type AS type,
       parties,
       a.signed AS signed,
       a.inForce AS inForce,
       CASE WHEN a.inForce IS NULL THEN 'not recorded' ELSE 'later' END AS entryIntoForce,
       a.sources AS sources
ORDER BY toString(signed), id
