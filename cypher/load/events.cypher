// Load Event nodes (meetings, signings, summits, ...).
UNWIND $rows AS row
CREATE (e:Event {id: row.id})
SET e.name = row.name,
    e.kind = row.kind,
    e.date = date(row.date),
    e.sources = row.sources,
    e.notes = row.notes
