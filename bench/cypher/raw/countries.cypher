UNWIND $rows AS row
CREATE (:Country {iso3: row.iso3, name: row.name, region: row.region, subregion: row.subregion,
                  notes: row.notes})
