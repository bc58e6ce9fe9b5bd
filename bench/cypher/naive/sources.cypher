MERGE (s:Source {id: $id})
SET s.title = $title, s.publisher = $publisher, s.url = $url, s.published = date($published)
