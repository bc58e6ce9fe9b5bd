// What changed between two dates: the analyst's "what is new since my last brief".
//
// Agreements announced, negotiations started, signed, in force, terminated or superseded;
// memberships begun or ended; posts taken up or left, each on a date between $from and $to
// (both included; a date known only to the month or year counts by the last day it may
// denote). An agreement is superseded on the day its replacement enters into force. One
// row per change, in date order.
// params: from: date, to: date
// mode: read
MATCH (a:Agreement)
UNWIND [['announced', a.announced, a.announcedBy],
        ['negotiations started', a.negotiationsStarted, a.negotiationsStartedBy],
        ['signed', a.signed, a.signedBy],
        ['in force', a.inForce, a.inForceBy],
        ['terminated', a.terminated, a.terminatedBy]] AS step
WITH a, step
WHERE step[2] >= toString($from) AND step[2] <= toString($to)
WITH collect({date: step[1], change: 'agreement ' + step[0], id: a.id, subject: a.shortName,
              sources: a.sources}) AS steps
OPTIONAL MATCH (newer:Agreement)-[s:SUPERSEDES]->(older:Agreement)
WHERE newer.inForceBy >= toString($from) AND newer.inForceBy <= toString($to)
WITH steps, collect(CASE WHEN s IS NOT NULL THEN {
       date: newer.inForce, change: 'agreement superseded', id: older.id,
       subject: older.shortName + ' by ' + newer.shortName, sources: s.sources
     } END) AS superseded
WITH steps + superseded AS changes
OPTIONAL MATCH (c:Country)-[m:MEMBER_OF]->(g:Grouping)
WHERE (m.sinceBy >= toString($from) AND m.sinceBy <= toString($to))
   OR (m.untilBy >= toString($from) AND m.untilBy <= toString($to))
UNWIND CASE WHEN m IS NULL THEN [null] ELSE [['membership began', m.since, m.sinceBy],
                                             ['membership ended', m.until, m.untilBy]] END AS step
WITH changes, c, m, g, step
WITH changes, collect(CASE WHEN step[2] >= toString($from) AND step[2] <= toString($to) THEN {
       date: step[1], change: step[0], id: g.id, subject: c.name + ' in ' + g.shortName,
       sources: m.sources
     } END) AS memberships
WITH changes + memberships AS changes
OPTIONAL MATCH (p:Person)-[r:HELD_ROLE]->(c:Country)
WHERE (r.sinceBy >= toString($from) AND r.sinceBy <= toString($to))
   OR (r.untilBy >= toString($from) AND r.untilBy <= toString($to))
UNWIND CASE WHEN r IS NULL THEN [null] ELSE [['post taken up', r.since, r.sinceBy],
                                             ['post left', r.until, r.untilBy]] END AS step
WITH changes, p, r, c, step
WITH changes, collect(CASE WHEN step[2] >= toString($from) AND step[2] <= toString($to) THEN {
       date: step[1], change: step[0], id: p.id,
       subject: p.name + ': ' + r.title + ' (' + c.iso3 + ')', sources: r.sources
     } END) AS posts
WITH changes + posts AS changes
UNWIND changes AS x
RETURN x.date AS date, x.change AS change, x.id AS id, x.subject AS subject,
       x.sources AS sources
ORDER BY date, change, id, subject
