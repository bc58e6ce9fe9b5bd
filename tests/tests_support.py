"""Helpers shared by tests: running the CLI, error lines, graph fingerprints, data copies."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from click.testing import CliRunner, Result
from conftest import Target

from ipgraph.cli import cli
from ipgraph.client import Graph
from ipgraph.resources import data_dir

# The graph's version (Neo4j, ipgraph/db/neo4j_version.py) changes with every load: left out.
FINGERPRINT_NODES = (
    "MATCH (n) WHERE NOT n:IpgraphVersion RETURN labels(n) AS labels, properties(n) AS props"
)
FINGERPRINT_RELS = (
    "MATCH (a)-[r]->(b) RETURN type(r) AS type, properties(r) AS props, "
    "labels(a) AS la, coalesce(a.id, a.iso3) AS a, labels(b) AS lb, coalesce(b.id, b.iso3) AS b"
)
SRC = "mofa-jp-gbr-raa-eif-2023"  # a source id that exists in data/sources.csv


def invoke(target: Target | None, *args: str, env: dict[str, str | None] | None = None) -> Result:
    """Run ``ipgraph [the target's options] ARGS`` in click's CliRunner; exceptions propagate.

    ``NEO4J_URI`` and ``IPGRAPH_QUERIES`` from the environment are unset, so that they cannot
    redirect a test; ``target.env`` and then ``env`` come on top.
    """
    merged: dict[str, str | None] = {
        "NEO4J_URI": None,
        "IPGRAPH_QUERIES": None,
        **(target.env if target else {}),
        **(env or {}),
    }
    cli_args = target.cli_args if target else []
    return CliRunner().invoke(cli, [*cli_args, *args], env=merged, catch_exceptions=False)


def error_line(result: Result, *, alone: bool = True) -> str:
    """The one ``Error:`` line of a run that failed with exit status 1 and no traceback.

    ``alone``: nothing else on standard error; else other lines (progress) may come with it.
    """
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line]
    if not alone:
        lines = [line for line in lines if line.startswith("Error:")]
    assert len(lines) == 1, result.stderr
    return lines[0]


def _canon(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def graph_fingerprint(graph: Graph) -> list[str]:
    """Every node and relationship with its properties, as sorted text: equal iff same graph."""
    nodes = [_canon(row) for row in graph.cypher(FINGERPRINT_NODES).rows]
    rels = [_canon(row) for row in graph.cypher(FINGERPRINT_RELS).rows]
    return sorted(nodes) + sorted(rels)


def fingerprint(target: Target) -> list[str]:
    """The graph fingerprint of a target (opened and closed for it)."""
    with target.graph() as graph:
        return graph_fingerprint(graph)


def rows(graph: Graph, name: str, columns: list[str], **params: Any) -> list[tuple[Any, ...]]:
    """The answer of the saved query ``name``: the given columns of each row, as tuples."""
    result = graph.query(name, params)
    index = [result.columns.index(c) for c in columns]
    return [tuple(row[i] for i in index) for row in result.rows]


def rows_by_statement(dataset: Any) -> dict[str, list[dict[str, Any]]]:
    """Every row of a dataset (read and checked now), grouped by load statement."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for name, row in dataset.rows():
        grouped.setdefault(name, []).append(row)
    return grouped


def data_copy(tmp_path: Path) -> Path:
    """A copy of the curated data in ``tmp_path/data``, to edit."""
    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy)
    return copy


def editor_text(link: str) -> str:
    """What Browser puts in its editor for a ``cmd=edit`` link (Browser's own parsing of the
    link, ported from neo4j-browser: editorDuck populateEditorFromUrlEpic, getUrlParamValue)."""
    decoded = unquote(link.replace("+", " "))
    return "\n".join(re.findall(r"[?&]arg=([^&#]*)", decoded))
