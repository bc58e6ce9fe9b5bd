// Who held which post for a country on a date.
//
// $country is an ISO 3166-1 alpha-3 code. A post counts on $date when its recorded start
// is on or before $date and it ended after $date (`until` is the day it ended). A term with
// no recorded end counts until the next holder of the same post takes office, except for
// Foreign Ministry Spokesperson, a post several people hold at once (there a term recorded
// as ended with no known end date is left out). Terms with no recorded start are left out.
// A partial date counts from the last day it may denote (see the README's date rule).
// params: country: str, date: date = today
// exists: country: country
// mode: read
MATCH (p:Person)-[r:HELD_ROLE]->(c:Country {iso3: $country})
WHERE r.since IS NOT NULL AND r.sinceBy <= toString($date)
  AND (r.until IS NULL OR r.untilBy > toString($date))
  AND NOT (r.until IS NULL AND r.ended AND r.title = 'Foreign Ministry Spokesperson')
OPTIONAL MATCH (:Person)-[later:HELD_ROLE]->(c)
WHERE r.until IS NULL AND r.title <> 'Foreign Ministry Spokesperson'
  AND later.title = r.title
  AND later.since > r.since
  AND later.sinceBy <= toString($date)
WITH p, r, count(later) AS successors
WHERE successors = 0
RETURN r.title AS title,
       p.name AS person,
       r.acting AS acting,
       r.since AS since,
       r.until AS until,
       r.sources AS sources
ORDER BY title, since, person
