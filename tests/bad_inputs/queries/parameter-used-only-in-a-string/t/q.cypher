// S.
// params: a: str
RETURN '$a' AS x
