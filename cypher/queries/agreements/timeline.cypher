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
WITH a, [step IN [['announced', a.announced, a.announcedBy],
                  ['negotiations_started', a.negotiationsStarted, a.negotiationsStartedBy],
                  ['signed', a.signed, a.signedBy],
                  ['in_force', a.inForce, a.inForceBy],
                  ['terminated', a.terminated, a.terminatedBy]]
         WHERE step[2] >= toString($from) AND step[2] <= toString($to)] AS steps
WHERE size(steps) > 0
// The parties once per agreement, not once per event of it.
MATCH (a)<-[:PARTY_TO]-(c:Country)
WITH a, steps, c
ORDER BY c.name
WITH a, steps, collect(c.name) AS parties
UNWIND steps AS step
RETURN step[1] AS date,
       step[0] AS event,
       a.id AS id,
       a.shortName AS agreement,
       a.type AS type,
       parties,
       a.sources AS sources
ORDER BY date, id, event
