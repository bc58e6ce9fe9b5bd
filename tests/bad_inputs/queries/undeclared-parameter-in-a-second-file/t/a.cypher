// Fine.
RETURN 1 AS x
