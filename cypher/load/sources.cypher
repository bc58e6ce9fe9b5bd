// Load Source nodes. One row per entry of data/sources.csv.
UNWIND $rows AS row
CREATE (s:Source {id: row.id})
SET s.title = row.title,
    s.publisher = row.publisher,
    s.url = row.url,
    s.published = date(row.published)
