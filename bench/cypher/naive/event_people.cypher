MATCH (p:Person {id: $person})
MATCH (e:Event {id: $event})
MERGE (p)-[t:TOOK_PART {key: $key}]->(e)
SET t.sources = $sources
