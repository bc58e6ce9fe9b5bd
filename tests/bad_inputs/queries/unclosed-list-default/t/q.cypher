// S.
// params: l: list[str] = [quad, aukus
RETURN $l AS l
