// S.
// params: n: int = today
RETURN $n AS n
