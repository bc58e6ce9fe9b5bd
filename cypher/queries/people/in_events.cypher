// A person's events and the agreements they concern.
//
// $person is a person id (e.g. ben-wallace). One row per event the person took part in,
// in date order, with the agreements the event concerns (ids; empty when none).
// params: person: str
// exists: person: person
// mode: read
MATCH (p:Person {id: $person})-[:TOOK_PART]->(e:Event)
OPTIONAL MATCH (e)-[:CONCERNS]->(a:Agreement)
WITH e, a
ORDER BY a.id
WITH e, collect(a.id) AS agreements
RETURN e.date AS date,
       e.id AS id,
       e.name AS event,
       e.kind AS kind,
       agreements,
       e.sources AS sources
ORDER BY date, id
