// Load Country nodes, with names and UN M49 regions from the country table.
UNWIND $rows AS row
CREATE (c:Country {
    iso3: row.iso3,
    notes: row.notes,
    name: row.name,
    region: row.region,
    subregion: row.subregion
})
