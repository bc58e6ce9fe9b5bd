MATCH (c:Country {iso3: $country})
MATCH (e:Event {id: $event})
MERGE (c)-[t:TOOK_PART {key: $key}]->(e)
SET t.sources = $sources
