// Data check: life-cycle or term dates out of order (an empty result means clean).
//
// Agreements must run negotiationsStarted <= signed <= inForce <= terminated; memberships
// and posts must end after they start.
MATCH (a:Agreement)
WITH [d IN [a.negotiationsStarted, a.signed, a.inForce, a.terminated] WHERE d IS NOT NULL]
       AS days, a
WHERE any(i IN range(0, size(days) - 2) WHERE toString(days[i]) > toString(days[i + 1]))
RETURN 'Agreement' AS kind, a.id AS id, days AS dates
UNION ALL
MATCH (x)-[r:MEMBER_OF|HELD_ROLE]->(y)
WHERE r.since IS NOT NULL AND r.until IS NOT NULL AND toString(r.since) > toString(r.until)
RETURN type(r) AS kind, r.key AS id, [r.since, r.until] AS dates
