// Load Grouping nodes (Quad, AUKUS, NATO, ...).
UNWIND $rows AS row
CREATE (g:Grouping {
    id: row.id,
    shortName: row.shortName,
    name: row.name,
    kind: row.kind,
    founded: row.founded,
    foundedBy: row.foundedBy,
    description: row.description,
    sources: row.sources,
    notes: row.notes
})
