// Neo4j: whether the transaction a writer announced (`$token` in its metadata) is still open.
// An odd version whose transaction is gone was left by a writer that was killed.
SHOW TRANSACTIONS
YIELD metaData
WHERE metaData.token = $token
RETURN count(*) AS running
