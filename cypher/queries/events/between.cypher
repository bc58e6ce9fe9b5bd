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
  AND ($country IS NULL OR (e)<-[:TOOK_PART]-(:Country {iso3: $country}))
OPTIONAL MATCH (e)<-[:TOOK_PART]-(c:Country)
WITH e, c
ORDER BY c.iso3
WITH e, collect(c.iso3) AS countries
OPTIONAL MATCH (e)<-[:TOOK_PART]-(p:Person)
WITH e, countries, p
ORDER BY p.name
WITH e, countries, collect(p.name) AS people
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
