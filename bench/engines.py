"""The two engines as the benchmark uses them: fresh empty graphs, CLI arguments, servers.

- FalkorDB: a new graph file in its own folder for every step.
- Neo4j: the in-process Neo4j 5.26 the test suite starts (``tests/neo4j_server.py``), or
  the server named by ``NEO4J_URI`` (``NEO4J_USERNAME``, ``NEO4J_PASSWORD``), which must be
  empty unless ``IPGRAPH_BENCH_WIPE=1``. Between steps its database is emptied: data,
  indexes and constraints.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any

import psutil

from bench.measure import ServerFinder, redis_server_in

ROOT = Path(__file__).resolve().parent.parent
RESTART_ABOVE = 50_000  # nodes


def ipgraph_command() -> list[str]:
    """The ``ipgraph`` command of this Python environment.

    With ``IPGRAPH_BENCH_NO_RUST=1``, through ``bench.norust`` (the driver without its Rust
    extension).
    """
    if os.environ.get("IPGRAPH_BENCH_NO_RUST") == "1":
        return [sys.executable, "-m", "bench.norust", "ipgraph"]
    script = Path(sys.executable).parent / "ipgraph"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from ipgraph.cli import main; main()"]


class FalkorTarget:
    """Fresh embedded graphs under a work folder."""

    name = "falkordb"

    def __init__(self, work: Path) -> None:
        self.work = work

    def fresh(self, label: str) -> Path:
        """An empty folder for one step's graph file; returns the graph file's path."""
        folder = self.work / label
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        return folder / "graph.db"

    def discard(self, label: str) -> None:
        shutil.rmtree(self.work / label, ignore_errors=True)

    def cli_args(self, db: Path) -> list[str]:
        return ["--db-path", str(db)]

    def baseline_args(self, db: Path) -> list[str]:
        return ["--db-path", str(db)]

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.pop("NEO4J_URI", None)
        return env

    def server(self, db: Path) -> ServerFinder:
        return redis_server_in(db.parent)

    def settings(self, db: Path) -> Any:
        from ipgraph.config import Settings

        return Settings(db_path=db)


class Neo4jTarget:
    """The in-process Neo4j of the tests, or ``NEO4J_URI``."""

    name = "neo4j"

    def __init__(self, heap: str) -> None:
        self.heap = heap
        self._server: Any = None
        uri = os.environ.get("NEO4J_URI")
        if uri:
            self.uri = uri
            self.user = os.environ.get("NEO4J_USERNAME", "neo4j")
            self.password = os.environ.get("NEO4J_PASSWORD", "")
            self.external = True
        else:
            self.uri = self.user = self.password = ""
            self.external = False

    def start(self) -> None:
        if self.external:
            nodes = self._count()
            if nodes and os.environ.get("IPGRAPH_BENCH_WIPE") != "1":
                raise SystemExit(
                    f"Error: the Neo4j database at {self.uri} holds {nodes} nodes and the "
                    "benchmark empties it. Set IPGRAPH_BENCH_WIPE=1 to allow that."
                )
            return
        sys.path.insert(0, str(ROOT / "tests"))
        from neo4j_server import Neo4jTestServer, build  # type: ignore[import-not-found]

        build()
        # Transaction memory (MiB): the test server's 512 by default. A 1M-relationship load
        # into an empty graph swaps about 520,000 nodes in one transaction (about 1 GiB).
        tx_mb = int(os.environ.get("IPGRAPH_BENCH_NEO4J_TX_MB", "1536"))
        self._server = Neo4jTestServer(heap=self.heap, transaction_memory_mb=tx_mb)
        self._server.start()
        self.uri, self.user, self.password = (
            self._server.uri,
            self._server.user,
            self._server.password,
        )

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None

    def description(self) -> str:
        if self.external:
            return f"server at NEO4J_URI ({self.uri.split('@')[-1]})"
        return f"in-process Neo4j test server (tests/neo4j_server.py), JVM heap {self.heap}"

    def jvm(self) -> psutil.Process | None:
        """The server's JVM, when this benchmark started it."""
        if self._server is None:
            return None
        for child in psutil.Process().children(recursive=True):
            try:
                if child.name() == "java":
                    return child
            except psutil.Error:
                continue
        return None

    def _driver(self) -> Any:
        import neo4j

        return neo4j.GraphDatabase.driver(
            self.uri, auth=(self.user, self.password), notifications_min_severity="OFF"
        )

    def _count(self) -> int:
        with self._driver() as driver:
            records, _, _ = driver.execute_query("MATCH (n) RETURN count(n) AS n")
            return int(records[0]["n"])

    def fresh(self, label: str) -> str:
        """Empty the database: every node and relationship, index and constraint.

        The in-process server is restarted instead when it holds a big graph (a new server
        on an empty store takes ~15 s; deleting 1M relationships takes longer).
        """
        if self._server is not None:
            try:
                big = self._count() > RESTART_ABOVE
            except Exception:  # the server died (e.g. out of memory): start a new one
                big = True
            if big:
                self.stop()
                self.start()
                return self.uri
        with self._driver() as driver, driver.session() as session:
            session.run(
                "MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
            ).consume()
            for record in list(session.run("SHOW CONSTRAINTS YIELD name")):
                session.run(f"DROP CONSTRAINT `{record['name']}` IF EXISTS").consume()
            indexes = session.run("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP'")
            for record in list(indexes):
                session.run(f"DROP INDEX `{record['name']}` IF EXISTS").consume()
        return self.uri

    def discard(self, label: str) -> None:
        pass

    def cli_args(self, db: str) -> list[str]:
        return ["--uri", self.uri]

    def baseline_args(self, db: str) -> list[str]:
        return ["--uri", self.uri]

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            {"NEO4J_URI": self.uri, "NEO4J_USERNAME": self.user, "NEO4J_PASSWORD": self.password}
        )
        return env

    def server(self, db: str) -> ServerFinder:
        jvm = self.jvm()
        return lambda: jvm

    def settings(self, db: str) -> Any:
        from ipgraph.config import Settings

        return Settings(uri=self.uri, username=self.user, password=self.password)
