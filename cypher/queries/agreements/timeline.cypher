// Agreement life-cycle events in a period, one row per event, in date order.
//
// Events are announced, negotiations_started, signed, in_force and terminated, each on its recorded
// date between $from and $to (both included). $type limits the agreements to one type;
// leave it out for all types.
// params: from: date, to: date, type: str = null
// exists: type: agreement_type
// mode: read
MATCH (a:Agreement)
WHERE $type IS NULL OR a.type = $type
UNWIND [{event: 'announced', day: a.announced, by: a.announcedBy},
        {event: 'negotiations_started', day: a.negotiationsStarted,
         by: a.negotiationsStartedBy},
        {event: 'signed', day: a.signed, by: a.signedBy},
        {event: 'in_force', day: a.inForce, by: a.inForceBy},
        {event: 'terminated', day: a.terminated, by: a.terminatedBy}] AS step
WITH a, step
WHERE step.by >= toString($from) AND step.by <= toString($to)
MATCH (a)<-[:PARTY_TO]-(c:Country)
WITH a, step, c
ORDER BY c.name
WITH a, step, collect(c.name) AS parties
RETURN step.day AS date,
       step.event AS event,
       a.id AS id,
       a.shortName AS agreement,
       a.type AS type,
       parties,
       a.sources AS sources
ORDER BY date, id, event
