// Agreements that cover a cooperation domain, with their status on a date.
//
// $domain is a domain id (see domains.list, e.g. space, cyber, information-security).
// Status on $as_of as in raa.status; agreements whose first known life-cycle date is after
// $as_of are left out, and one with no known date is listed with a null status. One row per
// agreement with its parties (ISO3 codes).
// params: domain: str, as_of: date = today
// exists: domain: domain
// mode: read
MATCH (d:Domain {id: $domain})<-[:COVERS]-(a:Agreement)<-[:PARTY_TO]-(c:Country)
WITH a, c
ORDER BY c.iso3
WITH a, collect(c.iso3) AS parties
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
       a.type AS type,
       parties,
       status,
       a.signed AS signed,
       a.inForce AS inForce,
       a.sources AS sources
ORDER BY coalesce(signed, inForce, '9999'), id
