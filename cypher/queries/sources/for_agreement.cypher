// The sources behind every fact of an agreement.
//
// $agreement is an agreement id (e.g. jpn-gbr-raa). One row per fact and source: the
// agreement's own facts (name, type, dates), each party, and each event concerning it.
// params: agreement: str
// exists: agreement: agreement
// mode: read
MATCH (a:Agreement {id: $agreement})
OPTIONAL MATCH (c:Country)-[party:PARTY_TO]->(a)
OPTIONAL MATCH (e:Event)-[:CONCERNS]->(a)
WITH a,
     collect(DISTINCT {fact: 'party: ' + c.name, sources: party.sources}) AS parties,
     collect(DISTINCT {fact: 'event: ' + e.name, sources: e.sources}) AS events
UNWIND [{fact: 'agreement: ' + a.name, sources: a.sources}] + parties + events AS f
WITH f
WHERE f.fact IS NOT NULL
UNWIND f.sources AS sourceId
MATCH (s:Source {id: sourceId})
RETURN f.fact AS fact,
       s.id AS source,
       s.title AS title,
       s.publisher AS publisher,
       s.url AS url,
       s.published AS published
ORDER BY fact, source
