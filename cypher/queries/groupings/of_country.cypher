// The groupings a country belongs to on a date.
//
// $country is an ISO 3166-1 alpha-3 code. Membership on $as_of follows the rule of
// groupings.members.
// params: country: str, as_of: date = today
// exists: country: country
// mode: read
MATCH (:Country {iso3: $country})-[m:MEMBER_OF]->(g:Grouping)
WHERE (coalesce(m.since, g.founded) IS NULL
       OR coalesce(m.sinceBy, g.foundedBy) <= toString($as_of))
  AND (m.until IS NULL OR m.untilBy >= toString($as_of))
RETURN g.id AS id,
       g.name AS grouping,
       g.kind AS kind,
       m.since AS since,
       m.sources AS sources
ORDER BY id
