// S.
// params: country: str
// exists: country
RETURN $country AS c
