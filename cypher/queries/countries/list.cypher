// Countries in the graph, with their UN M49 region and subregion.
//
// $region limits the list to one UN M49 region (Africa, Americas, Asia, Europe, Oceania);
// leave it out for all. One row per country with the number of agreements it is party to
// and of groupings it has ever been a member of.
// params: region: str = null
// mode: read
MATCH (c:Country)
WHERE $region IS NULL OR c.region = $region
// Counted with OPTIONAL MATCH: FalkorDB expands a pattern comprehension once per row (a
// traversal per country), an OPTIONAL MATCH for all the rows at once.
OPTIONAL MATCH (c)-[:PARTY_TO]->(a:Agreement)
WITH c, count(a) AS agreements
OPTIONAL MATCH (c)-[:MEMBER_OF]->(g:Grouping)
WITH c, agreements, count(g) AS groupings
RETURN c.iso3 AS iso3,
       c.name AS name,
       c.region AS region,
       c.subregion AS subregion,
       agreements,
       groupings
ORDER BY name
