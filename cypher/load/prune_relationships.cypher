// Delete relationships of the loaded types that the dataset no longer holds.
MATCH ()-[r]->()
WHERE type(r) IN $types AND NOT r.key IN $keys
DELETE r
