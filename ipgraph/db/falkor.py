"""The embedded engine: FalkorDB in a Redis server that ``falkordblite`` starts in-process.

The graph lives in one file (Redis's RDB snapshot). The server is started on first use and
found again by the next process through ``falkordblite``'s registry beside that file, so two
``ipgraph`` commands in a row see the same graph.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ipgraph.config import GRAPH_NAME, lock_timeout
from ipgraph.db.base import (
    READ_ONLY_MESSAGE,
    Batch,
    Params,
    Result,
    ServerInfo,
    describe_graph,
)
from ipgraph.db.schema import schema_items
from ipgraph.db.values import plain
from ipgraph.errors import ConfigError, EngineError, ReadOnlyError

log = logging.getLogger(__name__)

_READ_ONLY_REFUSAL = "to be executed only on read-only queries"


def client_options() -> dict[str, Any]:
    """No socket timeout: with redis-py's default of 5 s, a statement that ran longer timed
    out and was sent again by the client's retries, so a long write was applied several
    times. Without a timeout a statement is sent once and waited for (the engine's own
    query time-out still applies)."""
    return {"socket_timeout": None}


def _check_writable(path: Path) -> None:
    hint = "Choose a writable location with --db-path or IPGRAPH_DB"
    if path.exists() and path.is_dir():
        raise ConfigError(f"cannot use the embedded graph at {path}: it is a directory. {hint}")
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise ConfigError(
                    f"cannot use the embedded graph at {path}: {parent} is a file, not a "
                    f"folder. {hint}"
                )
            break
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".ipgraph-probe-"):
            pass
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ConfigError(
            f"cannot use the embedded graph at {path}: {reason.lower()}. {hint}"
        ) from exc
    if path.exists() and not os.access(path, os.W_OK):
        raise ConfigError(f"cannot use the embedded graph at {path}: file is read-only. {hint}")


#: Seconds a write waits for another process's write (a load) to finish.


def _query(graph: Any, cypher: str, params: Params | None, *, read_only: bool) -> Result:
    """Run one statement on a FalkorDB graph (read-only command when ``read_only``)."""
    from redis.exceptions import RedisError

    call = graph.ro_query if read_only else graph.query
    try:
        raw = call(cypher, dict(params or {}))
    except RedisError as exc:
        message = " ".join(str(exc).split())
        if _READ_ONLY_REFUSAL in message:
            raise ReadOnlyError(READ_ONLY_MESSAGE) from exc
        raise EngineError(f"the embedded graph rejected the statement: {message}") from exc
    columns = [str(h[1]) for h in (raw.header or [])]
    rows = [tuple(plain(v) for v in row) for row in (raw.result_set or [])]
    return Result(columns, rows)


class FalkorEngine:
    """The embedded FalkorDB engine.

    Two lock files beside the graph file serialise processes: ``<file>.server.lock`` while a
    process starts or stops the shared server, ``<file>.write.lock`` while it writes (a load
    holds it throughout). Reads take no lock: a load swaps its graph in with one command.
    """

    name = "falkordb"

    def __init__(self, path: Path, graph: str = GRAPH_NAME) -> None:
        self.path = path.resolve() if path.exists() else path.absolute()
        _check_writable(self.path)
        self._graph_name = graph
        self._staging_name = f"{graph}:staging"
        with self._lock("server"):
            try:
                from redislite.falkordb_client import FalkorDB

                self._db: Any = FalkorDB(str(self.path), **client_options())
            except Exception as exc:
                reason = " ".join(str(exc).split()).rstrip(".")
                if self.path.is_file() and self.path.stat().st_size:
                    reason = "the file is not a graph FalkorDB can read (not an ipgraph graph?)"
                raise EngineError(
                    f"cannot start the embedded graph at {self.path}: {reason}. "
                    "Check the file, or choose another with --db-path"
                ) from exc
        self._graph: Any = self._db.select_graph(graph)
        if not self._db.client.exists(graph):
            # FalkorDB refuses reads of a graph that does not exist yet; creating the schema
            # creates the (empty) graph.
            with self._lock("write"):
                self._apply_schema(self._graph)

    @contextlib.contextmanager
    def _lock(self, kind: str) -> Iterator[None]:
        """Hold ``<file>.<kind>.lock`` (waiting for another process to let it go)."""
        import fcntl
        import time

        lock_path = self.path.with_name(f"{self.path.name}.{kind}.lock")
        timeout = lock_timeout()
        with open(lock_path, "a+b") as handle:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise EngineError(
                            f"another ipgraph process has been writing the embedded graph at "
                            f"{self.path} for over {timeout:g} s. Try again when it has finished"
                        ) from None
                    log.info("waiting for another ipgraph process (%s lock)", kind)
                    time.sleep(0.05)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _run(self, cypher: str, params: Params | None, *, read_only: bool) -> Result:
        return _query(self._graph, cypher, params, read_only=read_only)

    def read(self, cypher: str, params: Params | None = None, *, tag: str = "adhoc") -> Result:
        """Run a statement through FalkorDB's read-only command."""
        log.debug("read %s", tag)
        return self._run(cypher, params, read_only=True)

    def write(self, cypher: str, params: Params | None = None, *, tag: str = "adhoc") -> Result:
        """Run a statement that may write, then persist the snapshot."""
        log.debug("write %s", tag)
        with self._lock("write"):
            result = self._run(cypher, params, read_only=False)
            self._persist()
        return result

    def load(self, batches: Callable[[], Iterable[Batch]], *, labels: Sequence[str]) -> None:
        """Write the batches into a staging graph, then swap it in with one ``RENAME``.

        Until the rename the graph is untouched; a failure (or a killed process) leaves only
        the staging graph, which the next load deletes first. The whole graph is replaced:
        the embedded graph holds ipgraph data only.
        """
        client = self._db.client
        with self._lock("write"):
            client.delete(self._staging_name)
            staging = self._db.select_graph(self._staging_name)
            try:
                self._apply_schema(staging)
                for tag, cypher, rows in batches():
                    log.debug("load %s: %d rows", tag, len(rows))
                    _query(staging, cypher, {"rows": rows}, read_only=False)
            except BaseException:
                client.delete(self._staging_name)
                raise
            # Swap in one step (MULTI/EXEC), keeping the old graph until the file is saved.
            backup = f"{self._graph_name}:previous"
            swap = client.pipeline(transaction=True)
            swap.delete(backup)
            swap.rename(self._graph_name, backup)
            swap.rename(self._staging_name, self._graph_name)
            swap.execute()
            try:
                self._persist()
            except BaseException:
                undo = client.pipeline(transaction=True)
                undo.rename(backup, self._graph_name)
                undo.delete(self._staging_name)
                with contextlib.suppress(Exception):
                    undo.execute()
                raise
            client.delete(backup)

    def apply_schema(self) -> None:
        """Create the range indexes and unique constraints (existing ones are kept)."""
        with self._lock("write"):
            self._apply_schema(self._graph)

    def _apply_schema(self, graph: Any) -> None:
        existing = self._existing_indexes(graph)
        for item in schema_items():
            if (item.label, item.prop) not in existing:
                graph.create_node_range_index(item.label, item.prop)
            if item.unique:
                try:
                    graph.create_node_unique_constraint(item.label, item.prop)
                except Exception as exc:
                    if "already exists" not in str(exc).lower():
                        raise EngineError(
                            f"cannot create the unique key {item.label}.{item.prop}: {exc}"
                        ) from exc

    def _existing_indexes(self, graph: Any) -> set[tuple[str, str]]:
        found: set[tuple[str, str]] = set()
        if not self._db.client.exists(graph.name):
            return found
        for row in graph.list_indices().result_set or []:
            label, props = row[0], row[1]
            for prop in props:
                found.add((str(label), str(prop)))
        return found

    def describe(self) -> ServerInfo:
        """Engine, file, FalkorDB module version and counts."""
        return describe_graph(self, location=str(self.path), version=self._version())

    def _version(self) -> str:
        for module in self._db.execute_command("MODULE", "LIST"):
            if isinstance(module, dict):
                info = module
            else:
                info = dict(zip(module[::2], module[1::2], strict=True))
            if info.get("name") == "graph":
                ver = int(info.get("ver", 0))
                return f"FalkorDB {ver // 10000}.{ver // 100 % 100}.{ver % 100}"
        return "FalkorDB (unknown version)"

    def _persist(self) -> None:
        from redis.exceptions import ConnectionError as RedisConnectionError

        try:
            self._db.client.save()
        except RedisConnectionError as exc:
            raise EngineError(
                f"cannot save the embedded graph to {self.path}: the embedded server stopped "
                "while saving. Check the disk has room and the file is writable"
            ) from exc
        except Exception as exc:
            reason = " ".join(str(exc).split()).rstrip(".")
            raise EngineError(
                f"cannot save the embedded graph to {self.path}: {reason}. "
                "Check the disk has room and the file is writable"
            ) from exc

    def close(self) -> None:
        """Disconnect; the server stops (saving the snapshot) when no other process uses it."""
        db, self._db = self._db, None
        if db is not None:
            with self._lock("server"):
                _stop_server(db.client)


def _stop_server(client: Any) -> None:
    """Stop the embedded server if this is its last client, fast and without losing data.

    ``falkordblite``'s own shutdown (Redis ``SHUTDOWN``) takes seconds to return; a
    synchronous ``SAVE`` followed by ``SIGTERM`` (on which Redis saves again and exits) takes
    milliseconds. Then the server's run folder and registry file are removed, as
    ``falkordblite`` would, so its exit hook finds nothing left to do.
    """
    import shutil
    import signal
    import time

    import psutil

    pid = client.pid
    try:
        last = bool(pid) and client._connection_count() <= 1
        if last:
            client.save()
    finally:
        client.connection_pool.disconnect()
    if not last:
        return
    run_dir = os.path.dirname(client.pidfile) if client.pidfile else None
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                break
        except psutil.NoSuchProcess:
            break
        time.sleep(0.01)
    else:
        os.kill(pid, signal.SIGKILL)
    if run_dir and os.path.exists(os.path.join(run_dir, "redis.config")):
        shutil.rmtree(run_dir, ignore_errors=True)
    registry = client.settingregistryfile
    if registry and os.path.exists(registry):
        os.remove(registry)
    client.redis_dir = client.pidfile = None
    client.cleanupregistry = False
    client.running = False
