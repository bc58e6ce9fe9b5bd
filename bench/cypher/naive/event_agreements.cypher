MATCH (e:Event {id: $event})
MATCH (a:Agreement {id: $agreement})
MERGE (e)-[c:CONCERNS {key: $key}]->(a)
SET c.sources = $sources
