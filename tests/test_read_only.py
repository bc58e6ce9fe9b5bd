"""Read-only means read-only: no read path can change the graph, on either engine.

Every write attempt below (CREATE, MERGE, SET, DELETE, REMOVE, writes inside CALL { },
FOREACH and UNION, after a WITH, behind comment-looking strings, schema changes and writing
procedures) is sent through each read path: a saved ``// mode: read`` query (``--queries`` and
``IPGRAPH_QUERIES``), ``ipgraph cypher`` without ``--write``, and the Python API the notebooks
use (``Graph.query``/``run``/``run_saved``/``cypher``, ``ipgraph.run``). Each must be refused
with the one read-only error line and leave the graph, its schema and its tokens unchanged.
The controls run the same statements through the write paths and see the graph change, so
the checks can fail.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from click.testing import Result as CliResult
from conftest import ROOT, Neo4jHandle, Target
from tests_support import graph_fingerprint

from ipgraph import client
from ipgraph.cli import cli
from ipgraph.client import Graph
from ipgraph.errors import ParameterError, ReadOnlyError
from ipgraph.queries import Catalogue, SavedQuery

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


def _unique() -> str:
    return uuid.uuid4().hex[:10]


def _loaded_on(request: pytest.FixtureRequest, engine: str) -> Target:
    """The curated graph on one engine (the ``loaded`` fixture, for one chosen engine)."""
    if engine == "falkordb":
        from ipgraph.config import Settings

        path: Path = request.getfixturevalue("falkordb_loaded_path")
        return Target("falkordb", Settings(db_path=path), ["--db-path", str(path)])
    handle: Neo4jHandle = request.getfixturevalue("neo4j_server")
    if handle.state != "curated":
        with Graph(handle.settings()) as graph:
            graph.reset()
            graph.load()
        handle.state = "curated"
    return Target("neo4j", handle.settings(), ["--uri", handle.uri], env=handle.env())


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
    target = _loaded_on(request, engine)
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


def invoke(target: Target, *args: str, env: dict[str, str] | None = None) -> CliResult:
    merged: dict[str, str | None] = {"NEO4J_URI": None, "IPGRAPH_QUERIES": None, **target.env}
    merged.update(env or {})
    return CliRunner().invoke(cli, [*target.cli_args, *args], env=merged, catch_exceptions=False)


def refused(result: CliResult) -> None:
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


# --- ipgraph cypher without --write --------------------------------------------------------


@pytest.mark.parametrize(("engine", "attempt"), by_engine())
def test_cypher_without_write_refuses(curated: Curated, engine: str, attempt: Attempt) -> None:
    refused(invoke(curated.target, "cypher", attempt.statement(_unique())))
    curated.assert_unchanged()


# --- saved read queries: --queries DIR and IPGRAPH_QUERIES ---------------------------------


@pytest.mark.parametrize(("engine", "attempt"), by_engine())
def test_saved_read_query_refuses(
    curated: Curated, engine: str, attempt: Attempt, tmp_path: Path
) -> None:
    root = saved_queries(tmp_path, {attempt.name: HEADER + attempt.statement(_unique()) + "\n"})
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
    text = attempt.statement(_unique())
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


@pytest.fixture
def default_graph_env(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Target]:
    """Point ``ipgraph.run`` (the notebooks' one-liner) at the curated graph via the environment."""
    engine: str = request.node.callspec.params["engine"]
    target = _loaded_on(request, engine)
    for key in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE", "IPGRAPH_DB"):
        monkeypatch.delenv(key, raising=False)
    if engine == "falkordb":
        monkeypatch.setenv("IPGRAPH_DB", str(target.settings.db_path))
    else:
        monkeypatch.setenv("NEO4J_URI", str(target.settings.uri))
        monkeypatch.setenv("NEO4J_USERNAME", target.settings.username)
        monkeypatch.setenv("NEO4J_PASSWORD", target.settings.password or "")
    monkeypatch.setattr(client, "_default", None)
    yield target
    if client._default is not None:
        client._default.close()


INJECTIONS = [
    "RAA' }) MATCH (n) DETACH DELETE n //",
    'RAA" }) MATCH (n) DETACH DELETE n //',
    "RAA' OR 1=1 //",
    "RAA\\' }) CREATE (:Sneaky) //",
    "RAA`) DETACH DELETE n //",
    "RAA\n}) MATCH (n) DETACH DELETE n",
]


@pytest.mark.parametrize("engine", ["falkordb", "neo4j"])
def test_notebook_one_liner_treats_cypher_looking_values_as_values(
    default_graph_env: Target, engine: str
) -> None:
    import ipgraph

    with default_graph_env.graph() as graph:
        before = state(graph)
    assert len(ipgraph.run("agreements.by_type", type="RAA", as_of="2024-01-01")) > 0
    for value in INJECTIONS:
        # A free text is passed as a value and finds nothing; a vocabulary value is refused.
        frame = ipgraph.run("agreements.search", text=value)
        assert frame.empty, value
        with pytest.raises(ParameterError, match="is not a known agreement type"):
            ipgraph.run("agreements.by_type", type=value, as_of="2024-01-01")
    with default_graph_env.graph() as graph:
        assert state(graph) == before


def test_every_built_in_saved_query_is_read_only() -> None:
    """The notebooks run the built-in queries; none of them may take the write path."""
    catalogue = Catalogue.load()
    assert len(catalogue) >= 15
    assert [q.name for q in catalogue if not q.read_only] == []


def test_notebooks_never_ask_for_a_write() -> None:
    """No notebook passes write=True, runs 'ipgraph cypher --write', or reaches the engine."""
    notebooks = sorted((ROOT / "notebooks").rglob("*.ipynb"))
    assert notebooks, "no notebooks found under notebooks/"
    for path in notebooks:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        for forbidden in ("write=True", "--write", ".engine.", "write_batches", ".reset("):
            assert forbidden not in code, f"{path.name} uses {forbidden}"


# --- controls: the write paths do write ----------------------------------------------------


@pytest.fixture
def writable(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Target]:
    """A small seeded graph on ``engine`` that the test may write (like ``target``)."""
    engine: str = request.node.callspec.params["engine"]
    if engine == "falkordb":
        from ipgraph.config import Settings

        path = tmp_path / "graph.db"
        found = Target("falkordb", Settings(db_path=path), ["--db-path", str(path)])
    else:
        handle: Neo4jHandle = request.getfixturevalue("neo4j_server")
        handle.state = "dirty"
        found = Target("neo4j", handle.settings(), ["--uri", handle.uri], env=handle.env())
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
    result = invoke(writable, "cypher", "--write", attempt.statement(_unique()))
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
