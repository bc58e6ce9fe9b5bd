// Range indexes on the node keys, created before a baseline writes (no uniqueness checks).
// The same text runs on Neo4j 5 and FalkorDB.
CREATE INDEX FOR (n:Source) ON (n.id);
CREATE INDEX FOR (n:Country) ON (n.iso3);
CREATE INDEX FOR (n:Grouping) ON (n.id);
CREATE INDEX FOR (n:Agreement) ON (n.id);
CREATE INDEX FOR (n:Person) ON (n.id);
CREATE INDEX FOR (n:Event) ON (n.id);
