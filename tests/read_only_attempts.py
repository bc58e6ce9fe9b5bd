"""The write attempts that test_read_only*.py send through every read path, and the checks.

``ATTEMPTS`` are statements that write (CREATE, MERGE, SET, DELETE, REMOVE, writes inside
CALL { }, FOREACH and UNION, after a WITH, behind comment-looking strings, schema changes and
writing procedures); ``state`` is what must not change (the graph, its schema and its tokens);
``refused`` is the one read-only error line a refused attempt must give.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from tests_support import graph_fingerprint

from ipgraph.client import Graph

READ_ONLY = (
    "the statement writes, but this path is read-only. "
    "Use 'ipgraph cypher --write' for a deliberate write"
)
READ_ONLY_LINE = f"Error: {READ_ONLY}."
HEADER = "// Looks harmless: a read query.\n// mode: read\n"
# Nodes and relationships that every write attempt touches; in the curated data too.
SEED = (
    "CREATE (:Country {iso3: 'JPN', name: 'Japan'})-[:PARTY_TO {sources: ['s']}]->"
    "(:Agreement {id: 'jpn-gbr-raa', type: 'RAA'})<-[:PARTY_TO {sources: ['s']}]-"
    "(:Country {iso3: 'GBR', name: 'United Kingdom'})"
)


@dataclass(frozen=True)
class Attempt:
    """A statement that writes. ``{unique}`` becomes a fresh name on each run.

    ``visible`` is False for writes the state fingerprint cannot see (Neo4j lists only the
    labels in use), so the control cannot show them changing anything.
    """

    name: str
    text: str
    engines: tuple[str, ...] = ("falkordb", "neo4j")
    visible: bool = True

    def statement(self, unique: str) -> str:
        return self.text.replace("{unique}", unique)


ATTEMPTS = [
    Attempt("create", "CREATE (n:Sneaky {id: 'x'}) RETURN n.id AS id"),
    Attempt("merge_new", "MERGE (c:Country {iso3: 'ZZZ'}) RETURN c.iso3 AS iso3"),
    Attempt(
        "merge_on_match_set",
        "MERGE (c:Country {iso3: 'JPN'}) ON MATCH SET c.sneaky = true RETURN c.iso3 AS iso3",
    ),
    Attempt("set", "MATCH (c:Country {iso3: 'JPN'}) SET c.name = 'Sneaky' RETURN c.name AS name"),
    Attempt("set_label", "MATCH (c:Country {iso3: 'JPN'}) SET c:Sneaky RETURN c.iso3 AS iso3"),
    Attempt(
        "delete_relationship",
        "MATCH (:Country {iso3: 'JPN'})-[r:PARTY_TO]->() WITH r LIMIT 1 DELETE r",
    ),
    Attempt("detach_delete", "MATCH (c:Country {iso3: 'JPN'}) DETACH DELETE c"),
    Attempt("detach_delete_all", "MATCH (n) DETACH DELETE n"),
    Attempt(
        "remove_property", "MATCH (c:Country {iso3: 'JPN'}) REMOVE c.name RETURN c.iso3 AS iso3"
    ),
    Attempt(
        "remove_label", "MATCH (c:Country {iso3: 'JPN'}) REMOVE c:Country RETURN c.iso3 AS iso3"
    ),
    Attempt(
        "call_subquery",
        "MATCH (c:Country {iso3: 'JPN'}) CALL { WITH c CREATE (c)-[:SNEAKY]->(:Sneaky) } "
        "RETURN c.iso3 AS iso3",
    ),
    Attempt("call_unit_subquery", "WITH 1 AS x CALL { CREATE (:Sneaky) } RETURN x"),
    Attempt(
        "foreach",
        "MATCH (c:Country {iso3: 'JPN'}) FOREACH (x IN [1] | SET c.sneaky = x) "
        "RETURN c.iso3 AS iso3",
    ),
    Attempt(
        "foreach_case",
        "MATCH (c:Country {iso3: 'JPN'}) FOREACH (_ IN CASE WHEN c.iso3 = 'JPN' THEN [1] ELSE [] "
        "END | CREATE (:Sneaky)) RETURN c.iso3 AS iso3",
    ),
    Attempt(
        "union",
        "MATCH (c:Country {iso3: 'JPN'}) RETURN c.iso3 AS iso3 UNION CREATE (s:Sneaky) "
        "RETURN 'x' AS iso3",
    ),
    Attempt(
        "set_after_with",
        "MATCH (c:Country) WITH c ORDER BY c.iso3 LIMIT 1 SET c.sneaky = true "
        "RETURN c.iso3 AS iso3",
    ),
    Attempt("unwind_create", "UNWIND [1, 2] AS x CREATE (:Sneaky {x: x})"),
    Attempt(
        "line_comment_in_a_string",
        "MATCH (c:Country {iso3: 'JPN'}) WITH c, '// only a comment?' AS note SET c.sneaky = note "
        "RETURN c.iso3 AS iso3",
    ),
    Attempt(
        "block_comment_in_strings",
        "MATCH (c:Country {iso3: 'JPN'}) WITH c, '/*' AS open SET c.sneaky = open "
        "WITH c, '*/' AS close RETURN c.iso3 AS iso3",
    ),
    Attempt(
        "lower_case_keywords",
        "match (c:Country {iso3: 'JPN'}) set c.sneaky = true return c.iso3 as iso3",
    ),
    Attempt(
        "write_after_a_comment_line",
        "MATCH (c:Country {iso3: 'JPN'})\n// RETURN c.iso3 AS iso3\nSET c.sneaky = true\n"
        "RETURN c.iso3 AS iso3",
    ),
    # Schema changes and writing procedures, in each engine's own dialect.
    Attempt(
        "create_index",
        "CREATE INDEX FOR (n:Country) ON (n.sneaky_{unique})",
        engines=("falkordb",),
    ),
    Attempt(
        "call_fulltext_create",
        "CALL db.idx.fulltext.createNodeIndex('Country', 'name')",
        engines=("falkordb",),
    ),
    Attempt(
        "create_index",
        "CREATE INDEX sneaky_{unique} FOR (n:Country) ON (n.sneaky)",
        engines=("neo4j",),
    ),
    Attempt(
        "call_create_property",
        "CALL db.createProperty('sneaky_{unique}')",
        engines=("neo4j",),
    ),
    Attempt(
        "call_set_vector_property",
        "MATCH (c:Country {iso3: 'JPN'}) "
        "CALL db.create.setNodeVectorProperty(c, 'sneaky_{unique}', [1.0, 2.0])",
        engines=("neo4j",),
    ),
    Attempt(
        "call_create_vector_index",
        "CALL db.index.vector.createNodeIndex('sneaky_{unique}', 'Country', 'vec_{unique}', 2, "
        "'cosine')",
        engines=("neo4j",),
    ),
    Attempt(
        "call_create_label",
        "CALL db.createLabel('Sneaky_{unique}')",
        engines=("neo4j",),
        visible=False,
    ),
]

STATE_QUERIES = {
    "falkordb": [
        "CALL db.labels()",
        "CALL db.relationshipTypes()",
        "CALL db.propertyKeys()",
        "CALL db.indexes() YIELD label, properties, types, entitytype "
        "RETURN label, properties, types, entitytype",
        "CALL db.constraints()",
    ],
    "neo4j": [
        "CALL db.labels()",
        "CALL db.relationshipTypes()",
        "CALL db.propertyKeys()",
        "SHOW INDEXES YIELD name, type, entityType, labelsOrTypes, properties "
        "RETURN name, type, entityType, labelsOrTypes, properties",
        "SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties "
        "RETURN name, type, labelsOrTypes, properties",
    ],
}


def state(graph: Graph) -> list[str]:
    """The graph's data, plus its labels, types, property keys, indexes and constraints."""
    schema: list[str] = []
    for text in STATE_QUERIES[graph.settings.engine]:
        schema.extend(
            sorted(json.dumps([text, *row], default=str) for row in graph.cypher(text).rows)
        )
    return graph_fingerprint(graph) + schema


def attempts(engine: str, *, visible_only: bool = False) -> list[Any]:
    return [
        pytest.param(a, id=a.name)
        for a in ATTEMPTS
        if engine in a.engines and (a.visible or not visible_only)
    ]


def by_engine(*, visible_only: bool = False) -> list[Any]:
    """(engine, attempt) pairs; the engine picks the ``loaded``/``target`` fixture."""
    return [
        pytest.param(engine, p.values[0], id=f"{engine}-{p.id}")
        for engine in ("falkordb", "neo4j")
        for p in attempts(engine, visible_only=visible_only)
    ]


def unique() -> str:
    """A fresh name for an attempt's ``{unique}``."""
    return uuid.uuid4().hex[:10]


def refused(result: Result) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert result.stderr.splitlines() == [READ_ONLY_LINE], result.stderr


def saved_queries(root: Path, texts: dict[str, str]) -> Path:
    """A ``--queries`` folder holding ``evil/<name>.cypher`` for each text."""
    folder = root / "queries" / "evil"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / f"{name}.cypher").write_text(text, encoding="utf-8")
    return root / "queries"
