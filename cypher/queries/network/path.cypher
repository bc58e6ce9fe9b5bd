// The shortest chain of agreements linking two countries.
//
// $a and $b are ISO 3166-1 alpha-3 codes. A chain goes country - agreement - country ...
// through shared agreements of any type and any date; $max_hops (1 to 4) is the most
// agreements it may pass through. One row: the chain in order (country, agreement,
// country, ...; agreements by short name), the countries and agreement ids along it, and
// the path itself, which Neo4j Browser draws; no row when none is that short, or when $a
// and $b are the same country.
// params: a: str, b: str, max_hops: int = 3
// exists: a: country, b: country
// mode: read
MATCH (ca:Country {iso3: $a})
MATCH (cb:Country {iso3: $b})
// Only the shortest chains are walked (allShortestPaths, its ends bound first); of those,
// the first by the countries and agreements along it.
WITH ca, cb
WHERE ca <> cb
MATCH p = allShortestPaths((ca)-[:PARTY_TO*..8]-(cb))
// Filtered after the search: a predicate on the path itself would make Neo4j search
// exhaustively (and say so).
WITH p, length(p) AS steps
WHERE steps <= 2 * $max_hops
WITH p
ORDER BY length(p), reduce(s = '', n IN nodes(p) | s + coalesce(n.iso3, n.id) + ' ')
LIMIT 1
RETURN length(p) / 2 AS hops,
       [n IN nodes(p) | coalesce(n.shortName, n.name)] AS chain,
       [n IN nodes(p) WHERE n.iso3 IS NOT NULL | n.name] AS countries,
       [n IN nodes(p) WHERE n.iso3 IS NULL | n.id] AS agreements,
       reduce(acc = [], n IN nodes(p) | acc + coalesce(n.sources, [])) AS sources,
       p AS path
