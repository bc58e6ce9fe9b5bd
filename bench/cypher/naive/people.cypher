MERGE (p:Person {id: $id})
SET p.name = $name, p.sources = $sources
