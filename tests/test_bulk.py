"""The embedded engine's ``GRAPH.BULK`` load builds the graph the ``cypher/load`` statements
build: every node's labels and properties with their value types, every relationship,
every index and constraint; on the curated data and on a synthetic dataset.

The reference graph is built in the same server by running the load statements' Cypher on
the same batches (as the embedded engine loaded before it used ``GRAPH.BULK``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_faults import servers_in

from ipgraph.client import Graph
from ipgraph.config import Settings
from ipgraph.dataset import read_sources
from ipgraph.dataset.synth import generate
from ipgraph.db.falkor import FalkorEngine
from ipgraph.db.falkor_bulk import BulkWriter, NodeIds, _values, await_schema, pack_value
from ipgraph.db.falkor_query import run_query
from ipgraph.errors import EngineError
from ipgraph.loading import Dataset, batches

NODES = "MATCH (n) RETURN labels(n), properties(n)"
RELS = (
    "MATCH (a)-[r]->(b) RETURN type(r), labels(a), coalesce(a.id, a.iso3), labels(b), "
    "coalesce(b.id, b.iso3), properties(r)"
)


def typed(value: Any) -> Any:
    """A value with its type, so that '1' and 1, or [] and None, differ."""
    if isinstance(value, list | tuple):
        return ("list", tuple(typed(v) for v in value))
    if isinstance(value, dict):
        return ("map", tuple(sorted((k, typed(v)) for k, v in value.items())))
    return (type(value).__name__, value)


def dump(graph: Any) -> dict[str, Any]:
    """Everything in a FalkorDB graph, typed, in an order that does not depend on ids."""
    nodes = Counter(typed(row) for row in graph.ro_query(NODES).result_set)
    rels = Counter(typed(row) for row in graph.ro_query(RELS).result_set)
    header = [str(h[1]) for h in graph.list_indices().header]
    keep = [header.index(c) for c in ("label", "properties", "types", "entitytype", "status")]
    indexes = sorted(typed([row[i] for i in keep]) for row in graph.list_indices().result_set)
    constraints = sorted(typed(c) for c in graph.list_constraints())
    return {"nodes": nodes, "relationships": rels, "indexes": indexes, "constraints": constraints}


#: falkordb-py clients opened by client_graph, closed before their engine (an open one is
#: another client of the server, which then outlives the engine).
OTHERS: list[Any] = []


def client_graph(engine: FalkorEngine, name: str) -> Any:
    """The graph ``name`` on the engine's server, through falkordb-py (a client of its own, so
    that what is compared does not pass through the engine's reader)."""
    from falkordb import FalkorDB

    other = FalkorDB(unix_socket_path=engine._conn.path)
    OTHERS.append(other)
    return other.select_graph(name)


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[FalkorEngine]:
    engine = FalkorEngine(tmp_path / "graph.db")
    yield engine
    while OTHERS:
        OTHERS.pop().close()
    engine.close()
    assert not servers_in(tmp_path), "the engine's server outlived it"


def cypher_graph(engine: FalkorEngine, dataset: Dataset, name: str = "reference") -> Any:
    """The dataset loaded by its ``cypher/load`` statements into the graph ``name``."""
    graph = client_graph(engine, name)
    engine._apply_schema(name)
    for _, cypher, rows in batches(dataset, 1000):
        graph.query(cypher, {"rows": rows})
    await_schema(
        lambda cypher: run_query(engine._conn, name, cypher, None, read_only=True, timeout=None)
    )
    return graph


def assert_same_graphs(engine: FalkorEngine, dataset: Dataset) -> dict[str, Any]:
    with Graph(Settings(db_path=engine.path)) as graph:
        graph.load(dataset=dataset)
    bulk = dump(client_graph(engine, "ipgraph"))
    reference = dump(cypher_graph(engine, dataset))
    assert bulk["nodes"] == reference["nodes"]
    assert bulk["relationships"] == reference["relationships"]
    assert bulk["indexes"] == reference["indexes"]
    assert bulk["constraints"] == reference["constraints"]
    return bulk


TYPES = {"str", "bool", "int", "float", "list", "map", "NoneType"}


def kinds(value: Any) -> set[str]:
    """Every value type named in a typed dump."""
    if not isinstance(value, tuple):
        return set()
    found = {value[0]} if len(value) == 2 and value[0] in TYPES else set()
    return found | {k for v in value for k in kinds(v)}


