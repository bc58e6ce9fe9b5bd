// Two modes.
// mode: read
// mode: write
RETURN 1 AS x
