// Which of $values are not the id of a Agreement in the graph (for "no such agreement").
UNWIND $values AS value
OPTIONAL MATCH (n:Agreement {id: value})
WITH value, n
WHERE n IS NULL
RETURN value
