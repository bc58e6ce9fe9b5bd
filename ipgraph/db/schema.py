"""The schema (keys and indexes), read from the Neo4j schema file.

``cypher/schema/constraints.cypher`` is the one place the schema is written down. Neo4j
runs it as it is; for FalkorDB the same file is read into :class:`SchemaItem` values and
applied through the client's index and constraint calls.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ipgraph.db.base import split_statements
from ipgraph.errors import ConfigError
from ipgraph.resources import cypher_dir

_CONSTRAINT = re.compile(
    r"^CREATE\s+CONSTRAINT\s+\w+\s+IF\s+NOT\s+EXISTS\s+FOR\s+\(\s*(\w+)\s*:\s*(\w+)\s*\)\s+"
    r"REQUIRE\s+(\w+)\.(\w+)\s+IS\s+UNIQUE$",
    re.IGNORECASE,
)
_INDEX = re.compile(
    r"^CREATE\s+INDEX\s+\w+\s+IF\s+NOT\s+EXISTS\s+FOR\s+\(\s*(\w+)\s*:\s*(\w+)\s*\)\s+"
    r"ON\s+\(\s*(\w+)\.(\w+)\s*\)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class SchemaItem:
    """A unique key or a plain index on one node property."""

    label: str
    prop: str
    unique: bool


def schema_statements() -> list[str]:
    """The Neo4j schema statements, in file order."""
    path = cypher_dir() / "schema" / "constraints.cypher"
    return split_statements(path.read_text(encoding="utf-8"))


def schema_items() -> list[SchemaItem]:
    """The schema as (label, property, unique) items."""
    items: list[SchemaItem] = []
    for statement in schema_statements():
        text = " ".join(statement.split())
        for pattern, unique in ((_CONSTRAINT, True), (_INDEX, False)):
            match = pattern.match(text)
            if match:
                var, label, var2, prop = match.groups()
                if var != var2:
                    break
                items.append(SchemaItem(label, prop, unique))
                break
        else:
            raise ConfigError(
                f"cypher/schema/constraints.cypher: cannot read '{text}': only single-property "
                "'CREATE CONSTRAINT name IF NOT EXISTS FOR (x:Label) REQUIRE x.p IS UNIQUE' and "
                "'CREATE INDEX name IF NOT EXISTS FOR (x:Label) ON (x.p)' are supported"
            )
    return items
