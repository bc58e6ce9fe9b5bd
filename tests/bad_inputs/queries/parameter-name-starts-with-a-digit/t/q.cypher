// S.
// params: 1a: str
RETURN $1a AS a
