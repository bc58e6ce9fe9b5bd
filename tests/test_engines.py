"""Both engines behind one interface return the same plain values and refuse the same writes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import Neo4jHandle, Target

from ipgraph.client import Graph
from ipgraph.config import Settings
from ipgraph.errors import ConfigError, EngineError, ReadOnlyError

VALUES = (
    "RETURN 1 AS i, 2.5 AS f, 'x' AS s, true AS b, null AS n, date('2024-02-29') AS d, "
    "[1, 2] AS l, {a: 1, b: ['c']} AS m, ['a', 'b'] AS ls"
)


def test_values_are_plain_python(target: Target) -> None:
    with target.graph() as graph:
        result = graph.cypher(VALUES)
    assert result.columns == ["i", "f", "s", "b", "n", "d", "l", "m", "ls"]
    row = result.rows[0]
    assert row == (
        1,
        2.5,
        "x",
        True,
        None,
        dt.date(2024, 2, 29),
        [1, 2],
        {"a": 1, "b": ["c"]},
        ["a", "b"],
    )
    assert [type(v) for v in row] == [int, float, str, bool, type(None), dt.date, list, dict, list]


def test_nodes_relationships_and_paths_are_property_dicts(target: Target) -> None:
    with target.graph() as graph:
        graph.cypher(
            "CREATE (:Country {iso3: 'JPN', name: 'Japan'})-[:PARTY_TO {key: 'k'}]->"
            "(:Agreement {id: 'x', signed: date('2023-01-11')})",
            write=True,
        )
        result = graph.cypher("MATCH p = (c:Country)-[r:PARTY_TO]->(a:Agreement) RETURN c, r, a, p")
    c, r, a, p = result.rows[0]
    assert c == {"iso3": "JPN", "name": "Japan"}
    assert r == {"key": "k"}
    assert a == {"id": "x", "signed": dt.date(2023, 1, 11)}
    assert p == {"nodes": [c, a], "relationships": [r]}


@pytest.mark.parametrize(
    "statement",
    [
        "CREATE (n:Sneaky) RETURN n",
        "MERGE (n:Sneaky {id: 1}) RETURN n",
        "MATCH (n:Country) SET n.name = 'changed' RETURN n",
        "MATCH (n:Country) DETACH DELETE n",
        "MATCH (n:Country) REMOVE n.name RETURN n",
    ],
)
def test_read_path_refuses_writes(target: Target, statement: str) -> None:
    with target.graph() as graph:
        graph.cypher("CREATE (:Country {iso3: 'JPN', name: 'Japan'})", write=True)
        with pytest.raises(ReadOnlyError):
            graph.cypher(statement)
        # (Neo4j also holds the graph's version node, which a reset leaves.)
        unchanged = graph.cypher("MATCH (n) WHERE NOT n:IpgraphVersion RETURN n").rows
        assert unchanged == [({"iso3": "JPN", "name": "Japan"},)]


def test_schema_is_idempotent_and_keys_are_unique(target: Target) -> None:
    with target.graph() as graph:
        graph.engine.apply_schema()
        graph.engine.apply_schema()
        graph.cypher("CREATE (:Country {iso3: 'JPN'})", write=True)
        with pytest.raises(EngineError):
            graph.cypher("CREATE (:Country {iso3: 'JPN'})", write=True)
        assert graph.status().labels == {"Country": 1}


def test_status_and_reset(target: Target) -> None:
    with target.graph() as graph:
        graph.cypher("UNWIND range(1, 25) AS i CREATE (:Source {id: toString(i)})", write=True)
        info = graph.status()
        assert (info.engine, info.nodes, info.relationships) == (target.engine, 25, 0)
        assert info.version.startswith("FalkorDB 4." if target.engine == "falkordb" else "Neo4j/5.")
        assert graph.reset() == 25
        assert graph.status().nodes == 0


def test_embedded_graph_persists_between_processes(tmp_path: Path) -> None:
    path = tmp_path / "g.db"
    with Graph(Settings(db_path=path)) as graph:
        graph.cypher("CREATE (:Country {iso3: 'GBR'})", write=True)
    assert path.is_file()
    with Graph(Settings(db_path=path)) as graph:
        assert graph.cypher("MATCH (c:Country) RETURN c.iso3 AS iso3").rows == [("GBR",)]


def test_embedded_path_that_cannot_be_written(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(ConfigError) as info, Graph(Settings(db_path=blocker / "g.db")) as graph:
        graph.status()
    assert str(info.value) == (
        f"cannot use the embedded graph at {blocker / 'g.db'}: {blocker} is a file, not a folder. "
        "Choose a writable location with --db-path or IPGRAPH_DB"
    )


def test_same_dataframe_on_both_engines(tmp_path: Path, neo4j_server: Neo4jHandle) -> None:
    frames = []
    for settings in (Settings(db_path=tmp_path / "g.db"), neo4j_server.settings()):
        with Graph(settings) as graph:
            graph.reset()
            frames.append(graph.cypher(VALUES).to_frame())
    assert frames[0].equals(frames[1])
    assert list(frames[0].dtypes) == list(frames[1].dtypes)
    assert frames[0].to_dict("records") == frames[1].to_dict("records")


def test_neo4j_transactions_carry_the_query_name(neo4j_server: Neo4jHandle) -> None:
    with Graph(neo4j_server.settings()) as graph:
        result = graph.engine.read(
            "SHOW TRANSACTIONS YIELD metaData, currentQuery "
            "WHERE currentQuery STARTS WITH 'SHOW TRANSACTIONS' RETURN metaData",
            tag="raa.example",
        )
    assert result.rows == [({"app": "ipgraph", "query": "raa.example"},)]


def test_embedded_status_counts_are_the_admin_statements_counts(tmp_path: Path) -> None:
    """The embedded status reads FalkorDB's own counts (``db.meta.stats``); they must be what
    the admin statements' scans count, after creates, deletes and a second label too."""
    from ipgraph.db.base import describe_graph

    with Graph(Settings(db_path=tmp_path / "g.db")) as graph:
        graph.cypher(
            "UNWIND range(1, 30) AS i CREATE (:Source {id: toString(i)})-[:CITES]->"
            "(:Agreement:Extra {id: toString(i)})",
            write=True,
        )
        graph.cypher("MATCH (s:Source) WHERE toInteger(s.id) > 20 DETACH DELETE s", write=True)
        graph.cypher("MATCH (a:Agreement) WHERE toInteger(a.id) <= 5 REMOVE a:Extra", write=True)
        engine = graph.engine
        fast = engine.describe()
        scanned = describe_graph(engine, location=fast.location, version=fast.version)
    assert fast == scanned
    assert (fast.labels, fast.relationship_types, fast.nodes) == (
        {"Agreement": 30, "Extra": 25, "Source": 20},
        {"CITES": 20},
        50,
    )


def test_status_of_the_curated_graph_is_the_same_on_both_engines(
    both_loaded: tuple[Graph, Graph],
) -> None:
    from ipgraph.db.base import describe_graph

    falkor, neo4j = both_loaded
    fast = falkor.status()
    scanned = describe_graph(falkor.engine, location=fast.location, version=fast.version)
    assert fast == scanned
    other = neo4j.status()
    assert (fast.labels, fast.relationship_types, fast.nodes) == (
        other.labels,
        other.relationship_types,
        other.nodes,
    )
    assert fast.nodes > 500 and fast.relationships > 500
