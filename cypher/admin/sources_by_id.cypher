// The Source nodes with the given ids, for `ipgraph query run --with-sources`.
MATCH (s:Source)
WHERE s.id IN $ids
RETURN s.id AS id, s.title AS title, s.publisher AS publisher, s.published AS published,
       s.url AS url
