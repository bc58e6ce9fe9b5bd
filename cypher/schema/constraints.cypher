// Neo4j schema: one unique key per node label, plus indexes the saved queries use.
// Run as it is on Neo4j; the embedded FalkorDB engine reads the same file and applies it
// through its client's index and constraint calls (see ipgraph/db/schema.py).
CREATE CONSTRAINT country_iso3 IF NOT EXISTS FOR (c:Country) REQUIRE c.iso3 IS UNIQUE;
CREATE CONSTRAINT grouping_id IF NOT EXISTS FOR (g:Grouping) REQUIRE g.id IS UNIQUE;
CREATE CONSTRAINT agreement_id IF NOT EXISTS FOR (a:Agreement) REQUIRE a.id IS UNIQUE;
CREATE CONSTRAINT person_id IF NOT EXISTS FOR (p:Person) REQUIRE p.id IS UNIQUE;
CREATE CONSTRAINT event_id IF NOT EXISTS FOR (e:Event) REQUIRE e.id IS UNIQUE;
CREATE CONSTRAINT source_id IF NOT EXISTS FOR (s:Source) REQUIRE s.id IS UNIQUE;
CREATE INDEX agreement_type IF NOT EXISTS FOR (a:Agreement) ON (a.type);
// Loads on Neo4j take a lock through this key (see cypher/load/lock.cypher).
CREATE CONSTRAINT ipgraph_load_lock IF NOT EXISTS FOR (l:IpgraphLoadLock) REQUIRE l.id IS UNIQUE;
// Neo4j: the graph's version, which readers check around each query (cypher/version/).
CREATE CONSTRAINT ipgraph_version IF NOT EXISTS FOR (v:IpgraphVersion) REQUIRE v.id IS UNIQUE;
