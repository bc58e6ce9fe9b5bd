MATCH (c:Country {iso3: $country})
MATCH (g:Grouping {id: $grouping})
MERGE (c)-[m:MEMBER_OF {key: $key}]->(g)
SET m.since = date($since), m.until = date($until), m.sources = $sources, m.notes = $notes
