// Delete nodes of the loaded labels that the dataset no longer holds.
MATCH (n)
WHERE any(label IN labels(n) WHERE label IN $labels)
  AND NOT (labels(n)[0] + ':' + coalesce(n.id, n.iso3)) IN $keys
DETACH DELETE n
