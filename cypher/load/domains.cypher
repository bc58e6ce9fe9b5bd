// Load Domain nodes: the cooperation domains that agreements cover.
UNWIND $rows AS row
CREATE (d:Domain {
    id: row.id,
    name: row.name,
    description: row.description
})
