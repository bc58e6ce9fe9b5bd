// S.
// params: a: str
RETURN 1 AS x // $a
