// Data check: life-cycle or term dates out of order (an empty result means clean).
//
// Agreements must run announced <= negotiationsStarted <= signed <= inForce <= terminated;
// memberships and posts must end after they start. A partial date is out of order only
// when its first possible day is after the last possible day of a later step.
MATCH (a:Agreement)
WITH a,
     [d IN [[a.announced, a.announcedBy], [a.negotiationsStarted, a.negotiationsStartedBy],
            [a.signed, a.signedBy], [a.inForce, a.inForceBy], [a.terminated, a.terminatedBy]]
      WHERE d[0] IS NOT NULL] AS days
WHERE any(i IN range(0, size(days) - 2)
          WHERE any(j IN range(i + 1, size(days) - 1) WHERE days[i][0] > days[j][1]))
RETURN 'Agreement' AS kind, a.id AS id, [d IN days | d[0]] AS dates
UNION ALL
MATCH (:Country)-[r:MEMBER_OF]->()
// From the labels the model gives these relationships' start nodes: FalkorDB has no scan by
// relationship type and would otherwise try every node of the graph.
WHERE r.since IS NOT NULL AND r.until IS NOT NULL AND r.since > r.untilBy
RETURN type(r) AS kind, r.key AS id, [r.since, r.until] AS dates
UNION ALL
MATCH (:Person)-[r:HELD_ROLE]->()
WHERE r.since IS NOT NULL AND r.until IS NOT NULL AND r.since > r.untilBy
RETURN type(r) AS kind, r.key AS id, [r.since, r.until] AS dates
