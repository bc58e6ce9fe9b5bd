MERGE (c:Country {iso3: $iso3})
SET c.name = $name, c.region = $region, c.subregion = $subregion, c.notes = $notes
