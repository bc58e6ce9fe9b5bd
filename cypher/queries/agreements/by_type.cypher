// Agreements of one type, with their parties and status on a date.
//
// $type is one of RAA, ACSA, TREATY, DECLARATION, PROGRAMME, PARTNERSHIP. One row per
// agreement with its parties (by name), its status on $as_of and its life-cycle dates.
// Agreements whose first known life-cycle date is after $as_of are left out; an agreement
// with no known date is listed with a null status.
// params: type: str, as_of: date = today
// mode: read
MATCH (a:Agreement {type: $type})<-[:PARTY_TO]-(c:Country)
WITH a, c
ORDER BY c.name
WITH a, collect(c.name) AS parties
WITH a, parties,
     CASE
       WHEN toString(a.terminated) <= toString($as_of) THEN 'terminated'
       WHEN toString(a.inForce) <= toString($as_of) THEN 'in_force'
       WHEN toString(a.signed) <= toString($as_of) THEN 'signed'
       WHEN toString(a.negotiationsStarted) <= toString($as_of) THEN 'negotiating'
       ELSE null
     END AS status
WHERE status IS NOT NULL
   OR (a.negotiationsStarted IS NULL AND a.signed IS NULL AND a.inForce IS NULL)
RETURN a.id AS id,
       a.name AS agreement,
       parties,
       status,
       a.negotiationsStarted AS negotiationsStarted,
       a.signed AS signed,
       a.inForce AS inForce,
       a.terminated AS terminated,
       a.sources AS sources
ORDER BY coalesce(toString(a.signed), toString(a.inForce), toString(a.negotiationsStarted),
                  '9999-12-31'),
         id
