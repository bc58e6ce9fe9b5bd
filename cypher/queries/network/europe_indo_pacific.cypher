// Every agreement linking a European state to an Indo-Pacific state, on a date.
//
// European: UN M49 region Europe. Indo-Pacific: UN M49 Eastern, South-eastern or Southern
// Asia, or Oceania. An agreement counts once it is signed or in force on $as_of (and not
// terminated). One row per agreement and European-Indo-Pacific pair of its parties.
// params: as_of: date = today
// mode: read
MATCH (e:Country {region: 'Europe'})-[:PARTY_TO]->(a:Agreement)<-[:PARTY_TO]-(i:Country)
WHERE (i.region = 'Oceania'
       OR i.subregion IN ['Eastern Asia', 'South-eastern Asia', 'Southern Asia'])
  AND coalesce(a.signedBy, a.inForceBy) <= toString($as_of)
  AND (a.terminated IS NULL OR a.terminatedBy > toString($as_of))
RETURN e.name AS european,
       i.name AS indoPacific,
       a.id AS id,
       a.shortName AS agreement,
       a.type AS type,
       CASE WHEN a.inForceBy <= toString($as_of) THEN 'in_force' ELSE 'signed' END
         AS status,
       a.signed AS signed,
       a.inForce AS inForce,
       a.sources AS sources
ORDER BY european, indoPacific, signed, id
