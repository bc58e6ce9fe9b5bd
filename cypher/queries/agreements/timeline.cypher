// Agreement life-cycle events in a period, one row per event, in date order.
//
// Events are negotiations_started, signed, in_force and terminated, each on its recorded
// date between $from and $to (both included). $type limits the agreements to one type;
// leave it out for all types.
// params: from: date, to: date, type: str = null
// mode: read
MATCH (a:Agreement)
WHERE $type IS NULL OR a.type = $type
UNWIND [{event: 'negotiations_started', day: a.negotiationsStarted},
        {event: 'signed', day: a.signed},
        {event: 'in_force', day: a.inForce},
        {event: 'terminated', day: a.terminated}] AS step
WITH a, step
WHERE toString(step.day) >= toString($from) AND toString(step.day) <= toString($to)
MATCH (a)<-[:PARTY_TO]-(c:Country)
WITH a, step, c
ORDER BY c.name
WITH a, step, collect(c.name) AS parties
RETURN step.day AS date,
       step.event AS event,
       a.id AS id,
       a.name AS agreement,
       a.type AS type,
       parties,
       a.sources AS sources
ORDER BY toString(date), id, event
