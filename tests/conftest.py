"""Fixtures: the whole suite runs on the embedded FalkorDB and on a real Neo4j 5.26.

Neo4j is the in-process server built from ``tests/neo4j_server/`` (started once per
session), or the server named by ``NEO4J_URI`` (which must hold an empty database unless
``IPGRAPH_TEST_WIPE=1``). Tests that take ``target`` get an empty graph on each engine;
tests that take ``loaded`` share a graph holding the curated data and must not write.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ipgraph.client import Graph
from ipgraph.config import Settings

ENGINES = ("falkordb", "neo4j")
ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Target:
    """One engine as the tests see it: settings, CLI arguments and environment."""

    engine: str
    settings: Settings
    cli_args: list[str]
    # For the embedded engine, NEO4J_URI is unset so that it cannot redirect the CLI.
    env: dict[str, str | None] = field(default_factory=lambda: {"NEO4J_URI": None})

    def graph(self) -> Graph:
        """A new Graph on this target (close it after use)."""
        return Graph(self.settings)


@dataclass
class Neo4jHandle:
    """The test Neo4j server and what it currently holds ('empty', 'dirty' or 'curated')."""

    uri: str
    user: str
    password: str
    http_url: str | None = None
    state: str = "dirty"

    def settings(self) -> Settings:
        return Settings(uri=self.uri, username=self.user, password=self.password)

    def env(self) -> dict[str, str | None]:
        return {"NEO4J_USERNAME": self.user, "NEO4J_PASSWORD": self.password}


@pytest.fixture(scope="session")
def neo4j_server() -> Iterator[Neo4jHandle]:
    uri = os.environ.get("NEO4J_URI")
    if uri:
        handle = Neo4jHandle(
            uri=uri,
            user=os.environ.get("NEO4J_USERNAME", "neo4j"),
            password=os.environ.get("NEO4J_PASSWORD", ""),
        )
        with Graph(handle.settings()) as graph:
            nodes = graph.status().nodes
        if nodes and os.environ.get("IPGRAPH_TEST_WIPE") != "1":
            pytest.exit(
                f"the Neo4j database at {uri} holds {nodes} nodes; the tests empty it. "
                "Set IPGRAPH_TEST_WIPE=1 to allow that, or use an empty database",
                returncode=2,
            )
        yield handle
        return
    from neo4j_server import Neo4jTestServer, build

    build()
    server = Neo4jTestServer()
    server.start()
    try:
        yield Neo4jHandle(server.uri, server.user, server.password, server.http_url)
    finally:
        server.stop()


def embedded_target(path: Path) -> Target:
    """The embedded graph in the file ``path``."""
    return Target("falkordb", Settings(db_path=path), ["--db-path", str(path)])


def neo4j_target(handle: Neo4jHandle) -> Target:
    """The test Neo4j server (whatever it holds)."""
    return Target(
        engine="neo4j",
        settings=handle.settings(),
        cli_args=["--uri", handle.uri],
        env=handle.env(),
    )


def _reset(settings: Settings) -> None:
    with Graph(settings) as graph:
        graph.reset()


def _curate(handle: Neo4jHandle) -> None:
    """Make the test Neo4j server hold exactly the curated data (unless it already does)."""
    if handle.state != "curated":
        with Graph(handle.settings()) as graph:
            graph.reset()
            graph.load()
        handle.state = "curated"


@pytest.fixture(params=ENGINES)
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Target]:
    """An empty graph on each engine, for a test that may write."""
    if request.param == "falkordb":
        yield embedded_target(tmp_path / "graph.db")
        return
    handle: Neo4jHandle = request.getfixturevalue("neo4j_server")
    _reset(handle.settings())
    handle.state = "dirty"
    yield neo4j_target(handle)


@pytest.fixture(scope="session")
def falkordb_loaded_path(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("loaded") / "graph.db"
    with Graph(Settings(db_path=path)) as graph:
        graph.load()
    yield path
    # Report kernels this process started linger until it exits, and are then killed before
    # they close the graph: end them now, then let the last client to close stop the server.
    import psutil

    kernels = [
        child
        for child in psutil.Process().children(recursive=True)
        if "ipykernel" in " ".join(child.cmdline())
    ]
    for kernel in kernels:
        kernel.terminate()
    psutil.wait_procs(kernels, timeout=10)
    with Graph(Settings(db_path=path)) as graph:
        graph.status()


def curated_target(request: pytest.FixtureRequest, engine: str) -> Target:
    """The graph holding the curated data on ``engine`` (what ``loaded`` gives, for one engine)."""
    if engine == "falkordb":
        return embedded_target(request.getfixturevalue("falkordb_loaded_path"))
    handle: Neo4jHandle = request.getfixturevalue("neo4j_server")
    _curate(handle)
    return neo4j_target(handle)


@pytest.fixture(params=ENGINES)
def loaded(request: pytest.FixtureRequest) -> Target:
    """A graph holding the curated data, on each engine; the test must not write."""
    return curated_target(request, request.param)


@pytest.fixture
def both_loaded(
    falkordb_loaded_path: Path, neo4j_server: Neo4jHandle
) -> Iterator[tuple[Graph, Graph]]:
    """Open Graphs on the curated data on both engines at once: (FalkorDB, Neo4j)."""
    _curate(neo4j_server)
    with (
        Graph(Settings(db_path=falkordb_loaded_path)) as falkor,
        Graph(neo4j_server.settings()) as neo4j,
    ):
        yield falkor, neo4j


@pytest.fixture
def loaded_graph(loaded: Target) -> Iterator[Graph]:
    """An open Graph on the curated data (each engine)."""
    with loaded.graph() as graph:
        yield graph
