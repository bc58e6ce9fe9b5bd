// What changed between two dates: the analyst's "what is new since my last brief".
//
// Agreements announced, negotiations started, signed, in force, terminated or superseded;
// memberships begun or ended; posts taken up or left, each on a date between $from and $to
// (both included; a date known only to the month or year counts by the last day it may
// denote). An agreement is superseded on the day its replacement enters into force. One
// row per change, in date order.
// params: from: date, to: date
// mode: read
// Each kind of change is gathered in one row (a collect, then pattern comprehensions, which
// add no rows): carrying collected lists through later MATCHes copied them for every row on
// FalkorDB (quadratic), and a CALL { ... UNION ALL ... } draws a deprecation warning on Neo4j.
// Each comprehension names its own variables: FalkorDB mixes up a name used in two of them.
MATCH (a:Agreement)
UNWIND [['announced', a.announced, a.announcedBy],
        ['negotiations started', a.negotiationsStarted, a.negotiationsStartedBy],
        ['signed', a.signed, a.signedBy],
        ['in force', a.inForce, a.inForceBy],
        ['terminated', a.terminated, a.terminatedBy]] AS step
WITH a, step
WHERE step[2] >= toString($from) AND step[2] <= toString($to)
WITH collect({date: step[1], change: 'agreement ' + step[0], id: a.id,
              subject: a.shortName, sources: a.sources}) AS agreements
WITH agreements,
     [(newer:Agreement)-[s:SUPERSEDES]->(older:Agreement)
      WHERE newer.inForceBy >= toString($from) AND newer.inForceBy <= toString($to)
      | {date: newer.inForce, change: 'agreement superseded', id: older.id,
         subject: older.shortName + ' by ' + newer.shortName, sources: s.sources}] AS superseded,
     [(c:Country)-[m:MEMBER_OF]->(g:Grouping)
      WHERE m.sinceBy >= toString($from) AND m.sinceBy <= toString($to)
      | {date: m.since, change: 'membership began', id: g.id,
         subject: c.name + ' in ' + g.shortName, sources: m.sources}] AS began,
     [(leaver:Country)-[membership:MEMBER_OF]->(grouping:Grouping)
      WHERE membership.untilBy >= toString($from) AND membership.untilBy <= toString($to)
      | {date: membership.until, change: 'membership ended', id: grouping.id,
         subject: leaver.name + ' in ' + grouping.shortName,
         sources: membership.sources}] AS ended,
     [(holder:Person)-[post:HELD_ROLE]->(state:Country)
      WHERE post.sinceBy >= toString($from) AND post.sinceBy <= toString($to)
      | {date: post.since, change: 'post taken up', id: holder.id,
         subject: holder.name + ': ' + post.title + ' (' + state.iso3 + ')',
         sources: post.sources}] AS taken,
     [(former:Person)-[held:HELD_ROLE]->(country:Country)
      WHERE held.untilBy >= toString($from) AND held.untilBy <= toString($to)
      | {date: held.until, change: 'post left', id: former.id,
         subject: former.name + ': ' + held.title + ' (' + country.iso3 + ')',
         sources: held.sources}] AS postsLeft
UNWIND agreements + superseded + began + ended + taken + postsLeft AS row
RETURN row.date AS date, row.change AS change, row.id AS id, row.subject AS subject,
       row.sources AS sources
ORDER BY date, change, id, subject
