// S.
MATCH (c:Country {iso3: $country})
RETURN c.name AS name
