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
  MATCH (a:Agreement)
  UNWIND [['announced', a.announced, a.announcedBy],
          ['negotiations started', a.negotiationsStarted, a.negotiationsStartedBy],
          ['signed', a.signed, a.signedBy],
          ['in force', a.inForce, a.inForceBy],
          ['terminated', a.terminated, a.terminatedBy]] AS step
  WITH a, step
  WHERE step[2] >= toString($from) AND step[2] <= toString($to)
  RETURN step[1] AS date, 'agreement ' + step[0] AS change, a.id AS id, a.shortName AS subject,
         a.sources AS sources
  UNION ALL
  MATCH (newer:Agreement)-[s:SUPERSEDES]->(older:Agreement)
  WHERE newer.inForceBy >= toString($from) AND newer.inForceBy <= toString($to)
  RETURN newer.inForce AS date, 'agreement superseded' AS change, older.id AS id,
         older.shortName + ' by ' + newer.shortName AS subject, s.sources AS sources
  UNION ALL
  MATCH (c:Country)-[m:MEMBER_OF]->(g:Grouping)
  WHERE m.sinceBy >= toString($from) AND m.sinceBy <= toString($to)
  RETURN m.since AS date, 'membership began' AS change, g.id AS id,
         c.name + ' in ' + g.shortName AS subject, m.sources AS sources
  UNION ALL
  MATCH (c:Country)-[m:MEMBER_OF]->(g:Grouping)
  WHERE m.untilBy >= toString($from) AND m.untilBy <= toString($to)
  RETURN m.until AS date, 'membership ended' AS change, g.id AS id,
         c.name + ' in ' + g.shortName AS subject, m.sources AS sources
  UNION ALL
  MATCH (p:Person)-[r:HELD_ROLE]->(c:Country)
  WHERE r.sinceBy >= toString($from) AND r.sinceBy <= toString($to)
  RETURN r.since AS date, 'post taken up' AS change, p.id AS id,
         p.name + ': ' + r.title + ' (' + c.iso3 + ')' AS subject, r.sources AS sources
  UNION ALL
  MATCH (p:Person)-[r:HELD_ROLE]->(c:Country)
  WHERE r.untilBy >= toString($from) AND r.untilBy <= toString($to)
  RETURN r.until AS date, 'post left' AS change, p.id AS id,
         p.name + ': ' + r.title + ' (' + c.iso3 + ')' AS subject, r.sources AS sources
}
RETURN date, change, id, subject, sources
ORDER BY date, change, id, subject
