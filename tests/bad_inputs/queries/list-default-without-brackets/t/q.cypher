// S.
// params: l: list[str] = quad
RETURN $l AS l
