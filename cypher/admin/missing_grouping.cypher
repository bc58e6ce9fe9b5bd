// Which of $values are not the id of a Grouping in the graph (for "no such grouping").
UNWIND $values AS value
OPTIONAL MATCH (n:Grouping {id: value})
WITH value, n
WHERE n IS NULL
RETURN value
