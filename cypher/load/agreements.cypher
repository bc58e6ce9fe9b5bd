// Load Agreement nodes with their life-cycle dates (null when unknown).
UNWIND $rows AS row
CREATE (a:Agreement {id: row.id})
SET a.name = row.name,
    a.type = row.type,
    a.negotiationsStarted = date(row.negotiationsStarted),
    a.signed = date(row.signed),
    a.inForce = date(row.inForce),
    a.terminated = date(row.terminated),
    a.sources = row.sources,
    a.notes = row.notes
