// S.
// params: b: bool = maybe
RETURN $b AS b
