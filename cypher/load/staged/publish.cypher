// Neo4j, the swap of a load larger than one transaction, second half: the staged nodes
// (`Staged`) take their real label (`Current`), in the transaction that retired the old ones.
MATCH (n:Staged)
SET n:Current
REMOVE n:Staged
