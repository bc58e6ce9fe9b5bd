MERGE (e:Event {id: $id})
SET e.name = $name, e.kind = $kind, e.date = date($date), e.sources = $sources, e.notes = $notes
