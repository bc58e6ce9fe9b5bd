// S.
// params: n: int = 99999999999999999999
RETURN $n AS n
