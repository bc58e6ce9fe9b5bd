// Load Grouping nodes (Quad, AUKUS, NATO, ...).
UNWIND $rows AS row
CREATE (g:Grouping {id: row.id})
SET g.name = row.name,
    g.kind = row.kind,
    g.founded = date(row.founded),
    g.description = row.description,
    g.sources = row.sources,
    g.notes = row.notes
