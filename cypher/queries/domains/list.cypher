// The cooperation domains, with how many agreements cover each.
//
// One row per domain of the vocabulary (data/domains.csv): its id (for domains.agreements),
// name, description and the number of agreements of any date that cover it.
// mode: read
MATCH (d:Domain)
RETURN d.id AS id,
       d.name AS name,
       d.description AS description,
       size([(d)<-[:COVERS]-(a:Agreement) | a]) AS agreements
ORDER BY id
