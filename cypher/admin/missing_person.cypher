// Which of $values are not the id of a Person in the graph (for "no such person").
UNWIND $values AS value
OPTIONAL MATCH (n:Person {id: value})
WITH value, n
WHERE n IS NULL
RETURN value
