// Meetings, summits, signings and other events in a period.
//
// Events dated between $from and $to, both included (a date known only to the month or
// year counts by the last day it may denote). $country limits them to events a country took
// part in and $kind to one kind (meeting, summit, signing, ship_visit, exercise,
// announcement); leave either out for all. One row per event with the countries and people
// that took part and the agreements and groupings it concerned.
// params: from: date, to: date, country: str = null, kind: str = null
// exists: country: country, kind: event_kind
// mode: read
MATCH (e:Event)
WHERE e.dateBy >= toString($from) AND e.dateBy <= toString($to)
  AND ($kind IS NULL OR e.kind = $kind)
// Countries and people in one expansion of the event's participants; $country is checked
// against the countries found (FalkorDB ran the pattern predicate as a subquery per event).
OPTIONAL MATCH (e)<-[:TOOK_PART]-(x)
WITH e, x, CASE WHEN x:Country THEN x.iso3 END AS country,
     CASE WHEN x:Person THEN x.name END AS person
ORDER BY country, person
WITH e, collect(country) AS countries, collect(person) AS people
WHERE $country IS NULL OR $country IN countries
OPTIONAL MATCH (e)-[:CONCERNS]->(x)
WITH e, countries, people, x
ORDER BY x.shortName
WITH e, countries, people, collect(x.shortName) AS concerns
RETURN e.date AS date,
       e.id AS id,
       e.name AS event,
       e.kind AS kind,
       countries,
       people,
       concerns,
       e.sources AS sources
ORDER BY date, id
