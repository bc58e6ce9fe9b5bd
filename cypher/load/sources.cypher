// Load Source nodes. One row per entry of data/sources.csv.
UNWIND $rows AS row
CREATE (s:Source {
    id: row.id,
    title: row.title,
    publisher: row.publisher,
    url: row.url,
    published: row.published,
    publishedBy: row.publishedBy
})
