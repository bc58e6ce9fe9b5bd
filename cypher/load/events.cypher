// Load Event nodes (meetings, signings, summits, ...).
UNWIND $rows AS row
CREATE (e:Event {
    id: row.id,
    name: row.name,
    kind: row.kind,
    date: row.date,
    dateBy: row.dateBy,
    sources: row.sources,
    notes: row.notes
})