def test_bulk_load_builds_the_cypher_graph_from_the_curated_data(engine: FalkorEngine) -> None:
    bulk = assert_same_graphs(engine, read_sources([]))
    seen = kinds(tuple(bulk["nodes"])) | kinds(tuple(bulk["relationships"]))
    assert {"str", "bool", "list"} <= seen, "strings, booleans and lists were compared"
    built = ("status", ("str", "OPERATIONAL"))
    assert len(bulk["constraints"]) == 8  # six keys, the Neo4j load lock's and version's
    assert all(built in c[1] for c in bulk["constraints"])
    assert all(built[1] in i[1] for i in bulk["indexes"])


def test_bulk_load_builds_the_cypher_graph_from_synthetic_data(
    engine: FalkorEngine, tmp_path: Path
) -> None:
    folder = tmp_path / "synth"
    generate(folder, relationships=6000, seed=3)
    bulk = assert_same_graphs(engine, read_sources([str(folder)]))
    assert sum(bulk["relationships"].values()) == 6000


def test_a_relationship_to_an_unknown_node_fails_the_bulk_load() -> None:
    sent: list[list[Any]] = []
    writer = BulkWriter(sent.append)
    writer.add("countries", [{"iso3": "JPN", "name": "Japan"}])
    with pytest.raises(EngineError, match="no Grouping with id 'quad' for its 'grouping'"):
        writer.add("memberships", [{"key": "k", "country": "JPN", "grouping": "quad"}])
    assert sent == [], "nothing was sent"


def test_node_ids_tell_apart_keys_whose_digests_collide() -> None:
    ids = NodeIds(digest=lambda key: len(key))  # every key of the same length collides
    for n, key in enumerate(["aa", "bb", "cc", "ddd"]):
        ids.add("L", key, n)
    assert ids.ids("L", ["cc", "aa", "ddd", "bb"]) == ([2, 0, 3, 1], None)
    assert ids.ids("L", ["aa", "zz"])[1] == 1
    assert ids.ids("M", ["aa"]) == ([], 0)


def test_a_load_with_colliding_digests_builds_the_same_graph(
    engine: FalkorEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(NodeIds.__init__, "__defaults__", (lambda key: len(key),))
    assert_same_graphs(engine, read_sources([]))


def test_values_bulk_load_cannot_carry_are_refused() -> None:
    import datetime as dt

    assert pack_value(None) == b"\x00"
    assert pack_value(["a"]) == b"\x05\x01\x00\x00\x00\x00\x00\x00\x00\x03a\x00"
    with pytest.raises(EngineError, match="not a date"):
        pack_value(dt.date(2024, 1, 1))
    with pytest.raises(EngineError, match="holds a NUL"):
        pack_value("a\x00b")


def test_the_text_fast_path_packs_as_the_binary_packer() -> None:
    row = {"s": "Ünïcode ✓", "n": None, "t": True, "f": False, "l": ["a", "é"], "e": []}
    row |= {"i": 7, "x": 2.5, "long": [str(i) for i in range(300)]}
    for props in (("s", "n", "t", "f", "l", "e"), ("s", "i", "x"), ("long",), ("missing",)):
        assert _values(row, props) == b"".join(pack_value(row.get(p)) for p in props)


def test_a_bulk_load_failing_after_commands_were_sent_leaves_the_graph_and_no_staging_key(
    engine: FalkorEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ipgraph.db import falkor_bulk

    with Graph(Settings(db_path=engine.path)) as graph:
        graph.load()
    before = dump(client_graph(engine, "ipgraph"))
    monkeypatch.setattr(falkor_bulk, "COMMAND_BYTES", 1000)  # a command every few rows
    source = {"title": "t", "publisher": "p", "url": "https://x.org"}
    rows = [dict(source, id=f"s{i}") for i in range(200)]
    bad = [{"key": "k", "agreement": "nowhere", "country": "JPN", "sources": ["s1"]}]
    sent: list[int] = []
    real = falkor_bulk.bulk_insert

    def counted(client: Any, graph: str, args: list[Any]) -> None:
        sent.append(1)
        real(client, graph, args)

    monkeypatch.setattr(falkor_bulk, "bulk_insert", counted)
    work = [("load/sources", "", rows[i : i + 20]) for i in range(0, len(rows), 20)]
    work.append(("load/countries", "", [{"iso3": "JPN"}]))
    work.append(("load/parties", "", bad))
    with pytest.raises(EngineError, match="no Agreement with id 'nowhere'"):
        engine.load(lambda: iter(work), labels=["Source"])
    assert len(sent) > 1, "commands were sent before the failure"
    assert engine._conn.keys() == ["ipgraph"], "no staging graph is left"
    assert dump(client_graph(engine, "ipgraph")) == before
