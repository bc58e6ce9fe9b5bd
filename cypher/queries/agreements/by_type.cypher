// Agreements of one type, with their parties and status on a date.
//
// $type is an agreement type (TREATY, SOFA, RAA, DCA, ACSA, GSOMIA, EQUIPMENT, DECLARATION,
// PARTNERSHIP, PROGRAMME; any letter case). One row per
// agreement with its parties (by name), its status on $as_of and its life-cycle dates.
// Agreements whose first known life-cycle date is after $as_of are left out; an agreement
// with no known date is listed with a null status.
// params: type: str, as_of: date = today
// exists: type: agreement_type
// mode: read
MATCH (a:Agreement {type: $type})<-[:PARTY_TO]-(c:Country)
WITH a, c
ORDER BY c.name
WITH a, collect(c.name) AS parties
WITH a, parties,
     CASE
       WHEN a.terminatedBy <= toString($as_of) THEN 'terminated'
       WHEN a.inForceBy <= toString($as_of) THEN 'in_force'
       WHEN a.signedBy <= toString($as_of) THEN 'signed'
       WHEN a.negotiationsStartedBy <= toString($as_of) THEN 'negotiating'
       WHEN a.announcedBy <= toString($as_of) THEN 'announced'
       ELSE null
     END AS status
WHERE status IS NOT NULL
   OR (a.announced IS NULL AND a.negotiationsStarted IS NULL AND a.signed IS NULL
       AND a.inForce IS NULL)
RETURN a.id AS id,
       a.shortName AS agreement,
       parties,
       status,
       a.negotiationsStarted AS negotiationsStarted,
       a.signed AS signed,
       a.inForce AS inForce,
       a.terminated AS terminated,
       a.sources AS sources
ORDER BY coalesce(a.signed, a.inForce, a.negotiationsStarted,
                  '9999-12-31'),
         id
