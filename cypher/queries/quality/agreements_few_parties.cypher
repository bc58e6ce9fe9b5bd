// Data check: agreements with fewer than two parties (an empty result means clean).
MATCH (a:Agreement)
OPTIONAL MATCH (a)<-[:PARTY_TO]-(c:Country)
WITH a, count(c) AS parties
WHERE parties < 2
RETURN a.id AS id, a.shortName AS agreement, parties
ORDER BY id
