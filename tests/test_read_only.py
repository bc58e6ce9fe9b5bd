"""Read-only means read-only: no read path can change the graph, on either engine.

Every write attempt of read_only_attempts.py (CREATE, MERGE, SET, DELETE, REMOVE, writes
inside CALL { }, FOREACH and UNION, after a WITH, behind comment-looking strings, schema
changes and writing procedures) is sent through each read path: a saved ``// mode: read``
query (``--queries`` and ``IPGRAPH_QUERIES``), ``ipgraph cypher`` without ``--write``, and the
Python API the notebooks use (``Graph.query``/``run``/``run_saved``/``cypher``; the notebooks'
``ipgraph.run`` is in test_read_only_notebooks.py). Each must be refused with the one
read-only error line and leave the graph, its schema and its tokens unchanged. The controls
run the same statements through the write paths and see the graph change, so the checks can
fail.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import Neo4jHandle, Target, curated_target, embedded_target, neo4j_target
from read_only_attempts import (
    HEADER,
    READ_ONLY,
    SEED,
    Attempt,
    by_engine,
    refused,
    saved_queries,
    state,
    unique,
)
from tests_support import invoke

from ipgraph.client import Graph
from ipgraph.errors import ReadOnlyError
from ipgraph.queries import Catalogue, SavedQuery


@dataclass
class Curated:
    """The curated graph on one engine, held open, and its state when the test began."""

    target: Target
    graph: Graph
    before: list[str]

    def assert_unchanged(self) -> None:
        assert state(self.graph) == self.before


@pytest.fixture(scope="module")
def held() -> Iterator[dict[str, Graph]]:
    """Graphs kept open across this module's tests, by engine (opening one takes a while)."""
    graphs: dict[str, Graph] = {}
    yield graphs
    for graph in graphs.values():
        graph.close()


@pytest.fixture
def curated(request: pytest.FixtureRequest, held: dict[str, Graph]) -> Iterator[Curated]:
    """The curated graph on ``engine``; reloaded for the next test if a test changed it."""
    engine: str = request.node.callspec.params["engine"]
    target = curated_target(request, engine)
    if engine not in held:
        held[engine] = target.graph()
    graph = held[engine]
    found = Curated(target, graph, state(graph))
    yield found
    if state(graph) != found.before:
        # A protection failed: never leave a changed graph to the tests that follow.
        if engine == "neo4j":
            request.getfixturevalue("neo4j_server").state = "dirty"
        else:
            graph.reset()
            graph.load()


# --- ipgraph cypher without --write --------------------------------------------------------


@pytest.mark.parametrize(("engine", "attempt"), by_engine())
def test_cypher_without_write_refuses(curated: Curated, engine: str, attempt: Attempt) -> None:
    refused(invoke(curated.target, "cypher", attempt.statement(unique())))
    curated.assert_unchanged()


# --- saved read queries: --queries DIR and IPGRAPH_QUERIES ---------------------------------


@pytest.mark.parametrize(("engine", "attempt"), by_engine())
def test_saved_read_query_refuses(
    curated: Curated, engine: str, attempt: Attempt, tmp_path: Path
) -> None:
    root = saved_queries(tmp_path, {attempt.name: HEADER + attempt.statement(unique()) + "\n"})
    name = f"evil.{attempt.name}"
    refused(invoke(curated.target, "--queries", str(root), "query", "run", name))
    refused(invoke(curated.target, "query", "run", name, env={"IPGRAPH_QUERIES": str(root)}))
    curated.assert_unchanged()


SNEAKY_FILES = {
    # No mode line at all: a saved query is read-only unless it says '// mode: write'.
    "no_mode_line": "// Looks harmless.\nCREATE (:Sneaky) RETURN 1 AS one\n",
    # A '// mode: write' after the header is a comment in the body, not a directive.
    "mode_write_in_the_body": (
        "// Looks harmless.\n// mode: read\nMATCH (c:Country {iso3: 'JPN'})\n// mode: write\n"
        "SET c.sneaky = true RETURN c.iso3 AS iso3\n"
    ),
    # Directives are lower case; 'MODE: write' is a line of the description.
    "upper_case_mode_directive": (
        "// Looks harmless.\n// MODE: write\nCREATE (:Sneaky) RETURN 1 AS x\n"
    ),
    # The header says read; the body writes after a harmless-looking WITH.
    "write_after_with": (
        "// Countries, alphabetically.\n// mode: read\nMATCH (c:Country)\nWITH c ORDER BY c.iso3\n"
        "SET c.sneaky = true\nRETURN c.iso3 AS iso3\n"
    ),
    # A parameter is declared and used, and the body still writes.
    "with_a_parameter": (
        "// A country's name.\n// params: country: str = JPN\n// mode: read\n"
        "MATCH (c:Country {iso3: $country}) SET c.name = 'Sneaky' RETURN c.name AS name\n"
    ),
}


