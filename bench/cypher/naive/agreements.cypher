MERGE (a:Agreement {id: $id})
SET a.name = $name, a.type = $type, a.negotiationsStarted = date($negotiationsStarted),
    a.signed = date($signed), a.inForce = date($inForce), a.terminated = date($terminated),
    a.sources = $sources, a.notes = $notes
