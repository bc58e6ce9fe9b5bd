// Who held which post for a country on a date.
//
// $country is an ISO 3166-1 alpha-3 code. A post counts on $date when its recorded start
// is on or before $date and it has no recorded end or ended after $date (`until` is the
// day it ended). Posts with no recorded start are left out.
// params: country: str, date: date = today
// exists: country: country
// mode: read
MATCH (p:Person)-[r:HELD_ROLE]->(c:Country {iso3: $country})
WHERE r.since IS NOT NULL AND toString(r.since) <= toString($date)
  AND (r.until IS NULL OR toString(r.until) > toString($date))
RETURN r.title AS title,
       p.name AS person,
       r.since AS since,
       r.until AS until,
       r.sources AS sources
ORDER BY title, toString(since), person
