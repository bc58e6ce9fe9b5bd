// Neo4j: the transaction memory limits (0B is no limit), so a load can tell whether it fits
// in one transaction (see ipgraph/db/neo4j_load.py).
SHOW SETTINGS YIELD name, value
WHERE name IN ['dbms.memory.transaction.total.max', 'db.memory.transaction.total.max',
               'db.memory.transaction.max']
RETURN name, value
