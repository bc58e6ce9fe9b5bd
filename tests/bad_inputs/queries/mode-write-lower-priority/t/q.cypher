// S.
// mode: write, read
RETURN 1 AS x
