// Which of $values are not the iso3 of a Country in the graph (for "no such country").
UNWIND $values AS value
OPTIONAL MATCH (n:Country {iso3: value})
WITH value, n
WHERE n IS NULL
RETURN value
