// Load Agreement nodes with their life-cycle dates (null when unknown).
UNWIND $rows AS row
CREATE (a:Agreement {
    id: row.id,
    name: row.name,
    type: row.type,
    negotiationsStarted: date(row.negotiationsStarted),
    signed: date(row.signed),
    inForce: date(row.inForce),
    terminated: date(row.terminated),
    sources: row.sources,
    notes: row.notes
})
