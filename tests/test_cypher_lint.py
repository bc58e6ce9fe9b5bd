"""Every .cypher file under cypher/ is valid Neo4j 5, by Neo4j's own front-end."""

from __future__ import annotations

from pathlib import Path

import pytest
from lint import errors, lint

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "cypher"


@pytest.fixture(scope="module")
def results() -> dict[str, list[dict[str, object]]]:
    files = sorted((ROOT / "cypher").rglob("*.cypher")) + sorted(FIXTURES.glob("*.cypher"))
    return lint(files)


def test_every_project_cypher_file_is_valid_neo4j(
    results: dict[str, list[dict[str, object]]],
) -> None:
    project = {f: d for f, d in results.items() if "/fixtures/" not in f}
    assert len(project) >= 15
    failures = {f: errors(d) for f, d in project.items() if errors(d)}
    assert failures == {}


def test_the_linter_catches_broken_queries(results: dict[str, list[dict[str, object]]]) -> None:
    by_name = {Path(f).name: d for f, d in results.items()}
    assert errors(by_name["valid.cypher"]) == []
    syntax = errors(by_name["broken_syntax.cypher"])
    assert syntax[0].startswith("3:1: Invalid input 'RETURN'")
    semantic = errors(by_name["broken_semantics.cypher"])
    assert any("Variable `d` not defined" in e for e in semantic)
    assert any("nosuchfunction" in e for e in semantic)
