// Pays européens.
RETURN 1 AS x
