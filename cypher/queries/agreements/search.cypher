// Agreements whose id, short name or official title contains a text, ignoring case.
//
// $text is any part of an id, a short name or a title (e.g. raa, gsomia, pukpuk). One row
// per agreement with the id that the other agreement queries take, its short name, type,
// parties (ISO3 codes) and life-cycle dates, oldest first (unknown dates last).
// params: text: str
// mode: read
MATCH (a:Agreement)
WHERE toLower(a.id) CONTAINS toLower($text)
   OR toLower(a.shortName) CONTAINS toLower($text)
   OR toLower(a.name) CONTAINS toLower($text)
MATCH (a)<-[:PARTY_TO]-(c:Country)
WITH a, c
ORDER BY c.iso3
WITH a, collect(c.iso3) AS parties
RETURN a.id AS id,
       a.shortName AS agreement,
       a.type AS type,
       parties,
       a.signed AS signed,
       a.inForce AS inForce,
       a.terminated AS terminated,
       a.sources AS sources
ORDER BY coalesce(signed, inForce, '9999'), id
