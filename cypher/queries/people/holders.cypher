// Everyone who held a post for a country, in order.
//
// $country is an ISO 3166-1 alpha-3 code and $title a post (Prime Minister, President,
// Foreign Minister, Foreign Secretary, Defence Secretary, Defence Minister, Secretary of
// State, Secretary of Defense, Foreign Ministry Spokesperson). Unknown dates are null.
// params: country: str, title: str
// exists: country: country, title: role_title
// mode: read
MATCH (p:Person)-[r:HELD_ROLE {title: $title}]->(:Country {iso3: $country})
RETURN p.name AS person,
       r.since AS since,
       r.until AS until,
       r.ended AS ended,
       r.acting AS acting,
       r.notes AS notes,
       r.sources AS sources
ORDER BY coalesce(r.since, '9999-12-31'), person
