// Load Country nodes, with names and UN M49 regions from the country table.
UNWIND $rows AS row
CREATE (c:Country {iso3: row.iso3})
SET c.name = row.name,
    c.region = row.region,
    c.subregion = row.subregion,
    c.notes = row.notes