@pytest.mark.parametrize("engine", ["falkordb", "neo4j"])
@pytest.mark.parametrize("name", sorted(SNEAKY_FILES))
def test_sneaky_saved_query_files_are_read_only(
    curated: Curated, engine: str, name: str, tmp_path: Path
) -> None:
    root = saved_queries(tmp_path, SNEAKY_FILES)
    catalogue = Catalogue.load(root)
    assert catalogue.get(f"evil.{name}").read_only
    refused(invoke(curated.target, "--queries", str(root), "query", "run", f"evil.{name}"))
    with Graph(curated.target.settings, catalogue=catalogue) as graph:
        with pytest.raises(ReadOnlyError) as info:
            graph.query(f"evil.{name}")
        assert str(info.value) == READ_ONLY
    curated.assert_unchanged()


# --- the Python API the notebooks use ------------------------------------------------------


@pytest.mark.parametrize(("engine", "attempt"), by_engine())
def test_python_api_read_paths_refuse(
    curated: Curated, engine: str, attempt: Attempt, tmp_path: Path
) -> None:
    text = attempt.statement(unique())
    root = saved_queries(tmp_path, {attempt.name: HEADER + text + "\n"})
    catalogue = Catalogue.load(root)
    name = f"evil.{attempt.name}"
    with Graph(curated.target.settings, catalogue=catalogue) as graph:
        calls: list[Callable[[], object]] = [
            lambda: graph.query(name),
            lambda: graph.query(name, {}),
            lambda: graph.run(name),
            lambda: graph.run_saved(catalogue.get(name), {}),
            lambda: graph.cypher(text),
            lambda: graph.cypher(text, {}),
            lambda: graph.cypher(text, write=False),
        ]
        for call in calls:
            with pytest.raises(ReadOnlyError) as info:
                call()
            assert str(info.value) == READ_ONLY
    curated.assert_unchanged()


@pytest.mark.parametrize("engine", ["falkordb", "neo4j"])
@pytest.mark.parametrize("mode", ["READ", "Read", "reed", "", "read-only"])
def test_a_hand_built_query_with_an_odd_mode_is_read_only(
    curated: Curated, engine: str, mode: str, tmp_path: Path
) -> None:
    saved = SavedQuery(
        name="evil.hand_built",
        path=tmp_path / "hand_built.cypher",
        summary="Looks harmless.",
        description="Looks harmless.",
        params=(),
        mode=mode,
        text="CREATE (:Sneaky) RETURN 1 AS one",
    )
    assert saved.read_only
    with Graph(curated.target.settings) as graph, pytest.raises(ReadOnlyError):
        graph.run_saved(saved, {})
    curated.assert_unchanged()


# --- controls: the write paths do write ----------------------------------------------------


@pytest.fixture
def writable(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Target]:
    """A small seeded graph on ``engine`` that the test may write (like ``target``)."""
    engine: str = request.node.callspec.params["engine"]
    if engine == "falkordb":
        found = embedded_target(tmp_path / "graph.db")
    else:
        handle: Neo4jHandle = request.getfixturevalue("neo4j_server")
        handle.state = "dirty"
        found = neo4j_target(handle)
    with found.graph() as graph:
        graph.reset()
        graph.cypher(SEED, write=True)
        indexes = _index_names(graph)
    yield found
    with found.graph() as graph:
        # Neo4j keeps indexes across a reset: drop the ones a control created.
        for name in _index_names(graph) - indexes:
            graph.cypher(f"DROP INDEX `{name}` IF EXISTS", write=True)


def _index_names(graph: Graph) -> set[str]:
    if graph.settings.engine != "neo4j":
        return set()
    return {row[0] for row in graph.cypher("SHOW INDEXES YIELD name RETURN name").rows}


@pytest.mark.parametrize(("engine", "attempt"), by_engine(visible_only=True))
def test_control_cypher_with_write_does_write(
    writable: Target, engine: str, attempt: Attempt
) -> None:
    with writable.graph() as graph:
        before = state(graph)
    result = invoke(writable, "cypher", "--write", attempt.statement(unique()))
    assert result.exit_code == 0, result.output
    with writable.graph() as graph:
        assert state(graph) != before


@pytest.mark.parametrize("engine", ["falkordb", "neo4j"])
def test_control_saved_write_query_and_api_write_do_write(
    writable: Target, engine: str, tmp_path: Path
) -> None:
    target = writable
    root = saved_queries(
        tmp_path,
        {
            "mark": "// Marks Japan.\n// mode: write\n"
            "MATCH (c:Country {iso3: 'JPN'}) SET c.marked = true RETURN c.iso3 AS iso3\n"
        },
    )
    with target.graph() as graph:
        before = state(graph)
    result = invoke(target, "--queries", str(root), "query", "run", "evil.mark")
    assert result.exit_code == 0, result.output
    with Graph(target.settings, catalogue=Catalogue.load(root)) as graph:
        after_saved = state(graph)
        assert after_saved != before
        graph.cypher("CREATE (:Sneaky)", write=True)
        assert state(graph) != after_saved
