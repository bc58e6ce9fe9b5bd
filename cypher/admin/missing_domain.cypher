// Which of $values are not the id of a Domain in the graph (for "no such domain").
UNWIND $values AS value
OPTIONAL MATCH (n:Domain {id: value})
WITH value, n
WHERE n IS NULL
RETURN value
