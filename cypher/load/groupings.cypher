// Load Grouping nodes (Quad, AUKUS, NATO, ...).
UNWIND $rows AS row
CREATE (g:Grouping {
    id: row.id,
    name: row.name,
    kind: row.kind,
    founded: date(row.founded),
    description: row.description,
    sources: row.sources,
    notes: row.notes
})
