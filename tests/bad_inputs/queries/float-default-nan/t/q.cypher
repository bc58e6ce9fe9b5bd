// S.
// params: f: float = nan
RETURN $f AS f
