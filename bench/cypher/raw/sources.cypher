UNWIND $rows AS row
CREATE (:Source {id: row.id, title: row.title, publisher: row.publisher, url: row.url,
                 published: date(row.published)})
