"""Helpers shared by tests."""

from __future__ import annotations

import json
from typing import Any

from ipgraph.client import Graph

FINGERPRINT_NODES = "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props"
FINGERPRINT_RELS = (
    "MATCH (a)-[r]->(b) RETURN type(r) AS type, properties(r) AS props, "
    "labels(a) AS la, coalesce(a.id, a.iso3) AS a, labels(b) AS lb, coalesce(b.id, b.iso3) AS b"
)


def _canon(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def graph_fingerprint(graph: Graph) -> list[str]:
    """Every node and relationship with its properties, as sorted text: equal iff same graph."""
    nodes = [_canon(row) for row in graph.cypher(FINGERPRINT_NODES).rows]
    rels = [_canon(row) for row in graph.cypher(FINGERPRINT_RELS).rows]
    return sorted(nodes) + sorted(rels)


def rows_by_statement(dataset: Any) -> dict[str, list[dict[str, Any]]]:
    """Every row of a dataset (read and checked now), grouped by load statement."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for name, row in dataset.rows():
        grouped.setdefault(name, []).append(row)
    return grouped
