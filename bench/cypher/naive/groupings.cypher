MERGE (g:Grouping {id: $id})
SET g.name = $name, g.kind = $kind, g.founded = date($founded), g.description = $description,
    g.sources = $sources, g.notes = $notes
