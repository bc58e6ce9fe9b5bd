// Which of $values are not the id of a Source in the graph (for "no such source").
UNWIND $values AS value
OPTIONAL MATCH (n:Source {id: value})
WITH value, n
WHERE n IS NULL
RETURN value
