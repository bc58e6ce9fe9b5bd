"""Reaching the graph through the CLI: status, reset, Neo4j faults, the embedded path, --debug.

Each fault is one exact ``Error:`` line with exit status 1 (a password never shown); only
``--debug`` shows a traceback.
"""

from __future__ import annotations

from pathlib import Path

from conftest import Target
from tests_support import error_line, fingerprint, invoke


def test_status_and_reset(target: Target) -> None:
    with target.graph() as graph:
        graph.cypher(
            "CREATE (:Country {iso3: 'JPN'})-[:MEMBER_OF]->(:Grouping {id: 'quad'})", write=True
        )
    status = invoke(target, "status")
    assert status.exit_code == 0
    assert f"engine:        {target.engine}" in status.stdout
    assert "nodes:         2" in status.stdout and "relationships: 1" in status.stdout
    reset = invoke(target, "reset", "--yes")
    assert reset.exit_code == 0 and "Deleted 2 nodes" in reset.stderr
    assert fingerprint(target) == []


def test_status_counts_every_node_once(target: Target) -> None:
    with target.graph() as graph:
        graph.cypher("CREATE (), (:Country:Grouping {id: 'x'})", write=True)
        info = graph.status()
    assert info.nodes == 2
    assert info.labels == {"Country": 1, "Grouping": 1}


def test_neo4j_unreachable() -> None:
    result = invoke(None, "--uri", "bolt://127.0.0.1:9", "status")
    assert error_line(result) == (
        "Error: cannot reach Neo4j at bolt://127.0.0.1:9. Start it with 'docker compose up -d "
        "--wait' or unset NEO4J_URI to use the embedded graph."
    )


def test_neo4j_wrong_password_and_redacted_uri(neo4j_server: object) -> None:
    from conftest import Neo4jHandle

    assert isinstance(neo4j_server, Neo4jHandle)
    uri = neo4j_server.uri.replace("bolt://", "bolt://someone:secret@")
    result = invoke(
        None,
        "--uri",
        uri,
        "status",
        env={"NEO4J_USERNAME": "neo4j", "NEO4J_PASSWORD": "wrong-password"},
    )
    line = error_line(result)
    assert "secret" not in line and "wrong-password" not in line
    assert line == (
        f"Error: Neo4j at {neo4j_server.uri.replace('bolt://', 'bolt://***@')} refused the "
        "credentials: wrong user name or password. Set NEO4J_USERNAME and NEO4J_PASSWORD."
    )


def test_neo4j_unknown_database(neo4j_server: object) -> None:
    from conftest import Neo4jHandle

    assert isinstance(neo4j_server, Neo4jHandle)
    result = invoke(
        None, "--uri", neo4j_server.uri, "--database", "nosuchdb", "status", env=neo4j_server.env()
    )
    assert error_line(result) == (
        f"Error: Neo4j at {neo4j_server.uri} has no database 'nosuchdb'. Set NEO4J_DATABASE "
        "or --database to an existing database."
    )


def test_uri_with_an_unsupported_scheme() -> None:
    assert error_line(invoke(None, "--uri", "http://localhost:7474", "status")) == (
        "Error: cannot use the Neo4j URI http://localhost:7474: the scheme must be one of "
        "bolt, bolt+s, bolt+ssc, neo4j, neo4j+s, neo4j+ssc. Use a URI such as "
        "bolt://localhost:7687."
    )


def test_embedded_path_not_writable(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = invoke(None, "--db-path", str(blocker / "graph.db"), "status")
    assert error_line(result) == (
        f"Error: cannot use the embedded graph at {blocker / 'graph.db'}: {blocker} is a file, "
        "not a folder. Choose a writable location with --db-path or IPGRAPH_DB."
    )


def test_debug_shows_the_traceback() -> None:
    result = invoke(None, "--debug", "--uri", "bolt://127.0.0.1:9", "status")
    assert result.exit_code == 1
    assert "Traceback" in result.stderr
