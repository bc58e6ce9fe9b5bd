// Neo4j, the swap of a load larger than one transaction, first half: the current nodes of a
// loaded label (`Current`) become the old generation (`Old`), which no query sees.
MATCH (n:Current)
SET n:Old
REMOVE n:Current
