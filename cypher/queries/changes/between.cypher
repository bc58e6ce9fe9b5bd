// What changed between two dates: the analyst's "what is new since my last brief".
//
// Agreements announced, negotiations started, signed, in force, terminated or superseded;
// memberships begun or ended; posts taken up or left, each on a date between $from and $to
// (both included; a date known only to the month or year counts by the last day it may
// denote). An agreement is superseded on the day its replacement enters into force. One
// row per change, in date order.
// params: from: date, to: date
// mode: read
CALL {
  // Each kind of change as its own rows: collecting each kind into a list and carrying the
  // lists through the next MATCH copied them for every row on FalkorDB (quadratic).
  MATCH (a:Agreement)
  UNWIND [['announced', a.announced, a.announcedBy],
          ['negotiations started', a.negotiationsStarted, a.negotiationsStartedBy],
          ['signed', a.signed, a.signedBy],
          ['in force', a.inForce, a.inForceBy],
          ['terminated', a.terminated, a.terminatedBy]] AS step
  WITH a, step
  WHERE step[2] >= toString($from) AND step[2] <= toString($to)
  RETURN step[1] AS date, 'agreement ' + step[0] AS change, a.id AS id,
         a.shortName AS subject, a.sources AS sources
  UNION ALL
  MATCH (newer:Agreement)-[s:SUPERSEDES]->(older:Agreement)
  WHERE newer.inForceBy >= toString($from) AND newer.inForceBy <= toString($to)
  RETURN newer.inForce AS date, 'agreement superseded' AS change, older.id AS id,
         older.shortName + ' by ' + newer.shortName AS subject, s.sources AS sources
  UNION ALL
  MATCH (c:Country)-[m:MEMBER_OF]->(g:Grouping)
  UNWIND [['membership began', m.since, m.sinceBy],
          ['membership ended', m.until, m.untilBy]] AS step
  WITH c, m, g, step
  WHERE step[2] >= toString($from) AND step[2] <= toString($to)
  RETURN step[1] AS date, step[0] AS change, g.id AS id,
         c.name + ' in ' + g.shortName AS subject, m.sources AS sources
  UNION ALL
  MATCH (p:Person)-[r:HELD_ROLE]->(c:Country)
  UNWIND [['post taken up', r.since, r.sinceBy], ['post left', r.until, r.untilBy]] AS step
  WITH p, r, c, step
  WHERE step[2] >= toString($from) AND step[2] <= toString($to)
  RETURN step[1] AS date, step[0] AS change, p.id AS id,
         p.name + ': ' + r.title + ' (' + c.iso3 + ')' AS subject, r.sources AS sources
}
RETURN date, change, id, subject, sources
ORDER BY date, change, id, subject
