// S.
// params: as-of: date
RETURN 1 AS x
